package dev.greenslice.estimators.power;

import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.estimate.PowerTerm;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfilePoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.lists;

class PowerEstimatorsTest {

    private static final ModelProfiles PROFILES = EnerTuneA100.profiles();
    private static final DevicePowerProfile DEVICE = EnerTuneA100.devicePower();
    private static final List<PowerEstimator> ALL = List.of(
            PowerEstimators.additive(PROFILES, DEVICE),
            PowerEstimators.decomposed(PROFILES, DEVICE, AuxiliaryRule.SUMMED),
            PowerEstimators.decomposed(PROFILES, DEVICE, AuxiliaryRule.SHARED_WAKE_UP));

    private static List<ModelPlacement> all(String... specs) {
        List<ModelPlacement> list = new ArrayList<>();
        for (String s : specs) {
            list.add(ModelPlacement.parse(s));
        }
        return list;
    }

    private static void checkSums(PowerEstimate e) {
        double terms = e.terms().stream().mapToDouble(t -> t.power().watts()).sum();
        double per = e.perPlacement().stream().mapToDouble(p -> p.watts()).sum();
        assertEquals(e.total().watts(), terms, 1e-9, "terms add up to the total: " + e);
        assertEquals(e.total().watts(), per, 1e-9, "attributable powers add up to the total: " + e);
    }

    @Test
    void aModelAloneIsItsMeasuredBoardPowerForEveryMethod() {
        for (ModelProfile p : PROFILES) {
            for (ProfilePoint pt : p.points()) {
                if (pt.clockMhz() % 300 != 210 % 300 && pt.clockMhz() != 1410) {
                    continue;
                }
                List<ModelPlacement> one = List.of(new ModelPlacement(p.model(), pt.batchSize(), pt.slices()));
                double measured = DEVICE.baseline(pt.clockMhz()).watts() + pt.dynamicPower().watts();
                for (PowerEstimator est : ALL) {
                    PowerEstimate e = est.estimate(pt.clockMhz(), one);
                    assertEquals(measured, e.total().watts(), 1e-9, est.method() + " " + one + " at " + pt.clockMhz());
                    checkSums(e);
                }
            }
        }
    }

    @Test
    void additiveCountsTheBaselineTwiceAndSummedAuxiliaryExceedsSharedWakeUp() {
        List<ModelPlacement> pair = all("gpt:1:3", "diffusion_256_256:1:4");
        int clock = 960;
        double additive = ALL.get(0).estimate(clock, pair).total().watts();
        double summed = ALL.get(1).estimate(clock, pair).total().watts();
        PowerEstimate shared = ALL.get(2).estimate(clock, pair);
        assertEquals(additive - summed, DEVICE.baseline(clock).watts(), 1e-9);
        PowerDecomposition g = PowerDecomposition.of(PROFILES.profile("gpt"), pair.get(0), clock);
        PowerDecomposition d = PowerDecomposition.of(PROFILES.profile("diffusion_256_256"), pair.get(1), clock);
        assertEquals(summed - shared.total().watts(), Math.min(g.wakeUp().watts(), d.wakeUp().watts()), 1e-9);
        assertEquals("decomposed", shared.method());
        assertTrue(shared.terms().stream().anyMatch(t -> t.name().equals("auxiliary wake-up") && t.isShared()));
        checkSums(shared);
        System.out.printf("gpt:1:3 + diffusion_256_256:1:4 at 960 MHz: additive %.1f W, summed %.1f W, shared %.1f W%n",
                additive, summed, shared.total().watts());
    }

    @Test
    void termsAndAttributionsAddUpForManyCombinations() {
        String[][] combos = {{"resnet50:8:3", "vgg19:8:4"}, {"whisper:4:2", "densenet161:4:2", "mobilenet_v3_large:16:3"},
                {"resnet152:1:1", "resnet152:1:1", "resnet152:1:1"}, {"vgg11:32:7"}};
        for (String[] c : combos) {
            for (PowerEstimator est : ALL) {
                for (int clock : DEVICE.clocksMhz()) {
                    PowerEstimate e = est.estimate(clock, all(c));
                    checkSums(e);
                    for (int i = 0; i < c.length; i++) {
                        assertTrue(e.perPlacement().get(i).watts() > 0);
                    }
                }
            }
        }
    }

    @Test
    void wakeUpPowerIsASmallSharedPartOfTheSliceIndependentPower() {
        int clock = 1410;
        for (ModelProfile p : PROFILES) {
            int batch = p.batchSizes().first();
            PowerDecomposition d = PowerDecomposition.of(p, new ModelPlacement(p.model(), batch, p.slices().last()), clock);
            assertTrue(d.wakeUp().watts() <= d.sliceIndependent().watts() + 1e-9);
            assertTrue(d.compute().watts() >= 0 && d.auxiliaryActivity().watts() >= 0);
            System.out.printf("%-20s b=%-2d 1410 MHz: dynamic %6.1f W = compute %6.1f + activity %6.1f + wake-up %5.1f%n",
                    p.model(), batch, d.dynamic().watts(), d.compute().watts(), d.auxiliaryActivity().watts(),
                    d.wakeUp().watts());
        }
    }

    @Test
    void shapleySharesOfTheMaximumAreFair() {
        qt().forAll(lists().of(doubles().between(0, 100)).ofSizeBetween(1, 6)).checkAssert(values -> {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            double[] s = Placements.shapleyOfMax(v);
            double max = java.util.Arrays.stream(v).max().orElseThrow();
            assertEquals(max, java.util.Arrays.stream(s).sum(), 1e-9);
            for (int i = 0; i < v.length; i++) {
                assertTrue(s[i] >= 0 && s[i] <= v[i] + 1e-9);
                for (int j = 0; j < v.length; j++) {
                    if (v[i] <= v[j]) {
                        assertTrue(s[i] <= s[j] + 1e-9);
                    }
                }
            }
        });
    }

    @Test
    void badRequestsNameWhatIsMissing() {
        PowerEstimator est = PowerEstimators.best(PROFILES, DEVICE);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> est.estimate(960, all("llama:1:3")))
                .getMessage().contains("No profile for model 'llama'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> est.estimate(960, all("gpt:1:1")))
                .getMessage().contains("has no point for batch 1, 1 slice, 960 MHz"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> est.estimate(1000, all("gpt:1:3")))
                .getMessage().contains("No baseline power"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> est.estimate(960, all("gpt:1:4", "vgg11:1:4")))
                .getMessage().contains("use 8 compute slices"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> est.estimate(960, List.of()))
                .getMessage().contains("at least one model"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PowerEstimators.byMethod("magic", PROFILES, DEVICE)).getMessage().contains("additive, decomposed"));
    }

    @Test
    void termsNameTheirModelOrAreShared() {
        PowerEstimate e = PowerEstimators.best(PROFILES, DEVICE).estimate(1140, all("whisper:8:3", "resnet50:8:4"));
        for (PowerTerm t : e.terms()) {
            assertTrue(t.isShared() || List.of("whisper", "resnet50").contains(t.model()), t.toString());
            assertTrue(!t.explanation().isBlank());
        }
    }
}
