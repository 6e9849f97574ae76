package dev.greenslice.rapl;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.io.IOException;

/**
 * {@link PerfEventSyscalls} through JNA: {@code syscall(SYS_perf_event_open, ...)} (glibc has no wrapper),
 * {@code read} and {@code close} from the C library. Loaded only when the perf_event backend is tried.
 * Not thread-safe: it reuses one read buffer.
 */
final class JnaPerfEventSyscalls implements PerfEventSyscalls {

    /** {@code PERF_ATTR_SIZE_VER0}: the kernel accepts the first 64 bytes of {@code perf_event_attr}. */
    private static final int ATTR_SIZE = 64;
    private static final long PERF_FLAG_FD_CLOEXEC = 8;

    interface CLibrary extends Library {
        NativeLong syscall(NativeLong number, Object... args) throws LastErrorException;

        NativeLong read(int fd, Pointer buffer, NativeLong count) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final CLibrary libc;
    private final long syscallNumber;
    private final Memory attr = new Memory(ATTR_SIZE);
    private final Memory buffer = new Memory(8);
    private final NativeLong eight = new NativeLong(8);

    private JnaPerfEventSyscalls(CLibrary libc, long syscallNumber) {
        this.libc = libc;
        this.syscallNumber = syscallNumber;
    }

    /**
     * Loads the C library.
     *
     * @throws BackendUnavailableException if this platform has no known {@code perf_event_open} number or JNA
     * cannot load the C library
     */
    static JnaPerfEventSyscalls create() throws BackendUnavailableException {
        if (!Platform.isLinux()) {
            throw new BackendUnavailableException("perf_event_open exists on Linux only (this is " + System.getProperty("os.name") + ")");
        }
        long number = switch (Platform.ARCH) {
            case "x86-64" -> 298;
            case "x86" -> 336;
            case "aarch64" -> 241;
            default -> -1;
        };
        if (number < 0) {
            throw new BackendUnavailableException("the perf_event_open system call number for architecture "
                    + Platform.ARCH + " is not known to GreenSlice");
        }
        try {
            return new JnaPerfEventSyscalls(Native.load(Platform.C_LIBRARY_NAME, CLibrary.class), number);
        } catch (UnsatisfiedLinkError e) {
            throw new BackendUnavailableException("JNA cannot load the C library to call perf_event_open: " + e.getMessage());
        }
    }

    @Override
    public int open(int type, long config, int pid, int cpu) throws IOException {
        attr.clear();
        attr.setInt(0, type);
        attr.setInt(4, ATTR_SIZE);
        attr.setLong(8, config);
        try {
            NativeLong fd = libc.syscall(new NativeLong(syscallNumber), attr, new NativeLong(pid), new NativeLong(cpu),
                    new NativeLong(-1), new NativeLong(PERF_FLAG_FD_CLOEXEC));
            return fd.intValue();
        } catch (LastErrorException e) {
            throw new PerfEventException(e.getErrorCode(), "perf_event_open(type " + type + ", config 0x"
                    + Long.toHexString(config) + ", cpu " + cpu + ") failed: " + PerfEventBackend.errnoName(e.getErrorCode()));
        }
    }

    @Override
    public long read(int fd) throws IOException {
        try {
            long n = libc.read(fd, buffer, eight).longValue();
            if (n != 8) {
                throw new IOException("read of perf event descriptor " + fd + " returned " + n + " bytes, not 8");
            }
            return buffer.getLong(0);
        } catch (LastErrorException e) {
            throw new PerfEventException(e.getErrorCode(), "read of perf event descriptor " + fd + " failed: "
                    + PerfEventBackend.errnoName(e.getErrorCode()));
        }
    }

    @Override
    public void close(int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // Closing a counting descriptor cannot lose data.
        }
    }
}
