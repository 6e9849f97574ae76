package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenslice.test.rapl.FakePowercapTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code greenslice meter --rapl-root PATH} against a fake powercap tree that the metered command advances. */
class MeterCommandRaplTest {

    @TempDir
    Path dir;

    private FakePowercapTree tree;

    /** A laptop-shaped powercap tree (the test kit's, as the kernel lays it out): package-0 with a core sub-zone, and psys. */
    private Path tree() {
        tree = new FakePowercapTree(dir);
        tree.zone("intel-rapl:0", "package-0", FakePowercapTree.INTEL_UNIT_UJ).maxPower(0, "long_term", 60)
                .energyUj(1_000_000_000L);
        tree.zone("intel-rapl:0:0", "core", FakePowercapTree.INTEL_UNIT_UJ).energyUj(500_000_000L);
        tree.zone("intel-rapl:1", "psys", FakePowercapTree.INTEL_UNIT_UJ).maxPower(0, "long_term", 60)
                .energyUj(3_000_000_000L);
        return tree.powercapRoot();
    }

    @Test
    void jsonListsEachRaplDomainWithEnergyJoulesAndKind() {
        Path root = tree();
        // The command adds 5 J to the package, 2 J to the cores and 9 J to psys, well inside the window.
        String script = "sleep 0.4; echo 1005000000 > '" + tree.zone("intel-rapl:0").energyFile() + "';"
                + " echo 502000000 > '" + tree.zone("intel-rapl:0:0").energyFile() + "';"
                + " echo 3009000000 > '" + tree.zone("intel-rapl:1").energyFile() + "'; sleep 0.4";
        CliRun run = CliRun.of("meter", "--json", "--sampling-ms", "50", "--rapl-root", root.toString(), "--", "sh", "-c", script);
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root0 = readTree(run.out());
        assertTrue(root0.get("sensors").get(0).asText().startsWith("rapl (powercap)"), run.out());
        JsonNode report = root0.get("report");
        JsonNode domains = report.get("domains");
        assertEquals(3, domains.size(), run.out());
        assertEquals("cpu:package-0", domains.get(0).get("domain").asText());
        assertEquals("HARDWARE_ENERGY_COUNTER", domains.get(0).get("kind").asText());
        assertEquals(5.0, domains.get(0).get("energyJoules").asDouble(), 1e-9, run.out());
        assertEquals("cpu:package-0/core", domains.get(1).get("domain").asText());
        assertEquals(2.0, domains.get(1).get("energyJoules").asDouble(), 1e-9, run.out());
        assertEquals("psys", domains.get(2).get("domain").asText());
        assertEquals(9.0, domains.get(2).get("energyJoules").asDouble(), 1e-9, run.out());
        // Only psys is a root: the total is not package + core + psys.
        assertEquals(9.0, report.get("energyJoules").asDouble(), 1e-9, run.out());
    }

    @Test
    void humanReportNamesTheRaplSensor() {
        CliRun run = CliRun.of("meter", "--rapl-root", tree().toString(), "--", "true");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("sensor: rapl (powercap): cpu:package-0, cpu:package-0/core, psys"), run.out());
        assertTrue(run.out().contains("cpu:package-0"), run.out());
    }

    @Test
    void aRaplRootWithoutReadableCountersIsAOneLineErrorNamingThePath() {
        Path missing = dir.resolve("nowhere");
        CliRun run = CliRun.of("meter", "--rapl-root", missing.toString(), "--", "true");
        assertEquals(2, run.exitCode(), run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("--rapl-root " + missing) && run.err().contains("modprobe intel_rapl_msr"), run.err());
    }

    private static JsonNode readTree(String json) {
        try {
            return JsonOutput.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
