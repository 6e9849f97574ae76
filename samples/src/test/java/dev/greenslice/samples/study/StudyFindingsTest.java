package dev.greenslice.samples.study;

import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.ModelDemand;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyFindingsTest {

    private static StudyResults run(double peakHours) {
        StudyGrid g = new StudyGrid(List.of(StudyGrid.WHISPER_GPT, StudyGrid.DIFFUSION_256_GPT, StudyGrid.DIFFUSION_1024_GPT),
                List.of(LoadPoint.closedLoop(), LoadPoint.poisson(0.25)), List.of(EnergySource.COAL, EnergySource.GAS,
                EnergySource.WIND), peakHours, ModelDemand.DEFAULT_SLO_FACTOR);
        return CoLocationStudy.embedded().run(g, l -> { });
    }

    @Test
    void findingsQuoteTheComputedFigures() {
        StudyResults r = run(1.0);
        List<String> f = StudyFindings.derive(r);
        assertEquals(4, f.size(), f.toString());
        Scenario low = r.scenario(StudyGrid.WHISPER_GPT, LoadPoint.poisson(0.25), EnergySource.WIND).orElseThrow();
        Scenario peak = r.scenario(StudyGrid.WHISPER_GPT, LoadPoint.closedLoop(), EnergySource.COAL).orElseThrow();
        assertTrue(f.get(0).contains(StudyFindings.grams(Math.abs(low.sharingSavingGrams()))), f.get(0));
        assertTrue(f.get(0).contains(StudyFindings.pct(Math.abs(peak.sharingSavingPercent()))), f.get(0));
        Scenario big = r.scenario(StudyGrid.DIFFUSION_1024_GPT, LoadPoint.closedLoop(), EnergySource.COAL).orElseThrow();
        assertTrue(f.get(1).contains(StudyFindings.pct(Math.abs(big.sharingSavingPercent()))), f.get(1));
        assertTrue(f.get(1).contains(big.sharingSavingGrams() >= 0 ? "it saves" : "it costs"), f.get(1));
        assertTrue(f.get(2).contains("carbon planner"), f.get(2));
        Scenario gas = r.scenario(StudyGrid.WHISPER_GPT, LoadPoint.closedLoop(), EnergySource.GAS).orElseThrow();
        assertTrue(f.get(3).contains(gas.tuned().orElseThrow().clocksMhz().get(0) + " MHz"), f.get(3));
        assertTrue(f.get(3).contains(String.format(Locale.ROOT, "%.2fx", gas.shared().totalGrams()
                / gas.tuned().orElseThrow().totalGrams())), f.get(3));
    }

    @Test
    void findingsFollowTheDataWhenTheWorkloadChanges() {
        // A quarter of the work: every gram figure scales, so a canned sentence could not match both runs.
        String full = StudyFindings.derive(run(1.0)).get(0);
        StudyResults quarter = run(0.25);
        String small = StudyFindings.derive(quarter).get(0);
        Scenario low = quarter.scenario(StudyGrid.WHISPER_GPT, LoadPoint.poisson(0.25), EnergySource.WIND).orElseThrow();
        assertTrue(small.contains(StudyFindings.grams(Math.abs(low.sharingSavingGrams()))), small);
        assertTrue(!full.equals(small));
    }

    @Test
    void leavesOutFindingsWhoseScenariosAreNotInTheGrid() {
        StudyGrid g = new StudyGrid(List.of(ModelSet.of("classification", "resnet50:8", "densenet161:8")),
                List.of(LoadPoint.poisson(0.5)), List.of(EnergySource.SOLAR), 0.1, 5);
        List<String> f = StudyFindings.derive(CoLocationStudy.embedded().run(g, l -> { }));
        assertEquals(2, f.size(), "only the planner and power findings need no particular scenario: " + f);
        assertTrue(f.get(0).contains("carbon planner"), f.get(0));
        assertTrue(f.get(1).contains("naive sum"), f.get(1));
    }
}
