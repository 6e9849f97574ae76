package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbodiedCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a100Pcie40JsonReportsTheStudyFigureWithItsParameters() throws Exception {
        Cli.Result r = Cli.run("embodied", "--gpu", "A100-PCIE-40GB", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("A100-PCIE-40GB", j.get("gpu").asText());
        assertEquals(21.56, j.get("embodiedKilograms").asDouble(), 0.05);
        assertEquals("study", j.get("parameterSet").asText());
        assertEquals("die + memory (ACT boundary)", j.get("boundary").asText());
        assertEquals(5.0, j.get("lifetimeYears").asDouble());
        double low = j.get("lowKilograms").asDouble();
        double high = j.get("highKilograms").asDouble();
        // The range covers every uncertain input (grid, abatement, yield, HBM per GB, packaging), not only the grid.
        assertTrue(low < j.get("embodiedKilograms").asDouble() && high > j.get("embodiedKilograms").asDouble(),
                low + " " + high);
        assertEquals(13.81, low, 0.01);
        assertEquals(49.87, high, 0.01);
        assertEquals(j.get("embodiedKilograms").asDouble() * 1000 / 43_800, j.get("embodiedGramsPerHour").asDouble(),
                1e-3);

        Map<String, JsonNode> params = new HashMap<>();
        j.get("parameters").forEach(p -> params.put(p.get("name").asText(), p));
        assertEquals("642 gCO2e/kWh (Taiwan)", params.get("fab grid intensity").get("value").asText());
        assertEquals("99%", params.get("gas abatement").get("value").asText());
        assertEquals("0.875", params.get("fab yield").get("value").asText());
        assertTrue(params.get("memory carbon per GB").get("value").asText().startsWith("48 gCO2e/GB (lpddr4"));
        assertEquals("48 to 230 gCO2e/GB", params.get("range: memory carbon per GB").get("value").asText());
        assertTrue(params.get("range: fab yield").get("source").asText().contains("Murphy"));
        assertTrue(params.get("range: packaging").get("source").asText().contains("150 g per packaged IC"));
        params.values().forEach(p -> assertTrue(p.get("source").asText().length() > 5, p.toString()));
    }

    @Test
    void actDefaultsAndLifetimeAreHonoured() throws Exception {
        Cli.Result r = Cli.run("embodied", "--gpu", "NVIDIA A100-PCIE-40GB", "--parameters", "act-defaults",
                "--lifetime-years", "4", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(22.1, j.get("embodiedKilograms").asDouble(), 0.05);
        assertEquals("act-defaults", j.get("parameterSet").asText());
        assertEquals(4.0, j.get("lifetimeYears").asDouble());
        assertEquals(j.get("embodiedKilograms").asDouble() * 1000 / (4 * 8760), j.get("embodiedGramsPerHour").asDouble(),
                1e-3);
    }

    @Test
    void textOutputShowsFigureRangeAndSources() {
        Cli.Result r = Cli.run("embodied", "--gpu", "H100-SXM5-80GB");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("H100-SXM5-80GB embodied carbon"), r.out());
        assertTrue(r.out().contains("kgCO2e (range"), r.out());
        assertTrue(r.out().contains("5nm"), r.out());
        assertTrue(r.out().contains("source: ACT has no row for TSMC 4N"), r.out());
    }

    @Test
    void badInputIsOneLineOnStderrNamingTheFlag() {
        Cli.Result unknown = Cli.run("embodied", "--gpu", "B200", "--json");
        assertEquals(2, unknown.exit());
        assertEquals("", unknown.out());
        assertOneLine(unknown.err(), "greenslice embodied: --gpu: Unknown GPU 'B200'", "A100-PCIE-40GB");

        Cli.Result set = Cli.run("embodied", "--gpu", "T4-16GB", "--parameters", "paper");
        assertEquals(2, set.exit());
        assertOneLine(set.err(), "--parameters", "'paper'", "act-defaults");

        Cli.Result life = Cli.run("embodied", "--gpu", "T4-16GB", "--lifetime-years", "0");
        assertEquals(2, life.exit());
        assertOneLine(life.err(), "--lifetime-years", "0.0");

        Cli.Result missing = Cli.run("embodied");
        assertEquals(2, missing.exit());
        assertOneLine(missing.err(), "--gpu");
    }

    static void assertOneLine(String err, String... parts) {
        assertEquals(1, err.strip().lines().count(), "one line expected: " + err);
        for (String part : parts) {
            assertTrue(err.contains(part), "'" + err.strip() + "' lacks '" + part + "'");
        }
    }
}
