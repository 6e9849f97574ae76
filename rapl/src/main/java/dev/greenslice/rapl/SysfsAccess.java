package dev.greenslice.rapl;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How the powercap, perf_event and MSR backends read sysfs and procfs attribute files. The production
 * implementation ({@link #files()}) reads the file system; tests fill this interface to inject permission
 * failures, which file modes cannot do when tests run as root.
 *
 * <p>Failures are {@link java.nio.file.NoSuchFileException} for a missing file,
 * {@link java.nio.file.AccessDeniedException} for a permission failure, and other {@link IOException}s
 * (ENODATA, EIO) for the rest.
 */
interface SysfsAccess {

    /** Reads a small attribute file (a zone's name, range, a PMU's type) whole, without the trailing newline. */
    String readAttribute(Path file) throws IOException;

    /** Opens a numeric attribute file that is read again on every sampler tick. */
    RawCounter openCounter(Path file) throws IOException;

    /** @return the real file system */
    static SysfsAccess files() {
        return FileSysfsAccess.INSTANCE;
    }
}
