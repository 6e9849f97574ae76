package dev.greenslice.carbon;

import java.util.Objects;

/**
 * A carbon amount with the low and high ends of its known range.
 *
 * <p>Where a factor has a published range (IPCC minimum/maximum per energy source, ACT with different
 * fab grids) the range is carried alongside the central value, so a report never claims more precision
 * than its inputs have. Where no range is known, low and high equal the value. Immutable.
 *
 * @param value the central figure
 * @param low   the low end; {@code <= value}
 * @param high  the high end; {@code >= value}
 */
public record CarbonFigure(CarbonMass value, CarbonMass low, CarbonMass high) {

    /** No carbon, no range. */
    public static final CarbonFigure ZERO = exact(CarbonMass.ZERO);

    /**
     * A figure with its range; the range may miss the value by rounding (10<sup>-9</sup> relative).
     *
     * @param value the central figure
     * @param low   the low end; {@code <= value}
     * @param high  the high end; {@code >= value}
     * @throws NullPointerException if any part is null
     * @throws IllegalArgumentException if the range does not contain the value
     */
    public CarbonFigure {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(high, "high");
        // Tolerate rounding: ranges are computed by the same arithmetic as the value.
        double eps = 1e-9 * Math.max(1.0, value.grams());
        if (low.grams() > value.grams() + eps || high.grams() < value.grams() - eps) {
            throw new IllegalArgumentException(
                    "A carbon range must contain its value: low " + low + ", value " + value + ", high " + high);
        }
    }

    /**
     * A figure with no known range: low and high equal the value.
     *
     * @param value the amount
     * @return the figure
     */
    public static CarbonFigure exact(CarbonMass value) {
        return new CarbonFigure(value, value, value);
    }

    /**
     * Adds two figures end by end: values, lows and highs.
     *
     * @param o the other figure
     * @return the element-wise sum
     */
    public CarbonFigure plus(CarbonFigure o) {
        return new CarbonFigure(value.plus(o.value), low.plus(o.low), high.plus(o.high));
    }

    /**
     * Scales the value and both ends, e.g. by a share of a device.
     *
     * @param factor finite, non-negative
     * @return the scaled figure
     * @throws IllegalArgumentException for a NaN, infinite or negative factor
     */
    public CarbonFigure times(double factor) {
        return new CarbonFigure(value.times(factor), low.times(factor), high.times(factor));
    }

    /**
     * Divides the value and both ends, e.g. per request.
     *
     * @param divisor finite, positive
     * @return the divided figure
     * @throws IllegalArgumentException for a divisor that is not finite and positive
     */
    public CarbonFigure dividedBy(double divisor) {
        return new CarbonFigure(value.dividedBy(divisor), low.dividedBy(divisor), high.dividedBy(divisor));
    }

    /** @return whether low and high equal the value */
    public boolean isExact() {
        return low.equals(value) && high.equals(value);
    }

    @Override
    public String toString() {
        return isExact() ? value.toString() : value + " (" + Quantities.number(low.toGrams()) + "–" + high + ")";
    }
}
