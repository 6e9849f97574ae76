package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void builtInPipelineRunsWithoutAnyFileAndReportsTheContractFields() throws Exception {
        JsonNode j = json("pipeline", "--trace", "bursty", "--optimizer", "exact", "--duration", "120", "--json");
        assertEquals("image-classification", j.get("pipeline").asText());
        assertEquals("exact", j.get("optimizer").asText());
        assertTrue(j.get("energyJoules").asDouble() > 0);
        assertTrue(j.get("carbonGrams").asDouble() > 0);
        assertTrue(j.get("carbonGramsLow").asDouble() < j.get("carbonGrams").asDouble());
        double acc = j.get("accuracy").asDouble();
        assertTrue(acc >= 0.6902 && acc <= 0.78312, "between the least and the most accurate classifier: " + acc);
        assertTrue(j.get("slaViolations").asDouble() >= 0);
        assertTrue(j.get("reconfigurations").asInt() >= 0);
        assertTrue(j.get("optimizerMillis").asDouble() >= 0);
        assertEquals(12, j.get("intervals").size());
        assertTrue(j.get("intensityDefaulted").asBoolean());
        assertTrue(j.get("intensity").asText().startsWith("gas"), j.get("intensity").asText());
        assertFalse(j.has("meanScoreGapToExact"), "no reference for the reference itself");
        // energy per interval adds up to the total
        double sum = 0;
        for (JsonNode i : j.get("intervals")) {
            sum += i.get("energyJoules").asDouble();
            assertEquals("classify", i.get("configuration").get(0).get("stage").asText());
        }
        assertEquals(j.get("energyJoules").asDouble(), sum, 1e-3 * sum);
        assertTrue(j.get("assumptions").size() > 5);
    }

    @Test
    void sameSeedSameFiguresAndStaticBaselinesPinTheirModels() throws Exception {
        JsonNode a = json("pipeline", "--trace", "steady-low", "--optimizer", "static-accurate", "--duration", "60",
                "--seed", "4", "--json");
        JsonNode b = json("pipeline", "--trace", "steady-low", "--optimizer", "static-accurate", "--duration", "60",
                "--seed", "4", "--json");
        assertEquals(a.get("energyJoules"), b.get("energyJoules"));
        assertEquals(a.get("requests"), b.get("requests"));
        assertEquals(0.78312, a.get("accuracy").asDouble(), 1e-9);
        JsonNode light = json("pipeline", "--trace", "steady-low", "--optimizer", "static-light", "--duration", "60",
                "--seed", "4", "--json");
        assertEquals(0.74042, light.get("accuracy").asDouble(), 1e-9);
        assertTrue(light.get("energyJoules").asDouble() < a.get("energyJoules").asDouble());
        assertTrue(light.get("maxScoreGapToExact").asDouble() > 0);
    }

    @Test
    void qLearningReportsItsGapToTheExactOptimum() throws Exception {
        JsonNode q = json("pipeline", "--trace", "fluctuating", "--optimizer", "q-learning", "--duration", "60", "--json");
        assertEquals("q-learning", q.get("optimizer").asText());
        double gap = q.get("meanScoreGapToExact").asDouble();
        assertTrue(gap >= 0 && gap < 0.05, "gap " + gap);
        assertTrue(q.get("optimizerEvaluations").asLong() > 1000);
    }

    @Test
    void audioPipelineAndCarbonObjective() throws Exception {
        JsonNode j = json("pipeline", "--pipeline", "audio-summary", "--trace", "steady-high", "--duration", "120",
                "--minimize", "carbon", "--intensity", "wind", "--json");
        assertEquals("audio-summary", j.get("pipeline").asText());
        assertEquals("gramsPerRequest", j.get("objective").get("footprint").asText());
        assertEquals("transcribe", j.get("intervals").get(0).get("configuration").get(0).get("stage").asText());
        assertEquals("summarize", j.get("intervals").get(0).get("configuration").get(1).get("stage").asText());
        assertEquals(0.966 * 0.697, j.get("accuracy").asDouble(), 1e-6);
    }

    @Test
    void traceFilesAreReadAndBadOnesNamedByLine(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("trace.csv"), "second,requests\n0,500\n1,700\n2,900\n3,800\n");
        JsonNode j = json("pipeline", "--trace", good.toString(), "--json");
        assertEquals(2900, j.get("requests").asDouble(), 0);
        assertEquals(4, j.get("seconds").asInt());

        Path bad = Files.writeString(dir.resolve("bad.csv"), "requests\n500\nlots\n");
        CliRun r = CliRun.of("pipeline", "--trace", bad.toString(), "--json");
        assertEquals(2, r.exitCode());
        assertEquals("", r.out());
        assertEquals("greenslice pipeline: " + bad + " line 3: requests 'lots' is not a number", r.err().strip());
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        CliRun trace = CliRun.of("pipeline", "--trace", "spiky");
        assertEquals(2, trace.exitCode());
        assertTrue(trace.err().contains("--trace 'spiky': not a built-in workload (steady-low, steady-high, bursty, "
                + "fluctuating) and no such file"), trace.err());
        assertEquals(1, trace.err().strip().lines().count());
        CliRun opt = CliRun.of("pipeline", "--trace", "bursty", "--optimizer", "gurobi");
        assertEquals(2, opt.exitCode());
        assertTrue(opt.err().contains("--optimizer: Unknown optimizer 'gurobi'"), opt.err());
        CliRun intensity = CliRun.of("pipeline", "--trace", "bursty", "--intensity", "plutonium");
        assertEquals(2, intensity.exitCode());
        assertTrue(intensity.err().contains("--intensity: Unknown intensity 'plutonium'"), intensity.err());
    }

    @Test
    void textOutputSummarizesTheRun() {
        CliRun r = CliRun.of("pipeline", "--trace", "steady-high", "--duration", "30", "--intervals");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("pipeline image-classification under exact on steady-high (seed 1) (30 s"), r.out());
        assertTrue(r.out().contains("SLA violations"), r.out());
        assertTrue(r.out().contains("(default; pass --intensity"), r.out());
        assertTrue(r.out().contains("classify") || r.out().contains("@"), r.out());
    }

    @Test
    void theTrendPredictorIsSelectableAndABadOneIsAUsageError() throws Exception {
        Cli.Result r = Cli.run("pipeline", "--trace", "bursty", "--duration", "120", "--predictor", "trend", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertTrue(j.get("predictor").asText().contains("linear trend 10 s ahead"), j.get("predictor").asText());
        double under = j.get("slaViolationsUnderPredicted").asDouble();
        assertTrue(under >= 0 && under <= j.get("slaViolations").asDouble(), j.toString());
        Cli.Result bad = Cli.run("pipeline", "--trace", "bursty", "--predictor", "oracle");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--predictor: use reactive or trend, got 'oracle'"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }
}
