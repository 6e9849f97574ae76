package dev.greenslice.carbon;

import java.time.Duration;

/**
 * A rate of energy use, stored in watts.
 *
 * <p>Immutable and thread-safe. Construction rejects NaN, infinities and negative values with an
 * {@link IllegalArgumentException} naming the offending value.
 *
 * @param watts the power in watts (W); finite and {@code >= 0}
 */
public record Power(double watts) implements Comparable<Power> {

    /** No power at all. */
    public static final Power ZERO = new Power(0.0);

    /**
     * A power in watts; {@code -0.0} is stored as {@code 0.0}.
     *
     * @param watts the power in watts (W); finite and {@code >= 0}
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public Power {
        watts = Quantities.stored(watts, "Power", "W");
    }

    /**
     * A power in watts.
     *
     * @param watts power in watts (W)
     * @return the power
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public static Power ofWatts(double watts) {
        return new Power(watts);
    }

    /**
     * A power in milliwatts.
     *
     * @param milliwatts power in milliwatts (mW), the unit {@code nvmlDeviceGetPowerUsage} reports
     * @return the power
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public static Power ofMilliwatts(double milliwatts) {
        Quantities.requireFiniteNonNegative(milliwatts, "Power", "mW");
        return new Power(milliwatts / 1e3);
    }

    /**
     * A power in microwatts.
     *
     * @param microwatts power in microwatts (µW), the unit of powercap constraints
     * @return the power
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public static Power ofMicrowatts(double microwatts) {
        Quantities.requireFiniteNonNegative(microwatts, "Power", "µW");
        return new Power(microwatts / 1e6);
    }

    /**
     * A power in kilowatts.
     *
     * @param kilowatts power in kilowatts (kW)
     * @return the power
     * @throws IllegalArgumentException for NaN, an infinity, a negative value, or one too large to convert, naming it
     */
    public static Power ofKilowatts(double kilowatts) {
        return new Power(Quantities.scaled(kilowatts, 1e3, "Power", "kW", "W"));
    }

    /** @return this power in watts (W) */
    public double toWatts() {
        return watts;
    }

    /** @return this power in milliwatts (mW) */
    public double toMilliwatts() {
        return watts * 1e3;
    }

    /** @return this power in microwatts (µW) */
    public double toMicrowatts() {
        return watts * 1e6;
    }

    /** @return this power in kilowatts (kW) */
    public double toKilowatts() {
        return watts / 1e3;
    }

    /**
     * The energy delivered at this power for a while.
     *
     * @param duration how long; zero or more
     * @return power in W × duration in s
     * @throws IllegalArgumentException if the duration is negative
     */
    public Energy times(Duration duration) {
        double seconds = Quantities.seconds(duration);
        if (seconds < 0) {
            throw new IllegalArgumentException("Cannot integrate " + this + " over a negative duration " + duration);
        }
        return Energy.ofJoules(watts * seconds);
    }

    /**
     * The sum of two powers.
     *
     * @param other the power to add
     * @return the sum of both
     */
    public Power plus(Power other) {
        return new Power(watts + other.watts);
    }

    /**
     * The difference of two powers, never negative.
     *
     * @param other the power to subtract; at most this one
     * @return this power minus {@code other}
     * @throws IllegalArgumentException if {@code other} is larger
     */
    public Power minus(Power other) {
        if (other.watts > watts) {
            throw new IllegalArgumentException("Cannot subtract " + other + " from " + this + ": the result would be negative");
        }
        return new Power(watts - other.watts);
    }

    /**
     * This power scaled, e.g. by a share of a device.
     *
     * @param factor a finite, non-negative factor
     * @return the scaled power
     * @throws IllegalArgumentException for a NaN, infinite or negative factor
     */
    public Power times(double factor) {
        Quantities.requireFiniteNonNegative(factor, "Power factor", "");
        return new Power(watts * factor);
    }

    @Override
    public int compareTo(Power o) {
        return Double.compare(watts, o.watts);
    }

    @Override
    public String toString() {
        return Quantities.format(watts, "W");
    }
}
