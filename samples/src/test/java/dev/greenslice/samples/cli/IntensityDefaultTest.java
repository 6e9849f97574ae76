package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One intensity option, one parser and one default (gas) in every command, as the README's assumptions table says. */
class IntensityDefaultTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void planAndTuneDefaultToGasAndSaySo() throws Exception {
        Cli.Result plan = Cli.run("plan", "--workload", Path.of("..", "examples", "workload.json").toString(), "--json");
        assertEquals(0, plan.exit(), plan.err());
        JsonNode p = JSON.readTree(plan.out());
        assertTrue(p.get("intensity").asText().startsWith("gas"), p.get("intensity").asText());
        assertTrue(p.get("intensityDefaulted").asBoolean());

        Cli.Result tune = Cli.run("tune", "--model", "whisper:16:4", "--model", "gpt:1:3");
        assertEquals(0, tune.exit(), tune.err());
        assertTrue(tune.out().contains("intensity: gas") && tune.out().contains("(default; --intensity changes it)"),
                tune.out());
        Cli.Result wind = Cli.run("tune", "--model", "whisper:16:4", "--model", "gpt:1:3", "--intensity", "wind",
                "--json");
        assertEquals(0, wind.exit(), wind.err());
        assertTrue(!JSON.readTree(wind.out()).get("intensityDefaulted").asBoolean());
    }

    @Test
    void pipelineTakesTheSameTraceSpecAsEveryOtherCommand(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("grid.csv");
        Files.writeString(trace, "timestamp,carbon_intensity_g_per_kwh\n2024-01-01T00:00:00Z,300\n2024-01-01T01:00:00Z,100\n");
        for (String spec : new String[] {"trace:" + trace, trace.toString()}) {
            Cli.Result r = Cli.run("pipeline", "--trace", "steady-low", "--duration", "60", "--intensity", spec,
                    "--json");
            assertEquals(0, r.exit(), spec + ": " + r.err());
            JsonNode j = JSON.readTree(r.out());
            assertTrue(!j.get("intensityDefaulted").asBoolean());
            assertTrue(j.get("intensity").asText().contains("grid.csv"), j.get("intensity").asText());
        }
        Cli.Result bad = Cli.run("pipeline", "--trace", "steady-low", "--intensity", "trace:");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--intensity: Intensity 'trace:' is missing its argument"), bad.err());
    }

    @Test
    void tuneSaysWhySomeClocksAreMissingFromTheCurve() throws Exception {
        Cli.Result r = Cli.run("tune", "--model", "whisper:16:4", "--model", "gpt:1:3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("clocks: 9 of the device's 15 (210–1410 MHz), those every co-located model's"
                + " profile has: gpt (batch 1, 3 slices) has 690–1410 MHz only"), r.out());
        JsonNode j = JSON.readTree(Cli.run("tune", "--model", "whisper:16:4", "--model", "gpt:1:3", "--json").out());
        assertTrue(j.get("clocksNote").asText().startsWith("clocks: 9 of the device's 15"), j.toString());
        assertEquals(9, j.get("curve").size());
    }
}
