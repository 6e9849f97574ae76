package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.workload.ServingModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigPlannersTest {

    static final MigPlanners PLANNERS = MigPlanners.embedded();
    static final ModelDemand GPT = ModelDemand.poisson("gpt", 1, 40, 0.5);
    static final ModelDemand DIFFUSION = ModelDemand.poisson("diffusion_256_256", 1, 83, 0.5);

    static PlanningRequest.Builder request(GpuModel gpu, EnergySource source) {
        return PlanningRequest.builder(gpu, CarbonIntensities.of(source), EmbodiedCarbon.act(gpu));
    }

    static PlanningRequest pair(EnergySource source) {
        return request(GpuCatalog.A100_SXM4_80GB, source).demand(GPT).demand(DIFFUSION).build();
    }

    @Test
    void theStudyPairSharesOneGpuAndSaysWhatSharingSaved() {
        DeploymentPlan plan = PLANNERS.carbon().plan(pair(EnergySource.GAS));
        assertEquals(1, plan.gpuCount(), plan::toString);
        PlannedGpu g = plan.gpus().get(0);
        assertTrue(g.migEnabled());
        assertTrue(g.layout().isValid());
        assertEquals(2, g.layout().instances().size());
        assertTrue(g.clockChoice().contains("offline FrequencyTuner"), g.clockChoice());
        assertTrue(g.clockMhz() >= 690, "gpt and diffusion were measured at 690 MHz and above");
        var s = plan.sharing().orElseThrow();
        assertTrue(s.embodiedSavedGrams() > 0, s::explanation);
        assertTrue(s.netSavedGrams() > 0, s::explanation);
        assertEquals(plan.total().value().grams(), s.operational().value().grams() + s.embodied().value().grams(), 1e-9);
        DeploymentPlan dedicated = PLANNERS.dedicated().plan(pair(EnergySource.GAS));
        assertEquals(dedicated.total().value().grams(), s.dedicatedOperational().value().grams()
                + s.dedicatedEmbodied().value().grams(), 1e-9, "the tradeoff's alternative is the dedicated plan");
        // Per model figures add up to the GPU's.
        double models = plan.models().stream().mapToDouble(m -> m.total().value().grams()).sum();
        assertEquals(plan.total().value().grams(), models, 1e-9 * models);
        assertTrue(plan.assumptions().stream().anyMatch(a -> a.name().equals("search") && a.value().equals("exact")));
    }

    @Test
    void withoutTuningEveryGpuRunsAtTheHighestCommonClock() {
        PlanningRequest r = pair(EnergySource.GAS).withTuneClocks(false);
        for (DeploymentPlan plan : List.of(PLANNERS.carbon().plan(r), PLANNERS.dedicated().plan(r),
                PLANNERS.fixedSizing().plan(r), PLANNERS.utilization().plan(r))) {
            for (PlannedGpu g : plan.gpus()) {
                assertEquals(1410, g.clockMhz(), plan::toString);
                assertTrue(g.clockChoice().contains("tuning off"), g.clockChoice());
            }
        }
    }

    @Test
    void dedicatedGivesEveryModelAWholeGpu() {
        DeploymentPlan plan = PLANNERS.dedicated().plan(pair(EnergySource.COAL));
        assertEquals(2, plan.gpuCount());
        for (PlannedGpu g : plan.gpus()) {
            assertFalse(g.migEnabled());
            assertEquals(7, g.models().get(0).computeSlices());
            assertEquals(80.0, g.models().get(0).memoryGb());
            assertTrue(g.sharing().isEmpty());
        }
    }

    @Test
    void fixedSizingGivesTheLargerComputeDemandFourSevenths() {
        DeploymentPlan plan = PLANNERS.fixedSizing().plan(pair(EnergySource.GAS));
        double gptWork = GPT.batches() * ServingModel.reference(EnerTuneA100.profiles().profile("gpt"), 1).batchIntervalMs();
        double diffWork = DIFFUSION.batches()
                * ServingModel.reference(EnerTuneA100.profiles().profile("diffusion_256_256"), 1).batchIntervalMs();
        String larger = gptWork > diffWork ? "gpt" : "diffusion_256_256";
        String smaller = larger.equals("gpt") ? "diffusion_256_256" : "gpt";
        assertEquals(4, plan.model(larger).computeSlices(), plan::toString);
        assertEquals(3, plan.model(smaller).computeSlices(), plan::toString);

        // A loose SLO, so that every model fits its fixed instance whatever the queueing details.
        PlanningRequest three = request(GpuCatalog.A100_SXM4_80GB, EnergySource.GAS).demand(GPT.withSloFactor(20))
                .demand(DIFFUSION.withSloFactor(20)).demand(ModelDemand.poisson("whisper", 16, 700, 0.3)
                        .withSloFactor(20)).build();
        DeploymentPlan p3 = PLANNERS.fixedSizing().plan(three);
        assertEquals(1, p3.gpuCount());
        List<Integer> slices = new ArrayList<>(p3.models().stream().map(m -> m.computeSlices()).sorted().toList());
        assertEquals(List.of(2, 2, 3), slices, p3::toString);
        assertTrue(p3.gpus().get(0).layout().isValid());

        assertEquals(List.of(1), FixedSizingPlanner.groupSizes(1));
        assertEquals(List.of(2, 2), FixedSizingPlanner.groupSizes(4));
        assertEquals(List.of(3, 2), FixedSizingPlanner.groupSizes(5));
        assertEquals(List.of(3, 2, 2), FixedSizingPlanner.groupSizes(7));
        assertEquals(List.of(3, 3, 3), FixedSizingPlanner.groupSizes(9));
    }

    @Test
    void utilizationPacksTheFewestGpusOnTheSmallestInstances() {
        List<ModelDemand> small = List.of(ModelDemand.poisson("vgg11", 8, 20_000, 0.2).named("a"),
                ModelDemand.poisson("vgg11", 8, 20_000, 0.2).named("b"),
                ModelDemand.poisson("resnet152", 8, 5_000, 0.2).named("c"),
                ModelDemand.poisson("mobilenet_v3_large", 8, 20_000, 0.2).named("d"));
        PlanningRequest r = request(GpuCatalog.A100_SXM4_80GB, EnergySource.GAS).demands(small).build();
        DeploymentPlan u = PLANNERS.utilization().plan(r);
        // Each model on the smallest profile size that meets its SLO at the highest clock.
        List<String> sizes = new ArrayList<>();
        for (var m : u.models()) {
            var profile = EnerTuneA100.profiles().profile(m.demand().model());
            var workload = m.demand();
            int smallest = profile.slices().stream().filter(s -> profile.point(8, s, 1410).isPresent()
                    && s < 7 && ServingModel.forecast(profile, workload, s, 1410).meetsSlo()).findFirst().orElseThrow();
            assertEquals(smallest, m.computeSlices(), m.name());
            sizes.add(m.instance().orElseThrow().profile().name());
        }
        // The fewest GPUs: no partition into fewer GPUs has valid layouts for these profiles.
        var geometry = GpuCatalog.A100_SXM4_80GB.mig();
        java.util.Set<List<String>> holdable = new java.util.HashSet<>();
        for (var l : dev.greenslice.carbon.gpu.mig.MigLayouts.all(geometry)) {
            holdable.add(l.instances().stream().map(i -> i.profile().name()).sorted().toList());
        }
        boolean oneGpu = holdable.contains(sizes.stream().sorted().toList());
        assertEquals(oneGpu ? 1 : 2, u.gpuCount(), u::toString);
        DeploymentPlan c = PLANNERS.carbon().plan(r);
        assertTrue(c.total().value().grams() <= u.total().value().grams() * (1 + 1e-9));
    }

    @Test
    void infeasibleRequestsSayWhichModelAndWhy() {
        PlanningRequest tight = request(GpuCatalog.A100_SXM4_80GB, EnergySource.GAS).demand(GPT.withSloMs(1)).build();
        NoFeasiblePlanException slo = assertThrows(NoFeasiblePlanException.class, () -> PLANNERS.carbon().plan(tight));
        assertTrue(slo.getMessage().contains("gpt misses its SLO of 1.0 ms"), slo.getMessage());

        PlanningRequest big = request(GpuCatalog.A100_SXM4_80GB, EnergySource.GAS).demand(GPT.withMemoryNeedGb(100))
                .build();
        NoFeasiblePlanException mem = assertThrows(NoFeasiblePlanException.class, () -> PLANNERS.carbon().plan(big));
        assertTrue(mem.getMessage().contains("needs 100 GB"), mem.getMessage());

        PlanningRequest unknown = request(GpuCatalog.A100_SXM4_80GB, EnergySource.GAS)
                .demand(ModelDemand.closedLoop("llama", 1, 10)).build();
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> PLANNERS.carbon().plan(unknown));
        assertTrue(u.getMessage().contains("No profile for model 'llama'"), u.getMessage());

        List<ModelDemand> eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            eight.add(ModelDemand.closedLoop("vgg19", 8, 20_000).named("v" + i));
        }
        PlanningRequest budget = request(GpuCatalog.A100_SXM4_80GB, EnergySource.GAS).demands(eight).gpuBudget(1)
                .build();
        NoFeasiblePlanException b = assertThrows(NoFeasiblePlanException.class, () -> PLANNERS.carbon().plan(budget));
        assertTrue(b.getMessage().contains("budget is 1"), b.getMessage());
        assertTrue(b.getMessage().contains("at least"), b.getMessage());
    }

    @Test
    void profilesOfAnotherGpuAreRefusedUnlessItHasTheSameDieAndMigTable() {
        PlanningRequest h100 = request(GpuCatalog.H100_SXM5_80GB, EnergySource.GAS).demand(GPT).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PLANNERS.carbon().plan(h100));
        assertTrue(e.getMessage().contains("measured on A100-PCIE-80GB, not H100-SXM5-80GB"), e.getMessage());

        // The embedded profiles were measured on the PCIe card; the SXM4 part keeps working, with the note.
        DeploymentPlan sxm4 = PLANNERS.carbon().plan(request(GpuCatalog.A100_SXM4_80GB, EnergySource.GAS).demand(GPT)
                .demand(DIFFUSION).build());
        assertTrue(sxm4.assumptions().stream().anyMatch(a -> a.source().contains("same die and MIG table")
                && a.source().contains("measured on A100-PCIE-80GB")), sxm4.assumptions().toString());
        DeploymentPlan pcie = PLANNERS.carbon().plan(request(GpuCatalog.A100_PCIE_80GB, EnergySource.GAS).demand(GPT)
                .demand(DIFFUSION).build());
        assertTrue(pcie.assumptions().stream().anyMatch(a -> a.source().startsWith("profiles measured on it")));
        assertTrue(pcie.assumptions().stream().anyMatch(a -> a.name().equals("memory need")
                && a.source().contains("inferred")), pcie.assumptions().toString());

        // A device file that is not a catalog GPU is taken to describe the GPU asked for, and says so.
        DevicePowerProfile device = EnerTuneA100.devicePower();
        List<DevicePowerProfile.Baseline> baselines = device.clocksMhz().stream().map(device::at).toList();
        DevicePowerProfile unnamed = DevicePowerProfile.of("lab-gpu-3", baselines, "test copy");
        DeploymentPlan onH100 = MigPlanners.of(EnerTuneA100.profiles(), unnamed).carbon()
                .plan(request(GpuCatalog.H100_SXM5_80GB, EnergySource.GAS).demand(GPT).demand(DIFFUSION).build());
        assertTrue(onH100.gpus().stream().allMatch(g -> !g.migEnabled() || g.layout().geometry().equals(
                GpuCatalog.H100_SXM5_80GB.mig())));
        assertTrue(onH100.assumptions().stream().anyMatch(a -> a.source().contains("'lab-gpu-3' is not a catalog GPU")));
    }

    @Test
    void theHeuristicPlansAFleetNoWorseThanTheBaselines() {
        List<ModelDemand> fleet = RandomDemands.draw(42, 60);
        PlanningRequest r = request(GpuCatalog.A100_SXM4_80GB, EnergySource.GAS).demands(fleet).build();
        DeploymentPlan h;
        try {
            h = PLANNERS.carbon().plan(r);
        } catch (NoFeasiblePlanException e) {
            // Drop the demands no plan can serve (named in the reasons) and plan the rest.
            List<ModelDemand> ok = fleet.stream().filter(d -> e.reasons().stream()
                    .noneMatch(x -> x.startsWith(d.name() + " ") || x.startsWith(d.name() + ":"))).toList();
            r = r.withDemands(ok);
            h = PLANNERS.carbon().plan(r);
        }
        PlannerPropertiesTest.assertValid(h, r);
        assertTrue(h.assumptions().stream().anyMatch(a -> a.value().equals("heuristic")));
        assertTrue(h.gpuCount() < r.demands().size(), "a fleet of small models shares GPUs: " + h.gpuCount());
        for (var b : List.of(PLANNERS.dedicated(), PLANNERS.utilization())) {
            DeploymentPlan base = b.plan(r);
            assertTrue(h.total().value().grams() <= base.total().value().grams() * (1 + 1e-9), b.name());
        }
    }
}
