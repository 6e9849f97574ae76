package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example inputs in {@code examples/} work, verbatim, with the commands the README shows them with. */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Path SIM = Path.of("..", "nvml-jna", "target", "nvml-sim", "libnvidia-ml-sim.so");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theIntensityTraceDrivesEveryCommandThatTakesAnIntensity() throws Exception {
        String trace = "trace:" + EXAMPLES.resolve("intensity-trace.csv");
        Cli.Result i = Cli.run("intensity", trace, "--at", "2024-06-01T12:00:00Z", "--json");
        assertEquals(0, i.exit(), i.err());
        assertEquals(105.0, JSON.readTree(i.out()).get("gramsPerKwh").asDouble(), 1e-9, i.out());
        Cli.Result plan = Cli.run("plan", "--workload", EXAMPLES.resolve("workload.json").toString(), "--intensity",
                trace, "--json");
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(JSON.readTree(plan.out()).get("totalCarbonGrams").asDouble() > 0, plan.out());
    }

    @Test
    void theSimulatedGpuScenarioListsTheGpusAndWithoutItTheFixIsNamed() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SIM), "the build compiles the simulated libnvidia-ml with cc");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GreenSliceCommand.class.getName(), "gpus", "--json",
                "--nvml-library", SIM.toString()));
        ProcessBuilder with = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        with.environment().put("GREENSLICE_NVML_SIM_SCENARIO", EXAMPLES.resolve("simulated-gpus.scenario").toString());
        Process p = with.start();
        JsonNode gpus = JSON.readTree(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals(2, gpus.get("gpus").size(), gpus.toString());

        ProcessBuilder without = new ProcessBuilder(cmd);
        without.environment().remove("GREENSLICE_NVML_SIM_SCENARIO");
        Process q = without.start();
        String err = new String(q.getErrorStream().readAllBytes());
        assertTrue(q.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, q.exitValue());
        assertTrue(err.contains("has no scenario: name one in GREENSLICE_NVML_SIM_SCENARIO"), err);
        assertTrue(!err.contains("modprobe"), "not the kernel-driver advice: " + err);
    }
}
