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

    public Energy {
        joules = Quantities.stored(joules, "Energy", "J");
    }

    /** @param joules energy in joules (J) */
    public static Energy ofJoules(double joules) {
        return new Energy(joules);
    }

    /** @param millijoules energy in millijoules (mJ), the unit NVML counters use */
    public static Energy ofMillijoules(double millijoules) {
        Quantities.requireFiniteNonNegative(millijoules, "Energy", "mJ");
        return new Energy(millijoules / 1e3);
    }

    /** @param microjoules energy in microjoules (µJ), the unit of Linux powercap {@code energy_uj} */
    public static Energy ofMicrojoules(double microjoules) {
        Quantities.requireFiniteNonNegative(microjoules, "Energy", "µJ");
        return new Energy(microjoules / 1e6);
    }

    /** @param wattHours energy in watt-hours (Wh) */
    public static Energy ofWattHours(double wattHours) {
        return new Energy(Quantities.scaled(wattHours, JOULES_PER_WH, "Energy", "Wh", "J"));
    }

    /** @param kilowattHours energy in kilowatt-hours (kWh), the unit carbon intensities are quoted in */
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

    /** @return the sum of both amounts */
    public Energy plus(Energy other) {
        return new Energy(joules + other.joules);
    }

    /**
     * @return this amount minus {@code other}
     * @throws IllegalArgumentException if {@code other} is larger than this amount
     */
    public Energy minus(Energy other) {
        if (other.joules > joules) {
            throw new IllegalArgumentException("Cannot subtract " + other + " from " + this + ": the result would be negative");
        }
        return new Energy(joules - other.joules);
    }

    /** @param factor a finite, non-negative factor */
    public Energy times(double factor) {
        Quantities.requireFiniteNonNegative(factor, "Energy factor", "");
        return new Energy(joules * factor);
    }

    /**
     * The average power that delivers this energy over {@code duration}.
     *
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
