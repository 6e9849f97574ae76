package dev.greenslice.samples.study;

import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.plan.ModelDemand;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

class CoLocationStudyTest {

    private static final CoLocationStudy STUDY = CoLocationStudy.embedded();

    /** Models of the data set with a batch size measured on 2, 3, 4 and 7 slices at every study clock. */
    private static final List<String> MODELS = List.of("whisper:16", "gpt:1", "diffusion_256_256:1",
            "diffusion_1024_1024:1", "resnet50:8", "densenet161:8", "vgg19:8", "mobilenet_v3_large:8");

    private static StudyGrid grid(ModelSet set, LoadPoint load, EnergySource source) {
        return new StudyGrid(List.of(set), List.of(load), List.of(source), 0.25, ModelDemand.DEFAULT_SLO_FACTOR);
    }

    @Test
    void sharedLayoutsAreValidOnTheA100AndFollowTheFixedSizing() {
        ModelSet pair = ModelSet.of("pair", "whisper:16", "gpt:1");
        CoLocationStudy.SharedLayout two = STUDY.sharedLayout(pair);
        assertTrue(two.layout().isValid());
        assertEquals("4g+3g", two.sizes());
        assertEquals(GpuCatalog.A100_PCIE_80GB.migGeometry().orElseThrow(), two.layout().geometry());
        ModelSet triple = ModelSet.of("triple", "whisper:16", "gpt:1", "resnet50:8");
        CoLocationStudy.SharedLayout three = STUDY.sharedLayout(triple);
        assertTrue(three.layout().isValid());
        assertEquals("3g+2g+2g", three.sizes());
        assertTrue(MigLayout.parse(three.layout().geometry(), three.layout().toString()).isValid());
    }

    @Test
    void sharingAndTuningHoldTheirInvariantsOverRandomPairsLoadsAndGrids() {
        List<EnergySource> sources = List.of(EnergySource.values());
        qt().withExamples(40).forAll(integers().between(0, MODELS.size() - 1), integers().between(0, MODELS.size() - 1),
                doubles().between(0.1, 1.3), integers().between(0, sources.size() - 1))
                .assuming((a, b, load, s) -> !a.equals(b))
                .checkAssert((a, b, load, s) -> {
                    ModelSet set = ModelSet.of("random pair", MODELS.get(a), MODELS.get(b));
                    StudyResults r = STUDY.run(grid(set, LoadPoint.poisson(load), sources.get(s)), line -> { });
                    Scenario sc = r.scenarios().get(0);
                    assertEquals(2, sc.dedicated().gpus().size());
                    assertEquals(1, sc.shared().gpus().size());
                    // Sharing holds one GPU for at most as long as the dedicated GPUs together.
                    assertTrue(sc.shared().gpuHours() <= sc.dedicated().gpuHours() + 1e-9, sc.toString());
                    sc.tuned().ifPresent(t -> {
                        assertTrue(t.meetsSlos());
                        for (ClockCurve.Point p : sc.curve().points()) {
                            if (p.meetsSlo()) {
                                assertTrue(t.totalGrams() <= p.totalGrams() + 1e-9, "tuned is the curve's minimum");
                            }
                        }
                    });
                    if (sc.shared().meetsSlos()) {
                        assertTrue(sc.tuned().isPresent(), "the full clock keeps the SLOs, so a tuned clock exists");
                    }
                    double total = sc.shared().totalGrams();
                    assertEquals(sc.shared().operational().value().grams() + sc.shared().embodied().value().grams(), total,
                            1e-9 * total);
                });
    }

    @Test
    void aCleanerGridNeverRaisesCarbonOfTheSameDeployment() {
        ModelSet set = ModelSet.of("pair", "diffusion_1024_1024:1", "gpt:1");
        double coal = STUDY.run(grid(set, LoadPoint.closedLoop(), EnergySource.COAL), l -> { }).scenarios().get(0)
                .shared().totalGrams();
        double wind = STUDY.run(grid(set, LoadPoint.closedLoop(), EnergySource.WIND), l -> { }).scenarios().get(0)
                .shared().totalGrams();
        assertTrue(wind < coal, wind + " vs " + coal);
    }

    @Test
    void aModelSetTheDataCannotServeIsRefusedNamingTheModelAndTheFix() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> STUDY.run(grid(ModelSet.of("x", "llama:1",
                "gpt:1"), LoadPoint.closedLoop(), EnergySource.GAS), l -> { }));
        assertTrue(unknown.getMessage().contains("llama") && unknown.getMessage().contains("whisper"), unknown.getMessage());
        var batch = assertThrows(IllegalArgumentException.class, () -> STUDY.run(grid(ModelSet.of("x", "gpt:4",
                "whisper:16"), LoadPoint.closedLoop(), EnergySource.GAS), l -> { }));
        assertTrue(batch.getMessage().contains("gpt") && batch.getMessage().contains("batch size 4"), batch.getMessage());
        var slices = assertThrows(IllegalArgumentException.class, () -> STUDY.run(grid(ModelSet.of("x", "densenet161:16",
                "whisper:16"), LoadPoint.closedLoop(), EnergySource.GAS), l -> { }));
        assertTrue(slices.getMessage().contains("7 slices") && slices.getMessage().contains("choose a batch size"),
                slices.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelSet.of("x", "whisper"));
        assertThrows(IllegalArgumentException.class, () -> ModelSet.of("x", "whisper:16"));
        assertThrows(IllegalArgumentException.class, () -> LoadPoint.poisson(-0.5));
    }
}
