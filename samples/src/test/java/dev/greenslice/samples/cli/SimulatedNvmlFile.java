package dev.greenslice.samples.cli;

import dev.greenslice.test.nvml.SimulatedNvml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The simulated libnvidia-ml this module's build compiles from nvml-jna's test sources, which the command tests
 * load with {@code --nvml-library}: the test kit's {@link SimulatedNvml} finds it (the
 * {@value SimulatedNvml#LIBRARY_PROPERTY} property surefire sets) and loads scenarios into it.
 */
final class SimulatedNvmlFile {

    private SimulatedNvmlFile() {
    }

    /** @return the library file; skips the calling test, naming the compiler, when it was not built */
    static Path library() {
        return SimulatedNvml.assumeLibrary();
    }

    /** Loads the scenario into the simulator and returns the library file to pass as --nvml-library. */
    static synchronized String reset(String scenario) throws IOException {
        SimulatedNvml sim = SimulatedNvml.load();
        Path file = Files.createTempFile("nvml-scenario", ".txt");
        file.toFile().deleteOnExit();
        Files.writeString(file, scenario);
        sim.reset(file);
        return sim.file().toString();
    }
}
