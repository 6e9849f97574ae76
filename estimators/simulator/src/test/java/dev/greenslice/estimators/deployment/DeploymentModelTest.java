package dev.greenslice.estimators.deployment;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.embodied.EmbodiedAccounting;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.estimate.PowerTerm;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfilePoint;
import dev.greenslice.estimators.sim.SimulatedGpu;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.TenantDemand;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

class DeploymentModelTest {

    private static final ModelProfiles PROFILES = EnerTuneA100.profiles();
    private static final DevicePowerProfile DEVICE = EnerTuneA100.devicePower();
    private static final EmbodiedCarbon ACT = EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB);
    private static final IntensitySource GAS = CarbonIntensities.of(EnergySource.GAS);

    private static DeploymentModel model() {
        return DeploymentModel.builder(PROFILES, DEVICE).intensity(GAS).embodied(ACT).build();
    }

    @Test
    void aDedicatedClosedLoopRunIsBoardPowerTimesCompletion() {
        ModelDemand w = ModelDemand.closedLoop("whisper", 8, 700);
        DeploymentEstimate e = model().estimate(GpuDeployment.of(1140, TenantDemand.of(w, 7)));
        ProfilePoint p = PROFILES.profile("whisper").require(8, 7, 1140);
        double seconds = e.makespan().toNanos() / 1e9;
        double board = DEVICE.baseline(1140).watts() + p.dynamicPower().watts();
        assertEquals(board * seconds, e.energy().joules(), 1e-6 * board * seconds);
        assertEquals(0.0, e.idleEnergy().joules(), 1e-9);
        assertEquals(GAS.at(Instant.EPOCH).value().times(e.energy()).grams(), e.operational().value().grams(), 1e-9);
        assertEquals(ACT.attribute(e.makespan(), 1.0).value().grams(), e.embodied().value().grams(), 1e-12);
        assertTrue(e.operational().low().grams() < e.operational().value().grams(), "the IPCC range is carried");
        assertEquals(e.energy().joules(), e.tenants().get(0).energy().joules(), 1e-6);
        assertTrue(e.meetsSlos());
    }

    @Test
    void energyMatchesTheSimulatedGpuServingTheSameRun() {
        // Profiles whose batch interval equals the batch latency, so the simulated GPU (which is busy for the
        // latency) and the closed-loop model describe the same run.
        List<ModelProfile> adjusted = new ArrayList<>();
        for (String m : List.of("resnet50", "vgg19")) {
            List<ProfilePoint> pts = new ArrayList<>();
            for (ProfilePoint p : PROFILES.profile(m).points()) {
                pts.add(ProfilePoint.measured(p.key(), p.dynamicPower(), p.latencyMs(), 1000.0 * p.batchSize() / p.latencyMs()));
            }
            adjusted.add(ModelProfile.of(m, pts, "adjusted"));
        }
        ModelProfiles profiles = ModelProfiles.of(adjusted, "adjusted");
        int clock = 960;
        ModelDemand a = ModelDemand.closedLoop("resnet50", 8, 4000);
        ModelDemand b = ModelDemand.closedLoop("vgg19", 8, 1600);
        MockClock time = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.builder().clock(time).profiles(profiles).build()) {
            // The simulator's own co-location law as the estimator: this checks the model's accounting of
            // busy stretches against the simulator's integration, not one power rule against another.
            PowerEstimator truth = new PowerEstimator() {
                @Override
                public String method() {
                    return "simulator ground truth";
                }

                @Override
                public PowerEstimate estimate(int clockMhz, List<ModelPlacement> models) {
                    Power total = gpu.boardPower(clockMhz, models);
                    int slices = models.stream().mapToInt(ModelPlacement::slices).sum();
                    List<Power> per = models.stream().map(m -> total.times((double) m.slices() / slices)).toList();
                    return PowerEstimate.builder().method(method()).clockMhz(clockMhz).placements(models).total(total)
                            .terms(List.of(new PowerTerm("board", "", total, "the simulator's law")))
                            .perPlacement(per).build();
                }
            };
            DeploymentEstimate e = DeploymentModel.builder(profiles, DEVICE).estimator(truth).intensity(GAS)
                    .embodied(ACT).build().estimate(GpuDeployment.of(clock, TenantDemand.of(a, 4), TenantDemand.of(b, 3)));
            gpu.lockSmClock(clock, clock);
            MigLayout layout = MigLayout.parse(gpu.geometry(), "4g@0,3g@4");
            gpu.applyMigLayout(layout, false);
            double ta = a.batches() * profiles.profile("resnet50").require(8, 4, clock).latencyMs() / 1000;
            double tb = b.batches() * profiles.profile("vgg19").require(8, 3, clock).latencyMs() / 1000;
            gpu.startServing(layout.instances().get(0), "resnet50", 8);
            gpu.startServing(layout.instances().get(1), "vgg19", 8);
            gpu.elapse(Duration.ofNanos(Math.round(Math.min(ta, tb) * 1e9)));
            gpu.stopServing(layout.instances().get(ta < tb ? 0 : 1));
            gpu.elapse(Duration.ofNanos(Math.round(Math.abs(ta - tb) * 1e9)));
            gpu.stopAll();
            assertEquals(gpu.totalEnergy().orElseThrow().joules(), e.energy().joules(), 1e-3);
            assertEquals(Math.max(ta, tb), e.makespan().toNanos() / 1e9, 1e-6);
        }
    }

    @Test
    void tenantsEnergiesAddUpAndLowerLoadMeansMoreIdleEnergy() {
        qt().withExamples(30).forAll(doubles().between(0.1, 0.9), doubles().between(0.1, 0.9)).checkAssert((x, y) -> {
            double lo = Math.min(x, y);
            double hi = Math.max(x, y);
            DeploymentEstimate low = model().estimate(GpuDeployment.of(1050,
                    TenantDemand.of(ModelDemand.poisson("resnet152", 4, 800, lo), 4), TenantDemand.of(ModelDemand.closedLoop("vgg11", 4, 800), 3)));
            DeploymentEstimate high = model().estimate(GpuDeployment.of(1050,
                    TenantDemand.of(ModelDemand.poisson("resnet152", 4, 800, hi), 4), TenantDemand.of(ModelDemand.closedLoop("vgg11", 4, 800), 3)));
            for (DeploymentEstimate e : List.of(low, high)) {
                double sum = e.tenants().stream().mapToDouble(t -> t.energy().joules()).sum();
                assertEquals(e.energy().joules(), sum, 1e-6 * e.energy().joules());
                CarbonFigure op = e.tenants().stream().map(TenantEstimate::operational).reduce(CarbonFigure.ZERO, CarbonFigure::plus);
                assertEquals(e.operational().value().grams(), op.value().grams(), 1e-6 * e.operational().value().grams());
            }
            assertTrue(low.makespan().compareTo(high.makespan()) >= 0);
            assertTrue(low.idleEnergy().joules() >= high.idleEnergy().joules() - 1e-6);
        });
    }

    @Test
    void operationalCarbonFollowsAnIntensityThatChangesMidRun() {
        Instant start = Instant.parse("2024-05-01T10:00:00Z");
        Instant change = start.plusSeconds(60);
        IntensitySource twoHours = new IntensitySource() {
            @Override
            public IntensityFactor at(Instant instant) {
                return IntensityFactor.exact(CarbonIntensity.ofGramsPerKwh(instant.isBefore(change) ? 500 : 20),
                        IntensityBasis.LIFECYCLE, "test trace", 2024);
            }

            @Override
            public List<Instant> changesBetween(Instant from, Instant to) {
                return change.isAfter(from) && change.isBefore(to) ? List.of(change) : List.of();
            }

            @Override
            public String description() {
                return "500 then 20 gCO2e/kWh";
            }
        };
        ModelDemand w = ModelDemand.closedLoop("gpt", 1, 30);
        DeploymentEstimate e = DeploymentModel.builder(PROFILES, DEVICE).intensity(twoHours).embodied(ACT).start(start)
                .build().estimate(GpuDeployment.of(1410, TenantDemand.of(w, 7)));
        double seconds = e.makespan().toNanos() / 1e9;
        assertTrue(seconds > 60, "the run crosses the change: " + seconds + " s");
        double watts = e.averagePower().watts();
        double expected = (watts * 60 * 500 + watts * (seconds - 60) * 20) / 3.6e6;
        assertEquals(expected, e.operational().value().grams(), 1e-6 * expected);
    }

    @Test
    void resourceShareChargesOnlyTheReservedSlices() {
        ModelDemand a = ModelDemand.closedLoop("resnet50", 8, 2000);
        DeploymentEstimate whole = model().estimate(GpuDeployment.of(1410, TenantDemand.of(a, 3)));
        DeploymentEstimate share = DeploymentModel.builder(PROFILES, DEVICE).intensity(GAS).embodied(ACT)
                .accounting(EmbodiedAccounting.RESOURCE_SHARE).build().estimate(GpuDeployment.of(1410, TenantDemand.of(a, 3)));
        assertEquals(whole.embodied().value().grams() * 3 / 7, share.embodied().value().grams(), 1e-12);
        assertEquals(whole.operational(), share.operational());
    }

    @Test
    void sharingSavesEmbodiedCarbonAgainstDedicatedGpus() {
        ModelDemand gpt = ModelDemand.closedLoop("gpt", 1, 50);
        ModelDemand diffusion = ModelDemand.closedLoop("diffusion_256_256", 1, 50);
        DeploymentModel m = model();
        DeploymentEstimate shared = m.estimate(GpuDeployment.of(1410, TenantDemand.of(diffusion, 4), TenantDemand.of(gpt, 3)));
        DeploymentEstimate d1 = m.estimate(GpuDeployment.of(1410, TenantDemand.of(gpt, 7)));
        DeploymentEstimate d2 = m.estimate(GpuDeployment.of(1410, TenantDemand.of(diffusion, 7)));
        assertTrue(shared.embodied().value().grams() < d1.embodied().value().grams() + d2.embodied().value().grams());
        assertTrue(shared.gpuHours() < d1.gpuHours() + d2.gpuHours());
    }

    @Test
    void missingInputsAreNamed() {
        assertThrows(NullPointerException.class, () -> DeploymentModel.builder(PROFILES, DEVICE).embodied(ACT).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model().estimate(
                GpuDeployment.of(1410, TenantDemand.of(ModelDemand.closedLoop("gpt", 1, 5), 1))));
        assertTrue(e.getMessage().contains("gpt"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TenantDemand.of(ModelDemand.closedLoop("gpt", 1, 5), 0));
        assertTrue(PowerEstimators.best(PROFILES, DEVICE).method().equals(model().estimator().method()));
    }
}
