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

/** {@code meter} on the simulated A100 split 4g + 3g: MIG domains and the catalogued GPUs' embodied carbon. */
class MeterSimulatedMigTest {

    private static final Path SIM = Path.of("..", "nvml-jna", "target", "nvml-sim", "libnvidia-ml-sim.so");

    private static String run(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GreenSliceCommand.class.getName(), "meter",
                "--nvml-library", SIM.toString()));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("--", "sleep", "0.5"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("GREENSLICE_NVML_SIM_SCENARIO",
                Path.of("..", "examples", "simulated-gpus.scenario").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void migInstancesAreDomainsAndCatalogGpusHaveEmbodiedCarbon() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SIM), "the build compiles the simulated libnvidia-ml with cc");
        JsonNode j = new ObjectMapper().readTree(run("--json"));
        List<String> domains = new ArrayList<>();
        j.get("report").get("domains").forEach(d -> domains.add(d.get("domain").asText()));
        assertTrue(domains.containsAll(List.of("gpu:0", "gpu:0/mig:1", "gpu:0/mig:2", "gpu:1")), domains.toString());
        String text = run();
        assertTrue(text.contains("gpu:0/mig:1:") && text.contains("gpu:0/mig:2:"), text);
        assertTrue(!text.contains("embodied    n/a"), text);
        assertTrue(text.contains("embodied footprint of gpu:0") && text.contains("embodied footprint of gpu:1"), text);
        // The RAPL explanation is said once, briefly, unless --verbose asks for it.
        assertTrue(!text.contains("modprobe intel_rapl_msr"), text);
        assertTrue(run("--verbose").contains("modprobe intel_rapl_msr") || Files.isDirectory(Path.of("/sys/class/powercap")));
    }
}
