package dev.greenslice.samples.study;

import dev.greenslice.carbon.intensity.EnergySource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaperComparisonTest {

    private static final StudyResults FULL = CoLocationStudy.embedded().run(StudyGrid.full(), line -> { });

    @Test
    void everyPaperHeadlineHasTheStudysFigureUnderTheSameConditionsAndAReason() {
        List<PaperComparison.Row> rows = PaperComparison.rows(FULL);
        assertEquals(List.of("sharing cuts operational carbon (peak load, gas)",
                "sharing cuts embodied carbon (peak load, gas)",
                "tuned shared clock against sharing at full clock (whisper + gpt)",
                "tuned shared clock against dedicated GPUs (whisper + gpt)",
                "best shared clock on wind (whisper + gpt)"), rows.stream().map(PaperComparison.Row::figure).toList());
        for (PaperComparison.Row row : rows) {
            assertTrue(row.reason().length() > 80, row.toString());
            assertTrue(row.reason().matches("(?s).*(Placement|placement|Data|data|accounting boundary|Intensity).*"),
                    row.toString());
        }

        // The operational cut, recomputed here from the peak-on-gas scenarios of every set.
        double sum = 0;
        double max = -1e9;
        int n = 0;
        for (ModelSet set : FULL.grid().modelSets()) {
            Scenario s = FULL.scenario(set, LoadPoint.closedLoop(), EnergySource.GAS).orElseThrow();
            double cut = 100 - 100 * s.shared().operational().value().grams() / s.dedicated().operational().value().grams();
            sum += cut;
            max = Math.max(max, cut);
            n++;
        }
        assertEquals(8, n);
        assertEquals(String.format(Locale.ROOT, "%.1f%% on average (up to %.1f%%), 8 sets", sum / n, max),
                rows.get(0).study());

        Scenario gas = FULL.scenario(StudyGrid.WHISPER_GPT, LoadPoint.closedLoop(), EnergySource.GAS).orElseThrow();
        double ratio = gas.shared().totalGrams() / gas.tuned().orElseThrow().totalGrams();
        assertTrue(ratio > 1, "tuning never costs carbon: " + ratio);
        assertEquals(String.format(Locale.ROOT, "%.2fx", ratio), rows.get(2).study());
        Scenario wind = FULL.scenario(StudyGrid.WHISPER_GPT, LoadPoint.closedLoop(), EnergySource.WIND).orElseThrow();
        assertEquals(wind.tuned().orElseThrow().clocksMhz().get(0) + " MHz", rows.get(4).study());
        System.out.println(rows);
    }

    @Test
    void theReportAndSummaryCarryTheTable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String html = StudyHtml.render(FULL, StudyFindings.derive(FULL), List.of(), java.util.Optional.empty());
        assertTrue(html.contains("id=\"paper\""), "the report has the comparison section");
        assertTrue(html.contains("1.43x") && html.contains("52% on average (up to 62%)"), "paper figures shown");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                StudyReport.in(tmp).summaryJson(FULL,
                        StudyFindings.derive(FULL), java.util.Optional.empty()));
        assertEquals(5, json.get("paperComparison").size());
        assertEquals("1230 MHz", json.get("paperComparison").get(4).get("paper").asText());
    }
}
