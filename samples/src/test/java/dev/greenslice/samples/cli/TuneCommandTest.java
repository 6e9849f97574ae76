package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TuneCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void printsTheChosenClockAndTheWholeCurve() throws Exception {
        JsonNode j = PlanCommandTest.json("tune", "--model", "gpt:1:3", "--model", "diffusion_256_256:1:4",
                "--intensity", "wind", "--json");
        int clock = j.get("clockMhz").asInt();
        JsonNode curve = j.get("curve");
        assertEquals(9, curve.size(), "gpt and diffusion share 690-1410 MHz");
        double best = Double.POSITIVE_INFINITY;
        int bestClock = 0;
        for (JsonNode p : curve) {
            assertTrue(p.has("operationalCarbonGrams") && p.has("embodiedCarbonGrams") && p.has("meetsSlo"), p.toString());
            double total = p.get("operationalCarbonGrams").asDouble() + p.get("embodiedCarbonGrams").asDouble();
            if (p.get("meetsSlo").asBoolean() && total < best) {
                best = total;
                bestClock = p.get("clockMhz").asInt();
            }
        }
        assertEquals(bestClock, clock, "the chosen clock is the curve's best among those meeting every SLO");
        assertEquals(best, j.get("carbonGrams").asDouble(), 1e-9 * best);
        assertTrue(j.get("workloadDefaulted").asBoolean());
        int gas = PlanCommandTest.json("tune", "--model", "gpt:1:3", "--model", "diffusion_256_256:1:4",
                "--intensity", "coal", "--json").get("clockMhz").asInt();
        assertTrue(gas <= clock, "coal " + gas + " MHz, wind " + clock + " MHz");
    }

    @Test
    void takesTheDemandsFromAWorkloadFile(@TempDir Path dir) throws Exception {
        Path w = PlanCommandTest.file(dir, "pair.json", PlanCommandTest.PAIR);
        JsonNode j = PlanCommandTest.json("tune", "--model", "gpt:1:4", "--model", "diffusion_256_256:1:3",
                "--workload", w.toString(), "--intensity", "gas", "--json");
        assertEquals("poisson(0.5)", j.get("models").get(0).get("arrival").asText());
        assertEquals(40, j.get("models").get(0).get("requests").asInt());
        assertTrue(!j.get("workloadDefaulted").asBoolean());
        CliRun text = CliRun.of("tune", "--model", "gpt:1:4", "--model", "diffusion_256_256:1:3", "--workload",
                w.toString(), "--intensity", "gas");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("every SLO met"), text.out());
        assertTrue(text.out().contains("clock MHz"), text.out());
    }

    @Test
    void noClockMeetingTheSlosIsAnErrorThatSaysWhichModel(@TempDir Path dir) throws Exception {
        Path w = PlanCommandTest.file(dir, "tight.json",
                "{\"models\":[{\"model\":\"gpt\",\"batchSize\":1,\"requests\":40,\"sloMs\":100}]}");
        CliRun r = CliRun.of("tune", "--model", "gpt:1:4", "--workload", w.toString(), "--intensity", "gas", "--json");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("gpt on 4 slices misses its SLO of 100.0 ms at every clock"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertTrue(j.get("clockMhz").isNull());
        assertEquals(9, j.get("curve").size());
    }

    @Test
    void badInputGivesOneLine(@TempDir Path dir) throws Exception {
        PlanCommandTest.assertOneLine(2, "No profile for model 'llama'", "tune", "--model", "llama:1:3", "--intensity",
                "gas");
        PlanCommandTest.assertOneLine(2, "NAME:BATCH:SLICES", "tune", "--model", "gpt", "--intensity", "gas");
        PlanCommandTest.assertOneLine(2, "8 compute slices", "tune", "--model", "gpt:1:4", "--model", "gpt:1:4",
                "--intensity", "gas");
        Path w = PlanCommandTest.file(dir, "pair.json", PlanCommandTest.PAIR);
        PlanCommandTest.assertOneLine(2, "has no entry for whisper at batch size 16", "tune", "--model", "whisper:16:3",
                "--workload", w.toString(), "--intensity", "gas");
    }
}
