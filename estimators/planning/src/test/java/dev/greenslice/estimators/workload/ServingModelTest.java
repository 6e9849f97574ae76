package dev.greenslice.estimators.workload;

import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ProfilePoint;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

class ServingModelTest {

    private static ModelProfile profile(String model) {
        return EnerTuneA100.profiles().profile(model);
    }

    @Test
    void closedLoopLatencyIsTheBatchLatencyAndTheGpuNeverIdles() {
        ModelProfile whisper = profile("whisper");
        ModelDemand w = ModelDemand.closedLoop("whisper", 8, 700);
        ServingForecast f = ServingModel.forecast(whisper, w, 3, 960);
        ProfilePoint p = whisper.require(8, 3, 960);
        assertEquals(p.latencyMs(), f.meanLatencyMs(), 1e-9);
        assertEquals(88, w.batches());
        assertEquals(88 * p.batchIntervalMs() + Math.max(0, p.latencyMs() - p.batchIntervalMs()),
                f.completion().toNanos() / 1e6, 1e-3);
        assertEquals(Duration.ZERO, f.idle());
        ServingForecast sim = ServingModel.simulate(whisper, w, 3, 960, 1);
        assertEquals(f.meanLatencyMs(), sim.meanLatencyMs(), 1e-9);
        assertEquals(f.completion().toNanos() / 1e6, sim.completion().toNanos() / 1e6, 1e-3);
    }

    @Test
    void sloIsFiveTimesTheIsolatedLatencyOnTheWholeGpuAtTheTopClock() {
        ModelProfile gpt = profile("gpt");
        ModelDemand w = ModelDemand.closedLoop("gpt", 1, 10);
        assertEquals(5 * gpt.require(1, 7, 1410).latencyMs(), ServingModel.sloMs(gpt, w), 1e-9);
        assertEquals(123.0, ServingModel.sloMs(gpt, w.withSloMs(123)), 1e-12);
        ServingForecast f = ServingModel.forecast(gpt, w, 2, 690);
        assertTrue(f.meetsSlo(), "gpt on 2 slices at 690 MHz is " + f.meanLatencyMs() + " ms, SLO " + f.sloMs());
        assertFalse(ServingModel.forecast(gpt, w.withSloFactor(1.5), 2, 690).meetsSlo());
    }

    @Test
    void poissonAnalyticMatchesTheSimulation() {
        String[][] cases = {{"resnet50", "1", "8"}, {"whisper", "1", "2"}, {"gpt", "1", "1"}, {"mobilenet_v3_large", "1", "16"},
                {"vgg19", "1", "4"}};
        double[] shares = {0.25, 0.5, 0.75, 0.9, 0.95, 0.99};
        for (String[] c : cases) {
            ModelProfile p = profile(c[0]);
            int batch = Integer.parseInt(c[2]);
            for (double share : shares) {
                ModelDemand w = ModelDemand.poisson(c[0], batch, 4000, share);
                int slices = p.slices().last();
                int clock = 1410;
                ServingForecast a = ServingModel.forecast(p, w, slices, clock);
                double mean = 0;
                double completion = 0;
                int seeds = 5;
                for (int s = 0; s < seeds; s++) {
                    ServingForecast sim = ServingModel.simulate(p, w, slices, clock, s);
                    mean += sim.meanLatencyMs() / seeds;
                    completion += sim.completion().toNanos() / 1e6 / seeds;
                }
                String what = c[0] + " b=" + batch + " load " + share + ": analytic " + a.meanLatencyMs() + " ms, simulated "
                        + mean + " ms";
                System.out.printf("%-20s b=%-2d load %.2f analytic %10.1f ms  simulated %10.1f ms  (%+.1f %%)%n", c[0], batch,
                        share, a.meanLatencyMs(), mean, 100 * (a.meanLatencyMs() / mean - 1));
                assertEquals(mean, a.meanLatencyMs(), (share <= 0.75 ? 0.10 : share <= 0.95 ? 0.20 : 0.30) * mean, what);
                assertEquals(completion, a.completion().toNanos() / 1e6, 0.05 * completion, what);
                assertEquals(share, a.utilization(), 0.2 * share + 0.05, "utilisation near the load share on the reference cell");
            }
        }
    }

    @Test
    void overloadGrowsTheQueueAndBreaksTheSlo() {
        ModelProfile p = profile("resnet152");
        ModelDemand w = ModelDemand.poisson("resnet152", 8, 2000, 1.25);
        ServingForecast a = ServingModel.forecast(p, w, 7, 1410);
        ServingForecast sim = ServingModel.simulate(p, w, 7, 1410, 3);
        assertTrue(a.utilization() > 1);
        assertFalse(a.meetsSlo());
        assertEquals(sim.meanLatencyMs(), a.meanLatencyMs(), 0.15 * sim.meanLatencyMs());
        assertEquals(sim.completion().toNanos(), a.completion().toNanos(), 0.05 * sim.completion().toNanos());
    }

