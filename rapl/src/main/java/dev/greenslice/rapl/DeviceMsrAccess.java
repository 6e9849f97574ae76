package dev.greenslice.rapl;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * {@link MsrAccess} through the {@code msr} driver's character devices: the register number is the file
 * offset of an 8-byte little-endian read. Each {@link Registers} keeps its device open. Not thread-safe.
 */
final class DeviceMsrAccess implements MsrAccess {

    private final Path systemRoot;

    DeviceMsrAccess(Path systemRoot) {
        this.systemRoot = systemRoot;
    }

    Path device(int cpu) {
        return systemRoot.resolve("dev/cpu/" + cpu + "/msr");
    }

    @Override
    public Registers open(int cpu) throws IOException {
        Path dev = device(cpu);
        RandomAccessFile file = FileSysfsAccess.open(dev);
        byte[] buffer = new byte[8];
        return new Registers() {
            @Override
            public long read(long register) throws IOException {
                file.seek(register);
                int n = file.read(buffer, 0, 8);
                if (n != 8) {
                    throw new IOException("short read (" + n + " bytes) of MSR 0x" + Long.toHexString(register) + " from " + dev);
                }
                long v = 0;
                for (int i = 7; i >= 0; i--) {
                    v = (v << 8) | (buffer[i] & 0xFF);
                }
                return v;
            }

            @Override
            public void close() {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // Nothing was written.
                }
            }
        };
    }
}
