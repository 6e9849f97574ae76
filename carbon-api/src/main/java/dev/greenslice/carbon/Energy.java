package dev.greenslice.carbon;

/**
 * An amount of energy, stored in joules.
 *
 * <p>Immutable and thread-safe. Construction rejects NaN, infinities and negative amounts with an
 * {@link IllegalArgumentException} naming the offending value; arithmetic that would produce such a
 * value fails the same way rather than silently clamping.
 *
 * @param joules the amount in joules (J); finite and {@code >= 0}
 */
public record Energy(double joules) implements Comparable<Energy> {

    /** No energy at all. */
    public static final Energy ZERO = new Energy(0.0);

    private static final double JOULES_PER_KWH = 3.6e6;
    private static final double JOULES_PER_WH = 3600.0;

    /**
     * An amount in joules; {@code -0.0} is stored as {@code 0.0}.
     *
     * @param joules the amount in joules (J); finite and {@code >= 0}
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public Energy {
        joules = Quantities.stored(joules, "Energy", "J");
    }

    /**
     * An amount in joules.
     *
     * @param joules energy in joules (J)
     * @return the energy
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public static Energy ofJoules(double joules) {
        return new Energy(joules);
    }

    /**
     * An amount in millijoules.
     *
     * @param millijoules energy in millijoules (mJ), the unit NVML counters use
     * @return the energy
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public static Energy ofMillijoules(double millijoules) {
        Quantities.requireFiniteNonNegative(millijoules, "Energy", "mJ");
        return new Energy(millijoules / 1e3);
    }

    /**
     * An amount in microjoules.
     *
     * @param microjoules energy in microjoules (µJ), the unit of Linux powercap {@code energy_uj}
     * @return the energy
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public static Energy ofMicrojoules(double microjoules) {
        Quantities.requireFiniteNonNegative(microjoules, "Energy", "µJ");
        return new Energy(microjoules / 1e6);
    }

    /**
     * An amount in watt-hours.
     *
     * @param wattHours energy in watt-hours (Wh)
     * @return the energy
     * @throws IllegalArgumentException for NaN, an infinity, a negative value, or one too large to convert, naming it
     */
    public static Energy ofWattHours(double wattHours) {
        return new Energy(Quantities.scaled(wattHours, JOULES_PER_WH, "Energy", "Wh", "J"));
    }

    /**
     * An amount in kilowatt-hours.
     *
     * @param kilowattHours energy in kilowatt-hours (kWh), the unit carbon intensities are quoted in
     * @return the energy
     * @throws IllegalArgumentException for NaN, an infinity, a negative value, or one too large to convert, naming it
     */
    public static Energy ofKilowattHours(double kilowattHours) {
        return new Energy(Quantities.scaled(kilowattHours, JOULES_PER_KWH, "Energy", "kWh", "J"));
    }

    /** @return this energy in joules (J) */
    public double toJoules() {
        return joules;
    }

    /** @return this energy in millijoules (mJ) */
    public double toMillijoules() {
        return joules * 1e3;
    }

    /** @return this energy in microjoules (µJ) */
    public double toMicrojoules() {
        return joules * 1e6;
    }

    /** @return this energy in watt-hours (Wh) */
    public double toWattHours() {
        return joules / JOULES_PER_WH;
    }

    /** @return this energy in kilowatt-hours (kWh) */
    public double toKilowattHours() {
        return joules / JOULES_PER_KWH;
    }

    /**
     * The sum of two amounts.
     *
     * @param other the amount to add
     * @return the sum of both amounts
     */
    public Energy plus(Energy other) {
        return new Energy(joules + other.joules);
    }

    /**
     * The difference of two amounts, never negative.
     *
     * @param other the amount to subtract; at most this one
     * @return this amount minus {@code other}
     * @throws IllegalArgumentException if {@code other} is larger than this amount
     */
    public Energy minus(Energy other) {
        if (other.joules > joules) {
            throw new IllegalArgumentException("Cannot subtract " + other + " from " + this + ": the result would be negative");
        }
        return new Energy(joules - other.joules);
    }

    /**
     * This amount scaled, e.g. by a share of a device.
     *
     * @param factor a finite, non-negative factor
     * @return the scaled amount
     * @throws IllegalArgumentException for a NaN, infinite or negative factor
     */
    public Energy times(double factor) {
        Quantities.requireFiniteNonNegative(factor, "Energy factor", "");
        return new Energy(joules * factor);
    }

    /**
     * The average power that delivers this energy over {@code duration}.
     *
     * @param duration the time the energy was used over; positive
     * @return energy in J ÷ duration in s
     * @throws IllegalArgumentException if the duration is zero or negative
     */
    public Power over(java.time.Duration duration) {
        double seconds = Quantities.seconds(duration);
        if (seconds <= 0) {
            throw new IllegalArgumentException("Cannot average " + this + " over a non-positive duration " + duration);
        }
        return Power.ofWatts(joules / seconds);
    }

    @Override
    public int compareTo(Energy o) {
        return Double.compare(joules, o.joules);
    }

    @Override
    public String toString() {
        return Quantities.format(joules, "J");
    }
}
