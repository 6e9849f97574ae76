package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole study, run once through the command line with {@code --json} (the full grid: it takes a few
 * seconds, so no smaller grid is needed), checked for its files and for the consistency of its figures.
 */
class StudyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static CliRun run;
    private static JsonNode summary;

    @BeforeAll
    static void runTheStudy() throws Exception {
        run = CliRun.of("study", "--out", dir.resolve("report").toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        summary = JSON.readTree(run.out());
    }

    @Test
    void writesIndexSummaryAndChartsThatAreRealPngs() throws Exception {
        Path report = dir.resolve("report");
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("<h2>Findings in detail</h2>"), html);
        assertTrue(html.indexOf("id=\"verdict\"") < html.indexOf("<img") && html.indexOf("<img")
                < html.indexOf("id=\"assumptions\""), "verdict, then charts, then the assumptions last");
        JsonNode onDisk = JSON.readTree(Files.readString(report.resolve("summary.json")));
        assertEquals(onDisk, summary, "--json prints summary.json's content");
        assertTrue(summary.get("charts").size() >= 6);
        for (JsonNode c : summary.get("charts")) {
            Path png = report.resolve(c.get("file").asText());
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, png + " is not a readable PNG");
            assertTrue(img.getWidth() >= 600 && img.getHeight() >= 300, png + ": " + img.getWidth() + "x" + img.getHeight());
            assertTrue(html.contains("src=\"" + c.get("file").asText() + "\""), "index.html shows " + png);
        }
    }

    @Test
    void progressAndFindingsGoToStderrWithJsonAndEndWithTheReportPath() {
        assertTrue(run.err().contains("192 scenarios"), run.err());
        assertTrue(run.err().contains("Findings:"), run.err());
        String last = run.err().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("Report: ") && last.endsWith("index.html"), last);
        int findings = summary.get("findings").size();
        assertTrue(findings >= 3 && findings <= 5, "three or four findings, got " + findings);
        for (JsonNode f : summary.get("findings")) {
            assertTrue(run.err().contains(f.asText()), "the terminal shows finding " + f.asText());
        }
    }

    @Test
    void totalIsOperationalPlusEmbodiedEverywhere() {
        int checked = 0;
        for (JsonNode s : summary.get("scenarios")) {
            for (String c : new String[] {"dedicated", "shared", "tuned"}) {
                JsonNode conf = s.get(c);
                if (conf.isNull()) {
                    continue;
                }
                double total = conf.get("totalCarbonGrams").asDouble();
                assertEquals(conf.get("operationalCarbonGrams").asDouble() + conf.get("embodiedCarbonGrams").asDouble(),
                        total, 1e-9 * total, s.get("modelSet") + " " + s.get("load") + " " + c);
                double models = 0;
                for (JsonNode m : conf.get("models")) {
                    models += m.get("totalCarbonGrams").asDouble();
                }
                assertEquals(total, models, 1e-6 * total, "models' shares add up to the total");
                assertTrue(conf.get("totalCarbonLowGrams").asDouble() <= total
                        && total <= conf.get("totalCarbonHighGrams").asDouble());
                checked++;
            }
            assertEquals(s.get("dedicated").get("totalCarbonGrams").asDouble()
                    - s.get("shared").get("totalCarbonGrams").asDouble(), s.get("sharingSavingGrams").asDouble(), 1e-9);
        }
        assertTrue(checked >= 2 * 192, "checked " + checked);
    }

    @Test
    void theTunedClockNeverEmitsMoreThanSharingAtFullClockAndKeepsTheSlos() {
        int tuned = 0;
        for (JsonNode s : summary.get("scenarios")) {
            JsonNode t = s.get("tuned");
            if (t.isNull()) {
                continue;
            }
            tuned++;
            assertTrue(t.get("meetsSlos").asBoolean(), s.toString());
            JsonNode shared = s.get("shared");
            if (shared.get("meetsSlos").asBoolean()) {
                assertTrue(t.get("totalCarbonGrams").asDouble() <= shared.get("totalCarbonGrams").asDouble() + 1e-9,
                        s.get("modelSet") + " " + s.get("load") + " " + s.get("energySource"));
            }
            assertEquals(s.get("tunedClockMhz").asInt(), t.get("perGpu").get(0).get("clockMhz").asInt());
        }
        assertTrue(tuned > 0, "some scenario has a tuned clock");
    }

    @Test
    void theCarbonPlannersPlanIsNeverWorseThanAnyBaselineOfTheSameRequest() {
        int compared = 0;
        for (JsonNode s : summary.get("scenarios")) {
            JsonNode carbon = null;
            JsonNode tuned = null;
            for (JsonNode p : s.get("plans")) {
                if (p.get("planner").asText().equals("carbon")) {
                    if (p.get("tunedClocks").asBoolean()) {
                        tuned = p;
                    } else {
                        carbon = p;
                    }
                }
            }
            assertNotNull(carbon, s.get("modelSet") + " " + s.get("load") + " has no carbon plan outcome");
            for (JsonNode p : s.get("plans")) {
                if (p.get("tunedClocks").asBoolean() || !p.get("feasible").asBoolean()) {
                    continue;
                }
                double total = p.get("totalCarbonGrams").asDouble();
                assertEquals(p.get("operationalCarbonGrams").asDouble() + p.get("embodiedCarbonGrams").asDouble(), total,
                        1e-9 * total);
                assertTrue(p.get("meetsSlos").asBoolean(), p.toString());
                assertTrue(carbon.get("feasible").asBoolean(), "a baseline found a plan, so the carbon planner must: " + s);
                assertTrue(carbon.get("totalCarbonGrams").asDouble() <= total * (1 + 1e-9),
                        s.get("modelSet") + " " + s.get("load") + " " + s.get("energySource") + ": carbon "
                                + carbon.get("totalCarbonGrams") + " > " + p.get("planner") + " " + total);
                compared++;
            }
            if (tuned != null && tuned.get("feasible").asBoolean() && carbon.get("feasible").asBoolean()) {
                assertTrue(tuned.get("totalCarbonGrams").asDouble() <= carbon.get("totalCarbonGrams").asDouble() * (1 + 1e-9),
                        "tuning clocks never raises the carbon planner's carbon: " + s.get("modelSet") + " " + s.get("load"));
            }
        }
        assertTrue(compared >= 192, "compared " + compared);
    }

    @Test
    void statesProvenanceAssumptionsAndItsOwnFootprint() {
        assertTrue(summary.get("dataProvenance").asText().contains("EnerTune"));
        assertTrue(summary.get("dataReadme").asText().contains("Real measurements"));
        String assumptions = summary.get("assumptions").toString();
        for (String name : new String[] {"intensity coal", "intensity wind", "service lifetime", "SLO", "queueing", "embodied footprint"}) {
            assertTrue(assumptions.contains("\"" + name + "\""), "assumption " + name + " in " + assumptions);
        }
        assertEquals(4, summary.get("intensities").size());
        assertTrue(summary.get("embodied").get("footprintKilograms").asDouble() > 1);
        JsonNode self = summary.get("selfMetering");
        assertTrue(self.get("energyJoules").asDouble() > 0, self.toString());
        assertTrue(self.get("operationalCarbonGrams").asDouble() > 0, self.toString());
        assertFalse(self.get("sensor").asText().isBlank());
        JsonNode metered = summary.get("meteredRun");
        double predicted = metered.get("predictedEnergyJoules").asDouble();
        double measured = metered.get("meteredEnergyJoules").asDouble();
        // The simulator's law is not the estimator's rule: close, never the same.
        assertTrue(Math.abs(measured - predicted) / predicted < 0.15 && Math.abs(measured - predicted) / predicted > 0.005,
                "metered " + measured + " J, predicted " + predicted + " J");
    }

    @Test
    void anUnwritableOutFolderIsOneLineOnStderrAndAFailure(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        CliRun r = CliRun.of("study", "--out", file.resolve("report").toString());
        assertNotEquals(0, r.exitCode());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--out") && r.err().contains("not-a-folder"), r.err());
    }
}
