package dev.greenslice.nvml;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The simulated libnvidia-ml the build compiles from src/test/c/nvml_sim.c, and all its test hooks (the test kit's
 * {@link dev.greenslice.test.nvml.SimulatedNvml} finds the library and offers the hooks users need). Tests reset it
 * to a scenario and then go through the binding's normal loading path (the {@code greenslice.nvml.library}
 * system property surefire sets). JNA loads the file once per JVM, so every test shares one copy and resets it.
 */
final class SimulatedNvml {

    /** The simulator's test hooks; not part of NVML. */
    interface Hooks extends Library {
        int simReset(String path);

        String simLastError();

        void simAdvanceMs(long ms);

        long simNowMs();

        /** An administrator enabling or disabling MIG on GPU {@code device} (with the GPU reset it takes). */
        int simSetMigMode(int device, int enabled);

        int simInitCount();

        long simCallCount(String function);

        int simSizeof(String type);

        int simOffsetof(String type, String field);

        int simStructVersion(String type);

        int simNoop(com.sun.jna.Pointer a, com.sun.jna.Pointer b);

        int simProcessSm(int device, int pid, int percent);
    }

    private static Hooks hooks;
    private static Hooks legacyHooks;

    private SimulatedNvml() {
    }

    static Path library() {
        return dev.greenslice.test.nvml.SimulatedNvml.library()
                .orElse(Path.of(System.getProperty(NvmlOptions.LIBRARY_PROPERTY, "target/nvml-sim/libnvidia-ml-sim.so")));
    }

    static Path legacyLibrary() {
        return Path.of(System.getProperty("greenslice.nvml.sim.legacy", "target/nvml-sim/libnvidia-ml-sim-legacy.so"));
    }

    /** Skips the calling test, naming the missing compiler, when the build could not compile the simulator. */
    static void assumeBuilt() {
        dev.greenslice.test.nvml.SimulatedNvml.assumeLibrary();
    }

    static synchronized Hooks hooks() {
        assumeBuilt();
        if (hooks == null) {
            hooks = Native.load(library().toString(), Hooks.class);
        }
        return hooks;
    }

    static synchronized Hooks legacyHooks() {
        assumeBuilt();
        if (legacyHooks == null) {
            legacyHooks = Native.load(legacyLibrary().toString(), Hooks.class);
        }
        return legacyHooks;
    }

    /** Loads {@code scenario} into the simulator; fails the test with the simulator's message if it is invalid. */
    static Hooks reset(String scenario) {
        return reset(hooks(), scenario);
    }

    static Hooks resetLegacy(String scenario) {
        return reset(legacyHooks(), scenario);
    }

    private static Hooks reset(Hooks h, String scenario) {
        Path file = write(scenario);
        if (h.simReset(file.toString()) != 0) {
            throw new AssertionError("simulator rejected the scenario: " + h.simLastError());
        }
        return h;
    }

    static Path write(String scenario) {
        try {
            Path file = Files.createTempFile("nvml-scenario", ".txt");
            Files.writeString(file, scenario);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options that load the simulator (the system property) and journal into a fresh directory. */
    static NvmlOptions options(Path journal) {
        assumeBuilt();
        return NvmlOptions.defaults().withJournalDirectory(journal);
    }

    /** A scenario line block for one device. */
    static String device(String model, String... lines) {
        StringBuilder sb = new StringBuilder("device ").append(model).append('\n');
        for (String l : lines) {
            sb.append("  ").append(l).append('\n');
        }
        return sb.toString();
    }
}
