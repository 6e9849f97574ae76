package dev.greenslice.estimators.power;

import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.estimate.PowerTerm;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfilePoint;

import java.util.ArrayList;
import java.util.List;

/** The naive estimator: the sum of each model's isolated board power (baseline counted once per model). */
final class AdditiveEstimator implements PowerEstimator {

    private final ModelProfiles profiles;
    private final DevicePowerProfile device;
    private final int gpuSlices;

    AdditiveEstimator(ModelProfiles profiles, DevicePowerProfile device, int gpuSlices) {
        this.profiles = profiles;
        this.device = device;
        this.gpuSlices = gpuSlices;
    }

    @Override
    public String method() {
        return "additive";
    }

    @Override
    public PowerEstimate estimate(int clockMhz, List<ModelPlacement> models) {
        Placements.check(models, gpuSlices);
        Power baseline = device.baseline(clockMhz);
        List<PowerTerm> terms = new ArrayList<>();
        List<Power> per = new ArrayList<>();
        Power total = Power.ZERO;
        for (ModelPlacement m : models) {
            ProfilePoint p = profiles.profile(m.model()).require(m.batchSize(), m.slices(), clockMhz);
            Power board = p.boardPower(baseline);
            terms.add(new PowerTerm("isolated board power", m.model(), board,
                    "baseline " + fmt(baseline) + " + dynamic " + fmt(p.dynamicPower()) + " measured alone on "
                            + m.slices() + " slices; the baseline is counted again for every model"));
            per.add(board);
            total = total.plus(board);
        }
        return PowerEstimate.builder().method(method()).clockMhz(clockMhz).placements(models).total(total)
                .terms(terms).perPlacement(per).build();
    }

    @Override
    public Power totalPower(int clockMhz, List<ModelPlacement> models) {
        Placements.check(models, gpuSlices);
        Power baseline = device.baseline(clockMhz);
        Power total = Power.ZERO;
        for (ModelPlacement m : models) {
            total = total.plus(profiles.profile(m.model()).require(m.batchSize(), m.slices(), clockMhz)
                    .boardPower(baseline));
        }
        return total;
    }

    /** {@code 12.3 W}: one decimal, without the cost of {@code String.format} on the estimate path. */
    static String fmt(Power p) {
        long tenths = Math.round(p.watts() * 10);
        return (tenths / 10) + "." + Math.abs(tenths % 10) + " W";
    }
}
