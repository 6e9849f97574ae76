package dev.greenslice.samples.study;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The charts say what the tables say: every set by its table name, no saving drawn for an SLO miss, the least clock. */
class StudyChartsTest {

    private static final StudyResults FULL = CoLocationStudy.embedded().run(StudyGrid.full(), line -> { });

    @Test
    void everyModelSetIsLabelledByTheNameTheTablesUse() {
        CategoryChart c = (CategoryChart) StudyCharts.sharingBySet(FULL);
        CategorySeries any = c.getSeriesCollection().iterator().next();
        List<Object> labels = new ArrayList<>(any.getXData());
        assertEquals(FULL.grid().modelSets().stream().map(ModelSet::name).toList(), labels);
        assertTrue(c.getStyler().getXAxisMaxLabelCount() >= labels.size(), "no label skipped");
    }

    @Test
    void noSavingIsDrawnWhereADeploymentMissesItsSlo() {
        int misses = 0;
        for (Scenario s : FULL.scenarios()) {
            Double y = StudyCharts.saving(java.util.Optional.of(s));
            if (!s.dedicated().meetsSlos() || !s.shared().meetsSlos()) {
                assertNull(y, s.set().name() + " " + s.load().label() + " " + s.source());
                misses++;
            } else {
                assertEquals(s.sharingSavingPercent(), y, 1e-12);
            }
        }
        assertTrue(misses > 0, "the full grid has SLO misses at high Poisson load");
        CategoryChart byLoad = (CategoryChart) StudyCharts.sharingByLoad(FULL, StudyGrid.WHISPER_GPT);
        long gaps = byLoad.getSeriesCollection().stream().flatMapToDouble(x -> java.util.Arrays.stream(x.getYData()))
                .filter(Double::isNaN).count();
        assertTrue(gaps > 0, "whisper+gpt misses an SLO at high Poisson load: no bar there");
    }

    @Test
    void theClockBreakdownMarksTheLeastCarbonClockAndNamesTheEmbodiedShare() {
        CategoryChart c = (CategoryChart) StudyCharts.clockBreakdown(FULL, StudyGrid.WHISPER_GPT);
        Scenario gas = FULL.scenario(StudyGrid.WHISPER_GPT, LoadPoint.closedLoop(),
                dev.greenslice.carbon.intensity.EnergySource.GAS).orElseThrow();
        int best = gas.curve().best().orElseThrow().clockMhz();
        List<Object> labels = new ArrayList<>(c.getSeries("operational").getXData());
        assertEquals(1, labels.stream().filter(l -> l.toString().endsWith("(least)")).count(), labels.toString());
        assertTrue(labels.contains(best + " (least)"), labels.toString());
        assertTrue(c.getSeriesCollection().stream().anyMatch(x -> x.getName().matches("embodied \\(.*% of each bar\\)")),
                c.getSeriesCollection().toString());
    }
}
