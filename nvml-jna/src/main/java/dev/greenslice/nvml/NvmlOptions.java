package dev.greenslice.nvml;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to open NVML: which library file, where to keep the restore journal, which clock, and how to look up a
 * device's catalog entry. Immutable; use {@link #defaults()} and the {@code with…} methods.
 *
 * @param library          the library file or name to load, or {@code ""} to search the system's
 *                         ({@code libnvidia-ml.so.1}, then {@code nvidia-ml}; {@code nvml.dll} on Windows)
 * @param journalDirectory where device changes are journaled before they are made, so that a crash between
 *                         change and restore is reported on the next open
 * @param clock            the clock for power integration and timestamps
 * @param models           finds the catalog entry for an NVML product name; by default
 *                         {@link GpuCatalog#forNvmlName}
 */
public record NvmlOptions(String library, Path journalDirectory, Clock clock,
                          Function<String, Optional<GpuModel>> models) {

    /** System property naming the NVML library file to load instead of the system's. */
    public static final String LIBRARY_PROPERTY = "greenslice.nvml.library";

    /**
     * How messages (an {@link NvmlUnavailable}'s fix) name the setting that chooses the library; a command line
     * that has an option for it replaces these words with the option's name.
     */
    public static final String LIBRARY_SETTING = "the library setting (NvmlOptions.withLibrary or -D"
            + LIBRARY_PROPERTY + ")";
    /** System property naming the restore-journal directory. */
    public static final String JOURNAL_PROPERTY = "greenslice.nvml.journal";

    /**
     * Options as given; prefer {@link #defaults()} and the {@code with…} methods.
     *
     * @param library          the library file or name to load, or {@code ""} to search the system's ({@code
     *                         libnvidia-ml.so.1}, then {@code nvidia-ml}; {@code nvml.dll} on Windows)
     * @param journalDirectory where device changes are journaled before they are made, so that a crash between change
     *                         and restore is reported on the next open
     * @param clock            the clock for power integration and timestamps
     * @param models           finds the catalog entry for an NVML product name; by default {@link
     *                         GpuCatalog#forNvmlName}
     * @throws NullPointerException if any argument is null
     */
    public NvmlOptions {
        Objects.requireNonNull(library, "library (use \"\" for the system's libnvidia-ml)");
        Objects.requireNonNull(journalDirectory, "journalDirectory");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(models, "models");
    }

    /**
     * The library named by {@code -Dgreenslice.nvml.library} (else the system's), the journal in
     * {@code -Dgreenslice.nvml.journal} (else {@link #defaultJournalDirectory()}), the system clock and
     * {@link GpuCatalog} for the device's product.
     *
     * @return the options; reading them loads nothing and touches no file
     */
    public static NvmlOptions defaults() {
        String journal = System.getProperty(JOURNAL_PROPERTY);
        Path dir = journal != null && !journal.isBlank() ? Path.of(journal) : defaultJournalDirectory();
        return new NvmlOptions(System.getProperty(LIBRARY_PROPERTY, "").trim(), dir, Clock.system(),
                GpuCatalog::forNvmlName);
    }

    /**
     * The per-user state directory the restore journal lives in unless told otherwise:
     * {@code $XDG_STATE_HOME/greenslice/nvml-restore} when {@code XDG_STATE_HOME} names an absolute path, else
     * {@code ~/.local/state/greenslice/nvml-restore} ({@code %LOCALAPPDATA%\greenslice\nvml-restore} on Windows),
     * with {@code ~} the JVM's {@code user.home} (root's home when run as root). Never the shared temporary
     * directory: another local user could plant files or links there before a root run. The directory is created
     * 0700 on the first change and refused if another user owns it, if group or others may write it, or if it is a
     * symbolic link.
     *
     * @return the directory (nothing is created or read)
     */
    public static Path defaultJournalDirectory() {
        String xdg = System.getenv("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "greenslice", "nvml-restore");
        }
        String local = System.getenv("LOCALAPPDATA");
        if (System.getProperty("os.name", "").startsWith("Windows") && local != null && !local.isBlank()) {
            return Path.of(local, "greenslice", "nvml-restore");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "greenslice", "nvml-restore");
    }

    /**
     * These options with another library.
     *
     * @param fileOrName a library file (e.g. a simulated libnvidia-ml), a library name, or {@code ""} for the
     *                   system's
     * @return the new options; this one is unchanged
     */
    public NvmlOptions withLibrary(String fileOrName) {
        return new NvmlOptions(fileOrName, journalDirectory, clock, models);
    }

    /**
     * These options with another restore-journal directory.
     *
     * @param directory where to journal device changes; created (0700) when the first change is made. It must be
     *                  private to this user: a directory another user owns, that group or others may write, that is
     *                  a symbolic link, or below a directory another user may change is refused when a change is
     *                  journaled (and not read for abandoned changes). Every process of this user that may change
     *                  the same GPUs should use the same directory, so that one finds what another left behind
     * @return the new options; this one is unchanged
     */
    public NvmlOptions withJournalDirectory(Path directory) {
        return new NvmlOptions(library, directory, clock, models);
    }

    /**
     * These options with another clock.
     *
     * @param c the clock for power integration and timestamps, e.g. a {@code MockClock} in tests
     * @return the new options; this one is unchanged
     */
    public NvmlOptions withClock(Clock c) {
        return new NvmlOptions(library, journalDirectory, c, models);
    }

    /**
     * These options with another catalog lookup.
     *
     * @param lookup finds the catalog entry for an NVML product name (e.g. {@code "NVIDIA A100-SXM4-80GB"}), or
     *               answers empty for a product it does not know; devices without an entry have no embodied
     *               carbon or MIG geometry from the catalog
     * @return the new options; this one is unchanged
     */
    public NvmlOptions withModels(Function<String, Optional<GpuModel>> lookup) {
        return new NvmlOptions(library, journalDirectory, clock, lookup);
    }
}
