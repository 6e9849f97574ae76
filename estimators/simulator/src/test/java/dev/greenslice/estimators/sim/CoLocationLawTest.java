package dev.greenslice.estimators.sim;

import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.estimators.power.AuxiliaryRule;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfilePoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

/** The simulator's ground truth: faithful to isolated runs, unlike every estimator on co-located sets. */
class CoLocationLawTest {

    private static final ModelProfiles PROFILES = EnerTuneA100.profiles();
    private static final DevicePowerProfile DEVICE = EnerTuneA100.devicePower();
    private static final CoLocationLaw LAW = CoLocationLaw.defaults();

    @Test
    void oneModelAloneDrawsExactlyItsProfiledBoardPower() {
        List<ProfilePoint> points = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        PROFILES.forEach(p -> p.points().forEach(pt -> {
            points.add(pt);
            owners.add(p.model());
        }));
        qt().withExamples(300).forAll(integers().between(0, points.size() - 1)).checkAssert(i -> {
            ProfilePoint pt = points.get(i);
            String model = owners.get(i);
            ModelProfile profile = PROFILES.profile(model);
            if (profile.acrossSlices(pt.batchSize(), pt.clockMhz()).size() < 2) {
                return;
            }
            double law = LAW.boardWatts(PROFILES, DEVICE, 7, pt.clockMhz(),
                    List.of(new ModelPlacement(model, pt.batchSize(), pt.slices())));
            assertEquals(DEVICE.baseline(pt.clockMhz()).watts() + pt.dynamicPower().watts(), law, 1e-9, pt.toString());
        });
    }

    @Test
    void itsLimitsAreTheStudysSummedRuleAndTheBaseline() {
        CoLocationLaw summed = CoLocationLaw.builder().auxiliaryExponent(1).interferenceScale(0).build();
        PowerEstimator study = PowerEstimators.decomposed(PROFILES, DEVICE, AuxiliaryRule.SUMMED);
        List<ModelPlacement> set = List.of(new ModelPlacement("whisper", 16, 4), new ModelPlacement("gpt", 1, 3));
        assertEquals(study.estimate(1050, set).total().watts(), summed.boardWatts(PROFILES, DEVICE, 7, 1050, set), 1e-9);
        assertEquals(DEVICE.baseline(1050).watts(), LAW.boardWatts(PROFILES, DEVICE, 7, 1050, List.of()), 1e-12);
        CoLocationLaw hotter = CoLocationLaw.builder().boardOffset(0.1).build();
        assertEquals(0.1 * DEVICE.baseline(1050).watts(), hotter.boardWatts(PROFILES, DEVICE, 7, 1050, set)
                - LAW.boardWatts(PROFILES, DEVICE, 7, 1050, set), 1e-9);
    }

    @Test
    void moreSharingAndMoreInterferenceDrawLessPower() {
        List<ModelPlacement> set = List.of(new ModelPlacement("resnet152", 8, 2), new ModelPlacement("vgg19", 8, 2),
                new ModelPlacement("whisper", 4, 3));
        double previous = Double.POSITIVE_INFINITY;
        for (double p : new double[] {1, 1.3, 1.6, 2, 4, 16}) {
            double w = CoLocationLaw.builder().auxiliaryExponent(p).build().boardWatts(PROFILES, DEVICE, 7, 960, set);
            assertTrue(w < previous, "p " + p + ": " + w + " W");
            previous = w;
        }
        double none = CoLocationLaw.builder().interferenceScale(0).build().boardWatts(PROFILES, DEVICE, 7, 960, set);
        double some = CoLocationLaw.builder().interference("vgg19", 0.3).interferenceScale(0).build()
                .boardWatts(PROFILES, DEVICE, 7, 960, set);
        assertTrue(some < none);
    }

    @Test
    void noEstimatorOfTheLibraryIsTheLaw() {
        Random random = new Random(5);
        List<String> models = PROFILES.models();
        for (String method : List.of("additive", "decomposed", "decomposed-summed-auxiliary")) {
            PowerEstimator e = PowerEstimators.byMethod(method, PROFILES, DEVICE);
            int differ = 0;
            int tried = 0;
            while (tried < 200) {
                String a = models.get(random.nextInt(models.size()));
                String b = models.get(random.nextInt(models.size()));
                List<ModelPlacement> set = List.of(new ModelPlacement(a, PROFILES.profile(a).batchSizes().first(), 4),
                        new ModelPlacement(b, PROFILES.profile(b).batchSizes().first(), 3));
                double law;
                try {
                    law = LAW.boardWatts(PROFILES, DEVICE, 7, 1050, set);
                } catch (IllegalArgumentException missingCell) {
                    continue;
                }
                tried++;
                if (Math.abs(e.totalPower(1050, set).watts() - law) / law > 0.005) {
                    differ++;
                }
            }
            assertTrue(differ > 150, method + " within 0.5 % of the law on " + (200 - differ) + " of 200 pairs");
        }
    }

    @Test
    void parametersOutOfRangeAreRefusedNamingThem() {
        assertThrows(IllegalArgumentException.class, () -> CoLocationLaw.builder().auxiliaryExponent(0.5));
        assertThrows(IllegalArgumentException.class, () -> CoLocationLaw.builder().auxiliaryExponent(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CoLocationLaw.builder().auxiliaryExponent(
                Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> CoLocationLaw.builder().interferenceScale(-0.1));
        assertThrows(IllegalArgumentException.class, () -> CoLocationLaw.builder().interference("gpt", 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoLocationLaw.builder().boardOffset(Double.NaN));
        assertTrue(e.getMessage().contains("Board offset"));
    }
}
