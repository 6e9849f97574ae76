package dev.greenslice.test.nvml;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The simulated libnvidia-ml and its test hooks: find the library the build compiled, load a
 * {@link NvmlScenario} into it, move its manual time.
 *
 * <p>The library is not in this jar. GreenSlice's build compiles {@code nvml-jna/src/test/c/nvml_sim.c} with the
 * system C compiler ({@code cc -std=c11 -O2 -fPIC -shared -fvisibility=hidden -o libnvidia-ml-sim.so nvml_sim.c
 * -lm -lpthread}) and names the file with the system property {@value #LIBRARY_PROPERTY}. Code under test loads
 * the same file as its NVML (with {@code NvmlOptions.withLibrary(path)} or the {@code greenslice.nvml.library}
 * property): a process loads a library file once, so the binding and these hooks share one simulator.
 *
 * <p>Thread-safe as the simulator is: scenario resets and time moves from several threads race, as they would on
 * a real GPU's driver. Without the library {@link #assumeLibrary()} skips the calling test (a JUnit assumption)
 * naming how to build it.
 */
public final class SimulatedNvml {

    /** The system property that names the simulated library's file. */
    public static final String LIBRARY_PROPERTY = "greenslice.nvml.sim.library";

    /** The simulator's test hooks; not part of NVML. */
    private interface Hooks extends Library {
        int simReset(String path);

        String simLastError();

        void simAdvanceMs(long ms);

        long simNowMs();

        int simSetMigMode(int device, int enabled);
    }

    private static final Map<Path, SimulatedNvml> LOADED = new HashMap<>();

    private final Path library;
    private final Hooks hooks;

    private SimulatedNvml(Path library, Hooks hooks) {
        this.library = library;
        this.hooks = hooks;
    }

    /** @return the file {@value #LIBRARY_PROPERTY} names, if it is set and the file exists */
    public static Optional<Path> library() {
        String named = System.getProperty(LIBRARY_PROPERTY);
        if (named == null || named.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(named);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The simulated library's file, or skips the calling test.
     *
     * @return the file
     * @throws org.opentest4j.TestAbortedException (a JUnit assumption) naming the property and the compiler when
     *                                             the library is not there
     */
    public static Path assumeLibrary() {
        Optional<Path> p = library();
        Assumptions.assumeTrue(p.isPresent(), () -> "the simulated libnvidia-ml was not built (no C compiler '"
                + System.getProperty("greenslice.nvml.sim.cc", "cc") + "' found, or -D" + LIBRARY_PROPERTY + "="
                + System.getProperty(LIBRARY_PROPERTY) + " names no file); install gcc or clang to run this test");
        return p.orElseThrow();
    }

    /**
     * The hooks of the library {@link #assumeLibrary()} finds, loading it on first use.
     *
     * @return the simulator
     */
    public static SimulatedNvml load() {
        return load(assumeLibrary());
    }

    /**
     * The hooks of the simulated library in {@code file}, loading it on first use.
     *
     * @param file the compiled {@code nvml_sim.c}
     * @return the simulator
     * @throws UnsatisfiedLinkError if the file is not a loadable library
     */
    public static SimulatedNvml load(Path file) {
        Path key = file.toAbsolutePath().normalize();
        synchronized (LOADED) {
            return LOADED.computeIfAbsent(key, k -> new SimulatedNvml(k, Native.load(k.toString(), Hooks.class)));
        }
    }

    /** @return the library file, absolute; give it to the NVML binding under test */
    public Path file() {
        return library;
    }

    /**
     * Writes {@code scenario} into {@code directory} and loads it: every device, counter, process and injected
     * error starts afresh, as after a driver restart.
     *
     * @param scenario  the scenario
     * @param directory a directory the caller owns, e.g. a JUnit {@code @TempDir}
     * @return the scenario file written
     * @throws AssertionError if the simulator refuses the scenario, with its message (file, line, setting)
     */
    public Path reset(NvmlScenario scenario, Path directory) {
        Path file = scenario.writeTo(directory);
        reset(file);
        return file;
    }

    /**
     * Loads the scenario in {@code file}.
     *
     * @param file a scenario file
     * @throws AssertionError if the simulator refuses it, with its message
     */
    public void reset(Path file) {
        Objects.requireNonNull(file, "file");
        if (hooks.simReset(file.toString()) != 0) {
            throw new AssertionError("the simulated libnvidia-ml refused the scenario: " + hooks.simLastError());
        }
    }

    /**
     * Moves the simulator's manual time forward: power follows its curve and energy counters integrate it.
     *
     * @param duration how long; whole milliseconds, zero or more
     * @throws IllegalArgumentException if it is negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("The simulator's time cannot go back; got " + duration);
        }
        hooks.simAdvanceMs(duration.toMillis());
    }

    /** @return the simulator's time, in milliseconds since the reset (manual time) */
    public long nowMillis() {
        return hooks.simNowMs();
    }

    /**
     * An administrator enabling or disabling MIG on a device, with the GPU reset that takes.
     *
     * @param device  the device's index
     * @param enabled the new MIG mode
     * @throws AssertionError if the simulator refuses, with its message
     */
    public void setMigMode(int device, boolean enabled) {
        if (hooks.simSetMigMode(device, enabled ? 1 : 0) != 0) {
            throw new AssertionError("the simulated libnvidia-ml has no MIG-capable device " + device);
        }
    }

    @Override
    public String toString() {
        return "SimulatedNvml[" + library + "]";
    }
}
