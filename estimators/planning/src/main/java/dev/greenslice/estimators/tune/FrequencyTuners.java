package dev.greenslice.estimators.tune;

import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfilePoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The {@link FrequencyTuner}s of this module.
 *
 * <p>{@link #offline} tunes from profiles: for a GPU's co-located models it predicts, at every clock that each
 * model's profile has at its batch size and instance size (and the device profile has a baseline for), the
 * GPU's run with {@code DeploymentModel} — queueing, energy with the idle baseline, operational carbon over
 * the intensity in effect, embodied carbon by the request's accounting — and chooses the clock with the least
 * total carbon among those where every model meets its SLO. Ties (within a relative 10<sup>-12</sup>) go to
 * the clock with less energy, then to the lower clock: so the chosen clock never rises when intensity rises,
 * wherever a lower clock never finishes sooner.
 *
 * <p>Models measured only at some clocks restrict the GPU: gpt and both diffusion models of the EnerTune
 * data were measured at 690 MHz and above, so a GPU holding one of them is tuned among 690–1410 MHz.
 *
 * <p>Tuners are immutable and thread-safe.
 */
public final class FrequencyTuners {

    private FrequencyTuners() {
    }

    /**
     * The offline tuner over {@code profiles} and {@code device}, with the best power estimator.
     *
     * @param profiles the models' profiles
     * @param device the GPU's baseline power per clock
     * @return the tuner
     */
    public static FrequencyTuner offline(ModelProfiles profiles, DevicePowerProfile device) {
        return offline(profiles, device, PowerEstimators.best(profiles, device));
    }

    /**
     * The offline tuner over {@code profiles} and {@code device}, with {@code estimator} for co-located power.
     *
     * @param profiles the models' profiles
     * @param device the GPU's baseline power per clock
     * @param estimator the power estimator for co-located models
     * @return the tuner
     */
    public static FrequencyTuner offline(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator) {
        return offline(profiles, device, estimator, 0);
    }

    /**
     * The offline tuner that chooses only clocks at which every predicted latency meets its SLO with a margin:
     * latency × (1 + {@code sloMargin}) ≤ SLO. Use it with predicted profiles, whose latencies err; the margin
     * that a fit's own errors call for is {@code FittedProfiles.latencySloMargin(0.95)}. The curve still reports
     * each clock's predicted latency and whether it meets the SLO unmargined; the margin is listed among the
     * result's assumptions. A margin costs carbon where it moves the choice to a faster clock: on the EnerTune
     * data, the 10.1 % margin of a fit to 10 % of the grid raises the mean regret from 0.54 % to 0.65 % and removes
     * every SLO miss ({@code TunerRegretTest}).
     *
     * @param profiles the models' profiles
     * @param device the GPU's baseline power per clock
     * @param estimator the power estimator for co-located models
     * @param sloMargin the margin as a fraction, finite and in [0, 1); 0 for none
     * @return the tuner
     * @throws IllegalArgumentException for a margin outside [0, 1) or NaN
     */
    public static FrequencyTuner offline(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator,
                                         double sloMargin) {
        if (!(sloMargin >= 0 && sloMargin < 1)) {
            throw new IllegalArgumentException("The SLO margin must be a fraction in [0, 1), got " + sloMargin);
        }
        return new OfflineFrequencyTuner(Objects.requireNonNull(profiles, "profiles"),
                Objects.requireNonNull(device, "device"), Objects.requireNonNull(estimator, "estimator"), sloMargin);
    }

    /**
     * The offline tuner over the embedded EnerTune A100-80GB data.
     *
     * @return the tuner
     */
    public static FrequencyTuner embedded() {
        return offline(EnerTuneA100.profiles(), EnerTuneA100.devicePower());
    }

    /**
     * The clocks every co-located model supports: those each model's profile has at its batch size and
     * instance size, that the device profile has a baseline for, ascending.
     *
     * @param profiles the models' profiles
     * @param device   the GPU's baseline power per clock
     * @param tenants  the co-located models
     * @return the common clocks, in MHz, ascending
     * @throws IllegalArgumentException naming a model without a profile, or listing each model's clocks when
     *                                  they have none in common
     */
    public static List<Integer> commonClocksMhz(ModelProfiles profiles, DevicePowerProfile device,
                                                List<TenantDemand> tenants) {
        TreeSet<Integer> common = new TreeSet<>(device.clocksMhz());
        List<String> each = new ArrayList<>();
        for (TenantDemand t : tenants) {
            ModelProfile p = profiles.profile(t.demand().model());
            TreeSet<Integer> mine = new TreeSet<>();
            for (ProfilePoint pt : p.points()) {
                if (pt.batchSize() == t.demand().batchSize() && pt.slices() == t.computeSlices()) {
                    mine.add(pt.clockMhz());
                }
            }
            if (mine.isEmpty()) {
                throw new IllegalArgumentException("Profile of " + p.model() + " has no point at batch size "
                        + t.demand().batchSize() + " on " + t.computeSlices() + " slices; it has batch sizes "
                        + p.batchSizes() + " and slices " + p.slices());
            }
            each.add(t.demand().name() + " " + range(mine));
            common.retainAll(mine);
        }
        if (common.isEmpty()) {
            throw new IllegalArgumentException("The co-located models share no clock (with a device baseline "
                    + range(new TreeSet<>(device.clocksMhz())) + "): " + String.join(", ", each));
        }
        return List.copyOf(common);
    }

    private static String range(TreeSet<Integer> clocks) {
        return clocks.size() == 1 ? clocks.first() + " MHz" : clocks.first() + "–" + clocks.last() + " MHz ("
                + clocks.size() + " clocks)";
    }
}
