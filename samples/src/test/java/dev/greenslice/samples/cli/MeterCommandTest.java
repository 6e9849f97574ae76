package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeterCommandTest {

    @Test
    void metersACommandAndPrintsAReport() {
        CliRun run = CliRun.of("meter", "--", "sh", "-c", "exit 0");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Carbon report"), run.out());
        assertTrue(run.out().contains("cpu:process"), run.out());
        assertTrue(run.out().contains("gas (default"), run.out());
    }

    @Test
    void jsonReportsEnergyPerDomainWithTheKindOfReading() throws Exception {
        CliRun run = CliRun.of("meter", "--json", "--intensity", "wind", "--", "sh", "-c",
                "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = JsonOutput.MAPPER.readTree(run.out());
        JsonNode report = root.get("report");
        assertTrue(report.get("energyJoules").asDouble() > 0, run.out());
        JsonNode domain = report.get("domains").get(0);
        assertEquals("cpu:process", domain.get("domain").asText());
        assertEquals("ESTIMATED_ENERGY", domain.get("kind").asText());
        assertEquals(11.0, report.get("intensity").get("gramsPerKwh").asDouble());
        assertTrue(root.get("sensors").get(0).asText().startsWith("cpu-time"));
    }

    @Test
    void aFailingCommandsExitStatusIsPassedOnWithTheReport() throws Exception {
        // As time(1) and perf stat do: scripts can tell the command's failure from greenslice's.
        CliRun run = CliRun.of("meter", "--", "sh", "-c", "exit 3");
        assertEquals(3, run.exitCode());
        assertTrue(run.out().contains("exited with 3"), run.out());
        CliRun json = CliRun.of("meter", "--json", "--", "sh", "-c", "exit 42");
        assertEquals(42, json.exitCode());
        JsonNode root = JsonOutput.MAPPER.readTree(json.out());
        assertEquals(42, root.get("exitCode").asInt());
        assertTrue(root.get("complete").asBoolean(), json.out());
    }

    @Test
    void badInputIsOneLineOnStderr() {
        CliRun run = CliRun.of("meter", "--intensity", "-5", "--", "true");
        assertTrue(run.exitCode() != 0);
        assertEquals(1, run.err().strip().lines().count(), run.err());
        CliRun missing = CliRun.of("meter", "--", "/no/such/program");
        assertTrue(missing.exitCode() != 0);
        assertTrue(missing.err().contains("/no/such/program"), missing.err());
    }

    @Test
    void aBadKillAfterIsOneUsageLineNamingTheFlag() {
        for (String bad : new String[] {"-1", "NaN", "1e308", "3601", "\u0000\u00ff", "five"}) {
            CliRun run = CliRun.of("meter", "--kill-after", bad, "--", "true");
            assertEquals(2, run.exitCode(), bad + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains("--kill-after"), run.err());
            assertTrue(run.out().isEmpty(), "nothing half-written: " + run.out());
        }
    }

    @Test
    void aGpuLostDuringTheCommandKeepsItsEnergyBeforeTheLossMarkedPartial() throws Exception {
        // The 6th energy read answers GPU_IS_LOST (and every read after it): about 0.3 s into a 1.5 s command.
        String lib = SimulatedNvmlFile.reset("clock real\ndevice A100-SXM4-80GB\n  power 0:250000\n"
                + "error nvmlDeviceGetTotalEnergyConsumption GPU_IS_LOST device=0 call=6\n");
        CliRun run = CliRun.of("meter", "--json", "--sampling-ms", "50", "--nvml-library", lib, "--", "sh", "-c",
                "sleep 1.5");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JsonOutput.MAPPER.readTree(run.out()).get("report");
        JsonNode gpu = null;
        for (JsonNode d : report.get("domains")) {
            if (d.get("domain").asText().equals("gpu:0")) {
                gpu = d;
            }
        }
        assertTrue(gpu != null && gpu.get("available").asBoolean(), report.toString());
        assertTrue(gpu.get("partial").asBoolean(), gpu.toString());
        assertTrue(gpu.get("partialReason").asText().contains("NVML_ERROR_GPU_IS_LOST"), gpu.toString());
        double joules = gpu.get("energyJoules").asDouble();
        assertTrue(joules > 0 && joules < 250 * 1.5, "250 W until the loss, well before the end: " + joules);
        assertFalse(report.get("complete").asBoolean(), report.toString());
    }
}
