package dev.greenslice.rapl;

import java.io.IOException;

/**
 * One hardware energy counter as its backend reads it: an unsigned integer in the counter's own units
 * (µJ for powercap, hardware energy units for MSR, perf counts for perf_event). The hot path of the sampler's
 * tick; implementations keep their file or descriptor open and do not allocate.
 */
interface RawCounter extends AutoCloseable {

    /** @return the current raw counter value, {@code >= 0} */
    long read() throws IOException;

    /** Releases the file or descriptor; idempotent, never throws. */
    @Override
    void close();
}
