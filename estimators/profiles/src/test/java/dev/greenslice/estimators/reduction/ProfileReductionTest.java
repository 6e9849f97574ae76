package dev.greenslice.estimators.reduction;

import dev.greenslice.carbon.Power;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfileKey;
import dev.greenslice.estimators.profile.ProfilePoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileReductionTest {

    /** Points generated from a known shape: compute W/(s f) plus host time, power from a V² curve. */
    private static ModelProfile synthetic(List<ProfileKey> keys) {
        List<ProfilePoint> pts = new ArrayList<>();
        for (ProfileKey k : keys) {
            double f = k.clockMhz() / 1000.0;
            double lat = 40.0 * k.batchSize() / (k.slices() * f) + 2.0 * k.batchSize();
            double v = 1 + 0.8 * Math.max(0, f - 1.1);
            double watts = v * v * (3.0 * k.batchSize() * 40.0 / lat + 0.5 * k.slices() * f) + 2.0;
            pts.add(ProfilePoint.measured(k, Power.ofWatts(watts), lat, 1000.0 * k.batchSize() / lat));
        }
        return ModelProfile.of("synthetic", pts, "generated");
    }

    @Test
    void recoversASmoothPhysicalShapeFromAFewPoints() {
        ProfileGrid grid = ProfileGrid.of(Set.of(1, 4, 16), Set.of(1, 2, 3, 4, 7),
                Set.of(210, 420, 690, 960, 1140, 1410));
        List<ProfileKey> design = ProfilingDesign.select(grid, 0.2);
        FittedProfile fit = ProfileReduction.fit(ModelProfiles.of(List.of(synthetic(design)), "t")).model("synthetic");
        ModelProfile truth = synthetic(grid.keys());
        double lat = 0;
        double pow = 0;
        for (ProfilePoint t : truth.points()) {
            ProfilePoint p = fit.predict(t.key());
            assertEquals(ProfilePoint.Origin.PREDICTED, p.origin());
            lat += Math.abs(p.latencyMs() / t.latencyMs() - 1);
            pow += Math.abs(p.dynamicPower().watts() / t.dynamicPower().watts() - 1);
        }
        assertTrue(lat / truth.size() < 0.03, "latency MAPE " + lat / truth.size());
        assertTrue(pow / truth.size() < 0.05, "power MAPE " + pow / truth.size());
        assertTrue(fit.quality().latencyMape() < 0.03, fit.quality().toString());
    }

    @Test
    void predictionsAreMonotoneWhereThePhysicsIs() {
        ModelProfiles training = EnerTuneA100.profiles();
        FittedProfile whisper = ProfileReduction.fit(ModelProfiles.of(List.of(
                ModelProfile.of("whisper", ReductionEvaluation.sample(training.profile("whisper"), 0.1,
                        ReductionEvaluation.Sampler.DESIGN, 0), "sample")), "t")).model("whisper");
        // More clock or more slices never makes a batch slower; a larger batch never takes less time.
        for (int b : new int[] {2, 8, 32}) {
            for (int s : new int[] {2, 3, 4, 7}) {
                double prev = Double.MAX_VALUE;
                for (int f = 210; f <= 1410; f += 120) {
                    double l = whisper.predict(b, s, f).latencyMs();
                    assertTrue(l <= prev * 1.0001, "latency rose with the clock at b=" + b + " s=" + s + " f=" + f);
                    prev = l;
                }
            }
        }
        assertTrue(whisper.predict(32, 4, 960).latencyMs() > whisper.predict(8, 4, 960).latencyMs());
        assertTrue(whisper.predict(8, 7, 960).latencyMs() < whisper.predict(8, 2, 960).latencyMs());
    }

    @Test
    void tooFewPointsAndUnknownModelsAreClearErrors() {
        ModelProfile two = ModelProfile.of("tiny", EnerTuneA100.profiles().profile("gpt").points().subList(0, 2), "t");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProfileReduction.fit(ModelProfiles.of(List.of(two), "train.csv")));
        assertTrue(e.getMessage().contains("Model tiny has only 2 training points in train.csv"), e.getMessage());
        FittedProfiles fitted = ProfileReduction.fit(ModelProfiles.of(List.of(
                ModelProfile.of("gpt", EnerTuneA100.profiles().profile("gpt").points().subList(0, 6), "t")), "t"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> fitted.model("vgg11"));
        assertTrue(unknown.getMessage().contains("trained models: gpt"), unknown.getMessage());
    }

    @Test
    void completingFillsOnlyTheHolesOfEachModelsGrid() {
        ModelProfiles all = ProfileReduction.complete(EnerTuneA100.profiles());
        ModelProfile measured = EnerTuneA100.profiles().profile("densenet161");
        ModelProfile completed = all.profile("densenet161");
        assertEquals(418, measured.size());
        assertEquals(450, completed.size());
        assertEquals(ProfilePoint.Origin.PREDICTED, completed.require(32, 7, 1410).origin());
        assertEquals(measured.require(1, 7, 1410), completed.require(1, 7, 1410));
        assertEquals(36, all.profile("gpt").size());
        assertEquals(10.0, completed.memoryNeedGb().getAsDouble());
        // A filled cell continues its measured neighbours: batch 32 on 7 slices is faster than on 4.
        assertTrue(completed.require(32, 7, 1410).latencyMs() < measured.require(32, 4, 1410).latencyMs());
    }

    @Test
    void predictedProfilesKeepTheMemoryNeed() {
        ModelProfile gpt = EnerTuneA100.profiles().profile("gpt");
        FittedProfile fit = ProfileReduction.fit(ModelProfiles.of(List.of(gpt), "t")).model("gpt");
        ModelProfile predicted = fit.predicted(ProfileGrid.of(gpt));
        assertEquals(36, predicted.size());
        assertEquals(20.0, predicted.memoryNeedGb().getAsDouble());
    }
}
