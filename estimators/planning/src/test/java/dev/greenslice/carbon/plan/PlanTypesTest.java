package dev.greenslice.carbon.plan;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanTypesTest {

    private static final MigGeometry A100 = GpuCatalog.A100_SXM4_80GB.mig();

    private static PlannedModel model(String name, int gpu, Optional<MigInstance> instance, int slices, double grams) {
        return new PlannedModel(ModelDemand.closedLoop(name, 1, 10), gpu, instance, slices, 40,
                new SloCheck(name, 10, 50, 10), Duration.ofSeconds(10), Energy.ofJoules(100),
                CarbonFigure.exact(CarbonMass.ofGrams(grams)), CarbonFigure.exact(CarbonMass.ofGrams(1)), 0.01);
    }

    private static PlannedGpu gpu(int index, boolean mig, MigLayout layout, List<PlannedModel> models, double grams) {
        return new PlannedGpu(index, mig, layout, 1410, models, Duration.ofSeconds(10), Energy.ofJoules(200),
                Energy.ZERO, CarbonFigure.exact(CarbonMass.ofGrams(grams)), CarbonFigure.exact(CarbonMass.ofGrams(2)),
                Optional.empty(), "highest common clock");
    }

    @Test
    void demandValidatesItsValuesAndNamesTheDemand() {
        ModelDemand d = ModelDemand.poisson("whisper", 16, 700, 0.5);
        assertEquals("whisper", d.name());
        assertEquals(44, d.batches());
        assertEquals(new Arrival.Poisson(0.5), d.arrival());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.named("w").withSloMs(-1));
        assertTrue(e.getMessage().contains("Demand w"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withMemoryNeedGb(0));
        assertThrows(IllegalArgumentException.class, () -> ModelDemand.closedLoop("gpt", 0, 10));
        assertThrows(IllegalArgumentException.class, () -> Arrival.poisson(Double.NaN));
    }

    @Test
    void requestRefusesDuplicateNamesAndABudgetBelowOne() {
        var b = PlanningRequest.builder(GpuCatalog.A100_SXM4_80GB, CarbonIntensities.of(EnergySource.GAS),
                EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB));
        b.demand(ModelDemand.closedLoop("gpt", 1, 10)).demand(ModelDemand.closedLoop("gpt", 1, 20));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("distinct name"), e.getMessage());
        var ok = PlanningRequest.builder(GpuCatalog.A100_SXM4_80GB, CarbonIntensities.of(EnergySource.GAS),
                EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB)).demand(ModelDemand.closedLoop("gpt", 1, 10)).build();
        assertTrue(ok.tuneClocks());
        assertThrows(IllegalArgumentException.class, () -> ok.withGpuBudget(java.util.OptionalInt.of(0)));
        assertThrows(IllegalArgumentException.class, () -> ok.demand("nope"));
    }

    @Test
    void aGpuWithMigHoldsOneModelPerInstanceOfAValidLayout() {
        MigLayout layout = MigLayout.parse(A100, "4g@0,3g@4");
        MigInstance four = layout.instances().get(0);
        MigInstance three = layout.instances().get(1);
        PlannedGpu ok = gpu(0, true, layout, List.of(model("gpt", 0, Optional.of(four), 4, 3),
                model("diffusion", 0, Optional.of(three), 3, 4)), 7);
        assertEquals("4g.40gb@0: gpt, 3g.40gb@4: diffusion", ok.describe());
        assertEquals(List.of(TenantDemand.of(ModelDemand.closedLoop("gpt", 1, 10), 4),
                TenantDemand.of(ModelDemand.closedLoop("diffusion", 1, 10), 3)), ok.tenants());

        MigLayout overlapping = new MigLayout(A100, List.of(MigInstance.of(A100.resolve("4g"), 0),
                MigInstance.of(A100.resolve("3g"), 0)));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> gpu(0, true, overlapping,
                List.of(model("a", 0, Optional.of(overlapping.instances().get(0)), 3, 1),
                        model("b", 0, Optional.of(overlapping.instances().get(1)), 4, 1)), 1));
        assertTrue(bad.getMessage().contains("overlap"), bad.getMessage());

        assertThrows(IllegalArgumentException.class, () -> gpu(0, true, layout,
                List.of(model("a", 0, Optional.of(four), 4, 1), model("b", 0, Optional.of(four), 4, 1)), 1));
        assertThrows(IllegalArgumentException.class, () -> gpu(0, false, MigLayout.empty(A100),
                List.of(model("a", 0, Optional.empty(), 7, 1), model("b", 0, Optional.empty(), 7, 1)), 1));
        assertThrows(IllegalArgumentException.class, () -> model("a", 0, Optional.of(four), 3, 1));
    }

    @Test
    void planTotalsAreTheSumsOfItsGpus() {
        PlannedGpu g0 = gpu(0, false, MigLayout.empty(A100), List.of(model("a", 0, Optional.empty(), 7, 5)), 5);
        PlannedGpu g1 = gpu(1, false, MigLayout.empty(A100), List.of(model("b", 1, Optional.empty(), 7, 6)), 6);
        DeploymentPlan plan = new DeploymentPlan("dedicated", GpuCatalog.A100_SXM4_80GB, List.of(g0, g1),
                Optional.empty(), List.of());
        assertEquals(11.0, plan.operational().value().grams(), 1e-12);
        assertEquals(4.0, plan.embodied().value().grams(), 1e-12);
        assertEquals(15.0, plan.total().value().grams(), 1e-12);
        assertEquals(400.0, plan.energy().joules(), 1e-12);
        assertEquals(20.0 / 3600, plan.gpuHours(), 1e-12);
        assertEquals("b", plan.model("b").name());
        assertTrue(plan.meetsSlos());
        assertThrows(IllegalArgumentException.class, () -> new DeploymentPlan("x", GpuCatalog.A100_SXM4_80GB,
                List.of(g1, g0), Optional.empty(), List.of()));
        PlannedGpu again = gpu(1, false, MigLayout.empty(A100), List.of(model("a", 1, Optional.empty(), 7, 6)), 6);
        assertThrows(IllegalArgumentException.class, () -> new DeploymentPlan("x", GpuCatalog.A100_SXM4_80GB,
                List.of(g0, again), Optional.empty(), List.of()));
    }

    @Test
    void tradeoffSignsSayWhatSharingSavedAndCost() {
        SharingTradeoff t = new SharingTradeoff(CarbonFigure.exact(CarbonMass.ofGrams(10)),
                CarbonFigure.exact(CarbonMass.ofGrams(8)), 2.0, CarbonFigure.exact(CarbonMass.ofGrams(12)),
                CarbonFigure.exact(CarbonMass.ofGrams(4)), 1.0);
        assertEquals(4.0, t.embodiedSavedGrams(), 1e-12);
        assertEquals(2.0, t.operationalCostGrams(), 1e-12);
        assertEquals(2.0, t.netSavedGrams(), 1e-12);
        assertEquals(1.0, t.gpuHoursSaved(), 1e-12);
        assertTrue(t.explanation().contains("embodied saves 4.00 g"), t.explanation());
        assertTrue(t.explanation().contains("operational costs 2.00 g"), t.explanation());
        SloCheck miss = new SloCheck("gpt", 60, 50, 10);
        assertFalse(miss.met());
        assertEquals(1.2, miss.sloUse(), 1e-12);
    }
}
