package dev.greenslice.test.nvml;

import dev.greenslice.carbon.Power;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A scenario for the simulated libnvidia-ml: the text file it reads, one setting per line, global settings
 * first and each device's settings after its {@code device} line. The grammar is the simulator's
 * ({@code nvml-jna/src/test/c/nvml_sim.c}, head comment); this class writes the common settings by name and any
 * other as a raw line, and refuses line breaks so that one setting cannot smuggle in another.
 *
 * <pre>{@code
 * NvmlScenario s = NvmlScenario.create()
 *         .device("A100-SXM4-80GB", NvmlScenario.constantPower(Power.ofWatts(250)), "mig enabled", "gi 3g.40gb@4");
 * SimulatedNvml.load().reset(s, tempDir);
 * }</pre>
 *
 * <p>Immutable and thread-safe: every method returns a new scenario. The simulator, not this class, checks a
 * setting's values; {@link SimulatedNvml#reset} fails with its message when it refuses one.
 */
public final class NvmlScenario {

    /** The GPU models the simulator knows, with their real MIG profiles (the V100 has no MIG). */
    public static final List<String> MODELS = List.of("A100-SXM4-40GB", "A100-SXM4-80GB", "H100-SXM5-80GB",
            "V100-SXM2-16GB");

    private final String text;

    private NvmlScenario(String text) {
        this.text = text;
    }

    /** @return an empty scenario: no device, manual time from 0, root permission */
    public static NvmlScenario create() {
        return new NvmlScenario("");
    }

    /**
     * A device setting for a constant board power, {@code power 0:MILLIWATTS}.
     *
     * @param power the board power
     * @return the setting, for {@link #device}
     */
    public static String constantPower(Power power) {
        return "power 0:" + Math.round(power.watts() * 1000);
    }

    /**
     * Adds a raw line (a global setting, or a device setting after a device).
     *
     * @param setting one setting, e.g. {@code driver 550.54.15}
     * @return the scenario with that line
     * @throws IllegalArgumentException if the setting holds a line break or a NUL
     */
    public NvmlScenario line(String setting) {
        Objects.requireNonNull(setting, "setting");
        if (setting.indexOf('\n') >= 0 || setting.indexOf('\r') >= 0 || setting.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A scenario setting is one line; got one with a line break or NUL: "
                    + setting.replaceAll("[\\r\\n\\x00]", "\\\\n"));
        }
        return new NvmlScenario(text + setting + "\n");
    }

    /**
     * Adds a device and its settings ({@code power T:MW ...}, {@code mig enabled}, {@code gi 3g.40gb@4},
     * {@code process pid=self mem_mb=512}, {@code clocks sm=1410 mem=1593}, ...).
     *
     * @param model    one of {@link #MODELS}
     * @param settings the device's settings, one per line
     * @return the scenario with that device
     * @throws IllegalArgumentException for a model the simulator does not know or a setting with a line break
     */
    public NvmlScenario device(String model, String... settings) {
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException("The simulated libnvidia-ml knows " + MODELS + "; got " + model);
        }
        NvmlScenario s = line("device " + model);
        for (String setting : settings) {
            s = s.line("  " + setting);
        }
        return s;
    }

    /**
     * The driver version the simulator reports.
     *
     * @param version e.g. {@code 550.54.15}
     * @return the scenario with that setting
     */
    public NvmlScenario driver(String version) {
        return line("driver " + version);
    }

    /** @return the scenario with time from the monotonic clock instead of manual time ({@code clock real}) */
    public NvmlScenario realTime() {
        return line("clock real");
    }

    /** @return the scenario as a user without root: control calls answer NO_PERMISSION ({@code permission user}) */
    public NvmlScenario withoutRoot() {
        return line("permission user");
    }

    /**
     * Injects an error: the {@code call}-th call of {@code function} (counted from the reset) and the
     * {@code count - 1} after it return {@code code}.
     *
     * @param function an NVML function, e.g. {@code nvmlDeviceGetTotalEnergyConsumption}
     * @param code     an NVML return code name without its prefix, e.g. {@code GPU_IS_LOST}
     * @param call     the first failing call, from 1
     * @param count    how many calls fail, from 1
     * @return the scenario with that error
     */
    public NvmlScenario error(String function, String code, int call, int count) {
        return line("error " + function + " " + code + " call=" + call + " count=" + count);
    }

    /** @return the scenario file's text */
    public String text() {
        return text;
    }

    /**
     * Writes the scenario as {@code nvml-scenario.txt} in {@code directory} (replacing one there).
     *
     * @param directory a directory the caller owns, e.g. a JUnit {@code @TempDir}
     * @return the file written
     * @throws UncheckedIOException if it cannot be written
     */
    public Path writeTo(Path directory) {
        Path file = directory.resolve("nvml-scenario.txt");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the NVML scenario to " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    @Override
    public String toString() {
        return text;
    }
}
