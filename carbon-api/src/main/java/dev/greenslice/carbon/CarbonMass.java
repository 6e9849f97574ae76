package dev.greenslice.carbon;

/**
 * A mass of greenhouse gases expressed as CO2 equivalent, stored in grams (gCO2e).
 *
 * <p>Immutable and thread-safe. Construction rejects NaN, infinities and negative masses with an
 * {@link IllegalArgumentException} naming the offending value.
 *
 * @param grams the mass in grams of CO2 equivalent (gCO2e); finite and {@code >= 0}
 */
public record CarbonMass(double grams) implements Comparable<CarbonMass> {

    /** No emissions. */
    public static final CarbonMass ZERO = new CarbonMass(0.0);

    /**
     * A mass in gCO2e; {@code -0.0} is stored as {@code 0.0}.
     *
     * @param grams the mass in grams of CO2 equivalent (gCO2e); finite and {@code >= 0}
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public CarbonMass {
        grams = Quantities.stored(grams, "CarbonMass", "gCO2e");
    }

    /**
     * A mass in grams.
     *
     * @param grams mass in grams of CO2 equivalent (gCO2e)
     * @return the mass
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public static CarbonMass ofGrams(double grams) {
        return new CarbonMass(grams);
    }

    /**
     * A mass in kilograms.
     *
     * @param kilograms mass in kilograms of CO2 equivalent (kgCO2e)
     * @return the mass
     * @throws IllegalArgumentException for NaN, an infinity, a negative value, or one too large to convert, naming it
     */
    public static CarbonMass ofKilograms(double kilograms) {
        return new CarbonMass(Quantities.scaled(kilograms, 1e3, "CarbonMass", "kgCO2e", "gCO2e"));
    }

    /**
     * A mass in tonnes.
     *
     * @param tonnes mass in metric tonnes of CO2 equivalent (tCO2e)
     * @return the mass
     * @throws IllegalArgumentException for NaN, an infinity, a negative value, or one too large to convert, naming it
     */
    public static CarbonMass ofTonnes(double tonnes) {
        return new CarbonMass(Quantities.scaled(tonnes, 1e6, "CarbonMass", "tCO2e", "gCO2e"));
    }

    /** @return this mass in grams (gCO2e) */
    public double toGrams() {
        return grams;
    }

    /** @return this mass in kilograms (kgCO2e) */
    public double toKilograms() {
        return grams / 1e3;
    }

    /** @return this mass in tonnes (tCO2e) */
    public double toTonnes() {
        return grams / 1e6;
    }

    /**
     * The sum of two masses.
     *
     * @param other the mass to add
     * @return the sum of both
     */
    public CarbonMass plus(CarbonMass other) {
        return new CarbonMass(grams + other.grams);
    }

    /**
     * The difference of two masses, never negative.
     *
     * @param other the mass to subtract; at most this one
     * @return this mass minus {@code other}
     * @throws IllegalArgumentException if {@code other} is larger
     */
    public CarbonMass minus(CarbonMass other) {
        if (other.grams > grams) {
            throw new IllegalArgumentException("Cannot subtract " + other + " from " + this + ": the result would be negative");
        }
        return new CarbonMass(grams - other.grams);
    }

    /**
     * This mass scaled, e.g. by a share of a device.
     *
     * @param factor a finite, non-negative factor
     * @return the scaled mass
     * @throws IllegalArgumentException for a NaN, infinite or negative factor
     */
    public CarbonMass times(double factor) {
        Quantities.requireFiniteNonNegative(factor, "CarbonMass factor", "");
        return new CarbonMass(grams * factor);
    }

    /**
     * This mass divided, e.g. per request.
     *
     * @param divisor a finite, positive divisor
     * @return the divided mass
     * @throws IllegalArgumentException for a divisor that is not finite and positive
     */
    public CarbonMass dividedBy(double divisor) {
        if (!(divisor > 0) || Double.isInfinite(divisor)) {
            throw new IllegalArgumentException("CarbonMass divisor must be a finite positive number, got " + divisor);
        }
        return new CarbonMass(grams / divisor);
    }

    @Override
    public int compareTo(CarbonMass o) {
        return Double.compare(grams, o.grams);
    }

    @Override
    public String toString() {
        return Quantities.format(grams, "gCO2e");
    }
}
