package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.CarbonIntensity;

import java.time.Duration;
import java.util.Objects;

/**
 * When an {@link OnlineFrequencyTuner} re-tunes as the grid's carbon intensity changes, with hysteresis so that
 * the clock does not flap. Immutable.
 *
 * <p><b>Trigger.</b> The intensity has <em>moved</em> when it is more than {@code intensityShare} above the
 * intensity the current clock was tuned at, or below it by the same factor: {@code now / tuned >= 1 + share}
 * or {@code <= 1 / (1 + share)}. Ratios are taken of intensities plus 1 gCO2e/kWh, so that a zero intensity
 * is handled; at 0.25, 400 → 510 and 400 → 315 move, 400 → 480 and 400 → 330 do not.
 *
 * <p><b>Hysteresis</b>, two kinds. In time: a move must hold at every check for {@code dwell} before the tuner
 * acts, so an intensity that hovers around the threshold, or alternates between hours, does not re-tune at
 * each crossing. In carbon: after re-tuning, the tuner switches clocks only if the new best clock beats the
 * clock in use, priced at the new intensity, by more than {@code switchMargin} (a share of carbon per
 * request); otherwise it keeps the clock in use. A re-tune always takes the new intensity as its reference.
 *
 * @param intensityShare how far the intensity must move, as a share of the tuned intensity; positive, finite
 * @param dwell          how long a move must hold before re-tuning; zero acts on the first check that sees it
 * @param switchMargin   the least saving, as a share of carbon per request, worth switching clocks for; in [0, 1)
 */
public record RetunePolicy(double intensityShare, Duration dwell, double switchMargin) {

    /** The default policy: a 25 % move, held for an hour (one step of an hourly trace), worth more than 1 %. */
    public static final RetunePolicy DEFAULT = new RetunePolicy(0.25, Duration.ofHours(1), 0.01);

    /**
     * Checks the policy's ranges.
     *
     * @param intensityShare how far the intensity must move, as a share; positive, finite
     * @param dwell          how long a move must hold before re-tuning; not negative
     * @param switchMargin   the least saving worth switching clocks for; in [0, 1)
     * @throws NullPointerException     if the dwell is null
     * @throws IllegalArgumentException for a value outside its range, naming it
     */
    public RetunePolicy {
        Objects.requireNonNull(dwell, "dwell");
        if (!(intensityShare > 0) || Double.isInfinite(intensityShare)) {
            throw new IllegalArgumentException("The intensity share that triggers a re-tune must be a positive number"
                    + " (0.25 = a 25 % move), got " + intensityShare);
        }
        if (dwell.isNegative()) {
            throw new IllegalArgumentException("The dwell before a re-tune must not be negative, got " + dwell);
        }
        if (!(switchMargin >= 0 && switchMargin < 1)) {
            throw new IllegalArgumentException("The switch margin must be a share in [0, 1) (0.01 = 1 % less carbon"
                    + " per request), got " + switchMargin);
        }
    }

    /**
     * No hysteresis: re-tune on every check that sees a move, switch for any saving. For comparison.
     *
     * @param intensityShare how far the intensity must move, as a share; positive, finite
     * @return the policy, with no dwell and no switch margin
     */
    public static RetunePolicy withoutHysteresis(double intensityShare) {
        return new RetunePolicy(intensityShare, Duration.ZERO, 0);
    }

    /**
     * Whether the intensity has moved enough to re-tune, dwell aside.
     *
     * @param tuned the intensity the current clock was tuned at
     * @param now   the intensity in effect now
     * @return whether {@code now} has moved away from {@code tuned} by more than the share
     */
    public boolean moved(CarbonIntensity tuned, CarbonIntensity now) {
        double ratio = (now.gramsPerKwh() + 1) / (tuned.gramsPerKwh() + 1);
        double factor = 1 + intensityShare;
        return ratio >= factor || ratio <= 1 / factor;
    }
}
