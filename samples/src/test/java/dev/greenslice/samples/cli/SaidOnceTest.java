package dev.greenslice.samples.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text output says each thing once, with detail behind {@code --verbose}: the intensity's provenance, the attribution
 * and sampling, an NVML failure's reason and fix, the RAPL explanation. Each command runs in its own JVM, as a user
 * runs it, so that the library's log lines (on stderr) are counted too.
 */
class SaidOnceTest {

    private static final Path SIM = Path.of("..", "nvml-jna", "target", "nvml-sim", "libnvidia-ml-sim.so");

    record Out(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static Out greenslice(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GreenSliceCommand.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GREENSLICE_NVML_SIM_SCENARIO");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("greenslice-out", ".txt");
        Path err = Files.createTempFile("greenslice-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "greenslice " + String.join(" ", args) + " timed out");
            return new Out(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void theMeterReportSaysTheIntensityAttributionAndSamplingOnce() throws Exception {
        Out r = greenslice(Map.of(), "meter", "--intensity", "wind", "--", "true");
        assertEquals(0, r.exit(), r.all());
        assertEquals(1, count(r.out(), "IPCC AR5 WGIII Annex III"), r.out());
        assertEquals(1, count(r.out(), "each window reports all energy of its domains"), r.out());
        assertEquals(1, count(r.out(), "window edges interpolated"), r.out());
        // The operational line gives the value used; its provenance is the assumption's.
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  operational") && l.endsWith("at 11 gCO2e/kWh [7–56]")),
                r.out());
    }

    @Test
    void theRaplExplanationIsOneClauseWithoutVerboseAndInFullWithIt() throws Exception {
        Out quiet = greenslice(Map.of(), "meter", "--", "true");
        Out verbose = greenslice(Map.of(), "meter", "--verbose", "--", "true");
        Assumptions.assumeTrue(quiet.out().contains("RAPL was not used"), "this machine reads RAPL");
        assertEquals(1, count(quiet.out(), "RAPL was not used"), quiet.out());
        assertTrue(quiet.out().contains("--verbose says why"), quiet.out());
        assertFalse(quiet.out().contains("powercap"), quiet.out());
        assertEquals(1, count(verbose.out(), "RAPL was not used: "), verbose.out());
        assertTrue(verbose.out().contains("powercap"), verbose.out());
    }

    @Test
    void aMissingNvmlLibraryIsNamedOnceWithItsFix() throws Exception {
        Out r = greenslice(Map.of(), "meter", "--nvml-library", "/nonexistent/libnvidia-ml.so.1", "--", "true");
        assertEquals(0, r.exit(), r.all());
        String nvml = r.out().lines().filter(l -> l.contains("sensor: nvml")).findFirst().orElseThrow();
        assertEquals(1, count(nvml, "/nonexistent/libnvidia-ml.so.1"), nvml);
        assertEquals(1, count(nvml, "Fix: "), nvml);
    }

    @Test
    void noNvidiaLibraryHereIsOneClauseAndTheLoaderSaysWhyWithVerbose() throws Exception {
        Out r = greenslice(Map.of(), "meter", "--", "true");
        String nvml = r.out().lines().filter(l -> l.contains("sensor: nvml")).findFirst().orElseThrow();
        Assumptions.assumeTrue(nvml.contains("no NVIDIA management library found"), "this machine has libnvidia-ml");
        assertEquals(1, count(nvml, "libnvidia-ml.so.1"), nvml);
        assertEquals(1, count(nvml, "Fix: "), nvml);
        assertFalse(nvml.contains("cannot open shared object file"), nvml);
        Out verbose = greenslice(Map.of(), "meter", "--verbose", "--", "true");
        String full = verbose.out().lines().filter(l -> l.contains("sensor: nvml")).findFirst().orElseThrow();
        assertTrue(full.contains("cannot open shared object file"), full);
        assertEquals(1, count(full, "libnvidia-ml.so.1: "), full);
    }

    @Test
    void aLostGpuIsExplainedOnceByMeterAndGpus(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SIM), "the build compiles the simulated libnvidia-ml with cc");
        Path scenario = dir.resolve("lost.scenario");
        Files.writeString(scenario, "clock real\ndevice A100-SXM4-80GB\n"
                + "error nvmlDeviceGetPowerUsage GPU_IS_LOST device=0 call=1\n"
                + "error nvmlDeviceGetTotalEnergyConsumption GPU_IS_LOST device=0 call=1\n");
        Map<String, String> env = Map.of("GREENSLICE_NVML_SIM_SCENARIO", scenario.toString());
        String fix = "the GPU fell off the bus";

        Out meter = greenslice(env, "meter", "--nvml-library", SIM.toString(), "--", "true");
        assertEquals(0, meter.exit(), meter.all());
        assertEquals(1, count(meter.all(), fix), meter.all());
        for (String line : meter.all().lines().toList()) {
            assertTrue(count(line, "gpu:0:") <= 1, "gpu:0 named twice on one line: " + line);
        }
        assertTrue(meter.out().contains("total excludes gpu:0"), meter.out());

        Out gpus = greenslice(env, "gpus", "--nvml-library", SIM.toString());
        assertEquals(0, gpus.exit(), gpus.all());
        assertEquals(1, count(gpus.all(), fix), gpus.all());
        assertTrue(gpus.out().contains("(fix as above)"), gpus.out());
        assertFalse(gpus.out().contains("unavailable: gpu:0:"), gpus.out());
    }

    @Test
    void aGpuWhosePowerFailsSaysWhyEvenWithoutAnEnergyCounter(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SIM), "the build compiles the simulated libnvidia-ml with cc");
        Path scenario = dir.resolve("no-power.scenario");
        Files.writeString(scenario, "clock real\ndevice A100-SXM4-80GB\n  energy_counter no\n"
                + "error nvmlDeviceGetPowerUsage UNKNOWN count=always\n");
        Out gpus = greenslice(Map.of("GREENSLICE_NVML_SIM_SCENARIO", scenario.toString()), "gpus", "--nvml-library",
                SIM.toString());
        assertEquals(0, gpus.exit(), gpus.all());
        String power = gpus.out().lines().filter(l -> l.startsWith("  power")).findFirst().orElseThrow();
        assertTrue(power.contains("NVML_ERROR_UNKNOWN"), "the reason was lost: " + power);
    }

    @Test
    void perProcessSharesReferToTheReportInsteadOfRepeatingIt() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SIM), "the build compiles the simulated libnvidia-ml with cc");
        Out r = greenslice(Map.of("GREENSLICE_NVML_SIM_SCENARIO", Path.of("..", "examples", "simulated-gpus.scenario")
                .toString()), "meter", "--per-process", "--nvml-library", SIM.toString(), "--", "true");
        assertEquals(0, r.exit(), r.all());
        // The MIG-enabled A100 has no per-process samples (nvml.h): said once, on its domain's line.
        assertEquals(1, count(r.all(), "nvml.h: not supported on MIG-enabled GPUs"), r.all());
    }
}
