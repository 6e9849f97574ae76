package dev.greenslice.samples.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The simulated libnvidia-ml this module's build compiles from nvml-jna's test sources, which the command tests
 * load with {@code --nvml-library}, and its scenario hook.
 */
final class SimulatedNvmlFile {

    interface Hooks extends Library {
        int simReset(String path);

        String simLastError();

        void simAdvanceMs(long ms);
    }

    private static Hooks hooks;

    private SimulatedNvmlFile() {
    }

    static Path library() {
        Path p = Path.of(System.getProperty("greenslice.nvml.sim.library", "target/nvml-sim/libnvidia-ml-sim.so"));
        Assumptions.assumeTrue(Files.isRegularFile(p), "the simulated libnvidia-ml was not built (no C compiler '"
                + System.getProperty("greenslice.nvml.sim.cc", "cc") + "' found); install gcc or clang to run this test");
        return p;
    }

    /** Loads the scenario into the simulator and returns the library file to pass as --nvml-library. */
    static synchronized String reset(String scenario) throws IOException {
        Path lib = library();
        if (hooks == null) {
            hooks = Native.load(lib.toString(), Hooks.class);
        }
        Path file = Files.createTempFile("nvml-scenario", ".txt");
        file.toFile().deleteOnExit();
        Files.writeString(file, scenario);
        if (hooks.simReset(file.toString()) != 0) {
            throw new AssertionError("simulator rejected the scenario: " + hooks.simLastError());
        }
        return lib.toString();
    }
}
