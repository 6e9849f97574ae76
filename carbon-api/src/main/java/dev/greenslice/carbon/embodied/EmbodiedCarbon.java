package dev.greenslice.carbon.embodied;

import dev.greenslice.carbon.CarbonFigure;

import java.time.Duration;

/**
 * The embodied (manufacturing) carbon of a device and its attribution to a period of use:
 * {@code (T / lifetime) × footprint × share}, where share is 1 for a whole device (customer-based
 * accounting, as in the co-location study) or the reserved fraction (SCI resource-share: MIG compute
 * slices / 7).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface EmbodiedCarbon {

    /** @return the device's manufacturing footprint */
    EmbodiedFootprint footprint();

    /** @return the service lifetime the footprint is amortised over */
    Duration lifetime();

    /**
     * The embodied carbon attributed to using {@code share} of the device for {@code duration}.
     *
     * @param duration time in use, {@code >= 0}
     * @param share    fraction of the device reserved, in (0, 1]
     * @throws IllegalArgumentException for a negative duration or a share outside (0, 1]
     */
    default CarbonFigure attribute(Duration duration, double share) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Duration of use must not be negative, got " + duration);
        }
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("Share of the device must be in (0, 1], got " + share);
        }
        double fraction = (duration.toNanos() / 1e9) / (lifetime().toNanos() / 1e9);
        return footprint().carbon().times(fraction * share);
    }
}