    @Test
    void lowerLoadMeansMoreIdleTimeAndNeverMoreBusyTime() {
        ModelProfile p = profile("vgg11");
        qt().withExamples(50).forAll(doubles().between(0.05, 0.95), doubles().between(0.05, 0.95), integers().between(0, 14))
                .checkAssert((x, y, c) -> {
                    int clock = EnerTuneA100.devicePower().clocksMhz().get(c);
                    double lo = Math.min(x, y);
                    double hi = Math.max(x, y);
                    ServingForecast a = ServingModel.forecast(p, ModelDemand.poisson("vgg11", 4, 500, lo), 3, clock);
                    ServingForecast b = ServingModel.forecast(p, ModelDemand.poisson("vgg11", 4, 500, hi), 3, clock);
                    assertEquals(a.busy().toNanos(), b.busy().toNanos(), 1000);
                    assertTrue(a.completion().toNanos() >= b.completion().toNanos() - 1000);
                    assertTrue(a.idle().toNanos() >= b.idle().toNanos() - 1000);
                    assertEquals(a.completion().toNanos(), a.busy().plus(a.idle()).toNanos(), 1000);
                });
    }

    @Test
    void completionNeverShrinksWhenTheLoadFallsEvenNearSaturation() {
        // Smaller instances and lower clocks put the same load share near or past saturation (utilisation ~1),
        // where a steady-state wait formula would make a finite run at higher load look longer.
        ModelProfile p = profile("resnet152");
        qt().withExamples(60).forAll(doubles().between(0.05, 1.3), doubles().between(0.05, 1.3), integers().between(0, 14),
                        integers().between(0, 3))
                .checkAssert((x, y, c, s) -> {
                    int clock = EnerTuneA100.devicePower().clocksMhz().get(c);
                    int slices = new int[] {1, 2, 3, 4}[s];
                    double lo = Math.min(x, y);
                    double hi = Math.max(x, y);
                    ServingForecast a = ServingModel.forecast(p, ModelDemand.poisson("resnet152", 4, 800, lo), slices, clock);
                    ServingForecast b = ServingModel.forecast(p, ModelDemand.poisson("resnet152", 4, 800, hi), slices, clock);
                    assertTrue(a.completion().toNanos() >= b.completion().toNanos() - 1000,
                            "load " + lo + " finishes at " + a.completion() + ", load " + hi + " at " + b.completion()
                                    + " (utilisation " + a.utilization() + " / " + b.utilization() + ")");
                });
    }

    @Test
    void nearSaturationTheFiniteRunMatchesTheSimulation() {
        ModelProfile p = profile("resnet152");
        for (int slices : new int[] {2, 3, 4}) {
            for (double share : new double[] {0.3, 0.5, 0.76, 1.0}) {
                ModelDemand w = ModelDemand.poisson("resnet152", 4, 800, share);
                ServingForecast a = ServingModel.forecast(p, w, slices, 1050);
                double completion = 0;
                double mean = 0;
                for (int seed = 0; seed < 8; seed++) {
                    ServingForecast sim = ServingModel.simulate(p, w, slices, 1050, seed);
                    completion += sim.completion().toNanos() / 1e6 / 8;
                    mean += sim.meanLatencyMs() / 8;
                }
                String what = slices + " slices, load " + share + " (utilisation " + a.utilization() + "): analytic "
                        + a.completion() + " / " + a.meanLatencyMs() + " ms, simulated " + completion + " / " + mean + " ms";
                System.out.println(what);
                assertEquals(completion, a.completion().toNanos() / 1e6, 0.05 * completion, what);
                assertEquals(mean, a.meanLatencyMs(), 0.25 * mean, what);
            }
        }
    }

    @Test
    void badInputIsNamed() {
        assertThrows(IllegalArgumentException.class, () -> ModelDemand.poisson("gpt", 1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> ModelDemand.closedLoop("gpt", 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServingModel.forecast(profile("gpt"), ModelDemand.closedLoop("gpt", 3, 10), 2, 960));
        assertTrue(e.getMessage().contains("no batch size 3; it has [1]"), e.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> ServingModel.forecast(profile("gpt"), ModelDemand.closedLoop("vgg11", 1, 10), 2, 960));
        assertTrue(wrong.getMessage().contains("for vgg11"), wrong.getMessage());
    }
}
