package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code greenslice gpus} against the simulated libnvidia-ml. */
class GpusCommandTest {

    private static final String SCENARIO = """
            driver 550.54.15
            device A100-SXM4-80GB
              uuid GPU-11111111-2222-3333-4444-555555555555
              power 0:250000
              energy_start 1234567
              power_limit 300000
              mig enabled
              gi 4g.40gb@0
              gi 3g.40gb@4
            device V100-SXM2-16GB
              energy_counter no
              power 0:55500
            """;

    @Test
    void jsonListsDevicesPowerEnergyClocksLimitsAndMigInstances() throws Exception {
        String lib = SimulatedNvmlFile.reset(SCENARIO);
        CliRun run = CliRun.of("gpus", "--json", "--nvml-library", lib);
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = JsonOutput.MAPPER.readTree(run.out());
        assertEquals("550.54.15", root.get("driverVersion").asText());
        JsonNode a100 = root.get("gpus").get(0);
        assertEquals("NVIDIA A100-SXM4-80GB", a100.get("name").asText());
        assertEquals("GPU-11111111-2222-3333-4444-555555555555", a100.get("uuid").asText());
        assertEquals("A100-SXM4-80GB", a100.get("catalogId").asText());
        assertEquals(250.0, a100.get("powerWatts").asDouble(), 1e-9);
        assertEquals(1234.567, a100.get("energyJoules").asDouble(), 1e-9);
        assertEquals(1410, a100.get("clocks").get("smClockMhz").asInt());
        assertEquals(300.0, a100.get("powerLimits").get("limitWatts").asDouble(), 1e-9);
        assertEquals(400.0, a100.get("powerLimits").get("maxWatts").asDouble(), 1e-9);
        JsonNode mig = a100.get("mig");
        assertTrue(mig.get("enabled").asBoolean());
        JsonNode first = mig.get("instances").get(0);
        assertEquals("4g.40gb", first.get("profile").asText());
        assertEquals(0, first.get("placement").get("start").asInt());
        assertEquals(4, first.get("placement").get("size").asInt());
        assertTrue(first.get("migDeviceUuids").get(0).asText().startsWith("MIG-"));
        assertEquals("3g.40gb", mig.get("instances").get(1).get("profile").asText());
        assertFalse(a100.has("unavailable"), a100.toString());

        JsonNode v100 = root.get("gpus").get(1);
        assertEquals(55.5, v100.get("powerWatts").asDouble(), 1e-9);
        assertFalse(v100.has("energyJoules"));
        assertTrue(v100.get("unavailable").get("energyJoules").asText().contains("no energy counter"));
        assertFalse(v100.get("mig").get("supported").asBoolean());
    }

    @Test
    void textSaysTheSameAndFaultsAreShownPerQuery() throws Exception {
        String lib = SimulatedNvmlFile.reset(SCENARIO + "error nvmlDeviceGetPowerManagementLimit NO_PERMISSION device=0\n");
        CliRun run = CliRun.of("gpus", "--nvml-library", lib);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("gpu:0  NVIDIA A100-SXM4-80GB  GPU-11111111-2222-3333-4444-555555555555"), run.out());
        assertTrue(run.out().contains("power   250.0 W"), run.out());
        assertTrue(run.out().contains("energy  1234.6 J"), run.out());
        assertTrue(run.out().contains("GI 1   4g.40gb      {0}:4"), run.out());
        // The GPU's id heads its lines; the reason does not repeat it.
        assertTrue(run.out().contains("limit   unavailable: powerLimits failed (NO_PERMISSION)"), run.out());
        assertTrue(run.out().contains("MIG     not supported"), run.out());
    }

    @Test
    void withoutRootInstancesComeFromMigDevicesWithoutPlacements() throws Exception {
        String lib = SimulatedNvmlFile.reset("permission user\n" + SCENARIO);
        CliRun run = CliRun.of("gpus", "--json", "--nvml-library", lib);
        assertEquals(0, run.exitCode(), run.err());
        JsonNode a100 = JsonOutput.MAPPER.readTree(run.out()).get("gpus").get(0);
        JsonNode instances = a100.get("mig").get("instances");
        assertEquals(2, instances.size());
        assertFalse(instances.get(0).has("placement"));
        assertTrue(a100.get("unavailable").get("migPlacements").asText().contains("NO_PERMISSION"), a100.toString());
    }

    @Test
    void withoutNvmlItSaysSoInOneLineAndFails() {
        CliRun run = CliRun.of("gpus", "--nvml-library", "/nonexistent/libnvidia-ml.so.1");
        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        // The path is said once: the reason names it.
        assertTrue(run.err().startsWith("greenslice gpus: NVML is not available: the file /nonexistent/libnvidia-ml.so.1"
                + " does not exist"), run.err());
        assertEquals(1, SaidOnceTest.count(run.err(), "/nonexistent/libnvidia-ml.so.1"), run.err());
    }

    @Test
    void theMeterAddsOneDomainPerBoardAndOnePerMigInstance() throws Exception {
        String lib = SimulatedNvmlFile.reset("clock real\n" + SCENARIO);
        CliRun run = CliRun.of("meter", "--json", "--nvml-library", lib, "--", "sh", "-c", "sleep 0.2");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = JsonOutput.MAPPER.readTree(run.out());
        JsonNode domains = root.get("report").get("domains");
        JsonNode gpu0 = null;
        JsonNode gpu1 = null;
        int mig = 0;
        for (JsonNode d : domains) {
            if (d.get("domain").asText().contains("/mig:")) {
                // MIG instances are nested in their board (its energy apportioned), never a second root.
                assertTrue(d.get("parent").asText().matches("gpu:[0-9]+"), d.toString());
                mig++;
            }
            if (d.get("domain").asText().equals("gpu:0")) {
                gpu0 = d;
            } else if (d.get("domain").asText().equals("gpu:1")) {
                gpu1 = d;
            }
        }
        assertTrue(gpu0 != null && gpu1 != null, domains.toString());
        assertEquals(2, mig, "the scenario's two MIG instances (4g + 3g) are domains too: " + domains);
        assertEquals("HARDWARE_ENERGY_COUNTER", gpu0.get("kind").asText());
        assertTrue(gpu0.get("energyJoules").asDouble() > 10, "250 W for about 0.2 s: " + gpu0);
        assertEquals("POWER_SAMPLE", gpu1.get("kind").asText());
        assertTrue(root.get("sensors").toString().contains("nvml: gpu:0"), root.get("sensors").toString());
    }

    @Test
    void theMeterGoesOnWithoutNvml() throws Exception {
        CliRun run = CliRun.of("meter", "--json", "--nvml-library", "/nonexistent/libnvidia-ml.so.1", "--", "true");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = JsonOutput.MAPPER.readTree(run.out());
        assertTrue(root.get("sensors").toString().contains("nvml: not used (NVML is not available"), root.toString());
        for (JsonNode d : root.get("report").get("domains")) {
            assertFalse(d.get("domain").asText().startsWith("gpu:"));
        }
    }
}
