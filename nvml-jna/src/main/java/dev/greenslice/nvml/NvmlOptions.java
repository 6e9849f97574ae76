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
     * {@code -Dgreenslice.nvml.journal} (else {@code java.io.tmpdir/greenslice-nvml-restore-USER}), the system clock
     * and {@link GpuCatalog} for the device's product.
     *
     * @return the options; reading them loads nothing and touches no file
     */
    public static NvmlOptions defaults() {
        String journal = System.getProperty(JOURNAL_PROPERTY);
        Path dir = journal != null && !journal.isBlank() ? Path.of(journal)
                : Path.of(System.getProperty("java.io.tmpdir"),
                "greenslice-nvml-restore-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_"));
        return new NvmlOptions(System.getProperty(LIBRARY_PROPERTY, "").trim(), dir, Clock.system(),
                GpuCatalog::forNvmlName);
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
     * @param directory where to journal device changes; created when the first change is made. Every process that
     *                  may change the same GPUs should use the same directory, so that one finds what another
     *                  left behind
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
