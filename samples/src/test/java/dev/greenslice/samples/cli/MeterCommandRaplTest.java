package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code greenslice meter --rapl-root PATH} against a fake powercap tree that the metered command advances. */
class MeterCommandRaplTest {

    @TempDir
    Path dir;

    /** A laptop-shaped powercap tree: package-0 with a core sub-zone, and psys. */
    private Path tree() throws IOException {
        zone("intel-rapl:0", "package-0", 1_000_000_000L);
        zone("intel-rapl:0/intel-rapl:0:0", "core", 500_000_000L);
        zone("intel-rapl:1", "psys", 3_000_000_000L);
        return dir;
    }

    private void zone(String path, String name, long energyUj) throws IOException {
        Path z = Files.createDirectories(dir.resolve(path));
        Files.writeString(z.resolve("name"), name + "\n");
        Files.writeString(z.resolve("energy_uj"), energyUj + "\n");
        Files.writeString(z.resolve("max_energy_range_uj"), "262143328850\n");
        Files.writeString(z.resolve("constraint_0_max_power_uw"), "60000000\n");
    }

    @Test
    void jsonListsEachRaplDomainWithEnergyJoulesAndKind() throws Exception {
        Path root = tree();
        // The command adds 5 J to the package, 2 J to the cores and 9 J to psys, well inside the window.
        String script = "sleep 0.4; echo 1005000000 > '" + root.resolve("intel-rapl:0/energy_uj") + "';"
                + " echo 502000000 > '" + root.resolve("intel-rapl:0/intel-rapl:0:0/energy_uj") + "';"
                + " echo 3009000000 > '" + root.resolve("intel-rapl:1/energy_uj") + "'; sleep 0.4";
        CliRun run = CliRun.of("meter", "--json", "--sampling-ms", "50", "--rapl-root", root.toString(), "--", "sh", "-c", script);
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root0 = JsonOutput.MAPPER.readTree(run.out());
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
    void humanReportNamesTheRaplSensor() throws Exception {
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
}
