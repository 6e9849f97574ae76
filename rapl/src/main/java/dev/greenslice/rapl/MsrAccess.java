package dev.greenslice.rapl;

import java.io.IOException;

/**
 * Reads model-specific registers, one CPU at a time. The production implementation reads
 * {@code /dev/cpu/N/msr} ({@link DeviceMsrAccess}); tests fill this interface with recorded register values.
 */
interface MsrAccess {

    /**
     * Opens one CPU's registers.
     *
     * @throws java.nio.file.NoSuchFileException if the CPU has no MSR device (driver not loaded)
     * @throws java.nio.file.AccessDeniedException without root or CAP_SYS_RAWIO
     */
    Registers open(int cpu) throws IOException;

    /** One CPU's open registers. Not thread-safe. */
    interface Registers extends AutoCloseable {
        /**
         * @return the register's 64-bit value
         * @throws IOException (EIO) if the CPU does not implement the register
         */
        long read(long register) throws IOException;

        /** Closes the device; idempotent, never throws. */
        @Override
        void close();
    }
}
