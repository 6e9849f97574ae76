package dev.greenslice.rapl;

import java.io.IOException;

/**
 * The kernel calls the perf_event backend needs: {@code perf_event_open}, {@code read} and {@code close}.
 * The production implementation calls them through JNA ({@link JnaPerfEventSyscalls}); tests fill this
 * interface with recorded counts and injected errno values.
 *
 * <p>Implementations need not be thread-safe: one sensor reads from one thread at a time.
 */
interface PerfEventSyscalls {

    /**
     * Opens a counting event ({@code perf_event_attr} with {@code type}, {@code config}, everything else 0).
     *
     * @param pid -1 for every process (with {@code cpu} >= 0), 0 for the calling thread
     * @param cpu the CPU to count on, or -1 for any
     * @return the file descriptor
     * @throws PerfEventException with the errno if the kernel refuses
     */
    int open(int type, long config, int pid, int cpu) throws IOException;

    /** @return the event's 64-bit count (as a signed long; counts stay below 2^63 for centuries) */
    long read(int fd) throws IOException;

    /** Closes the descriptor; never throws. */
    void close(int fd);

    /** A refused system call, with its errno. */
    final class PerfEventException extends IOException {
        private static final long serialVersionUID = 1L;
        /** The kernel's error number, e.g. 13 (EACCES) when perf_event_paranoid forbids the event. */
        private final int errno;

        PerfEventException(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }
}
