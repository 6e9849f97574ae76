package dev.greenslice.carbon;

/**
 * The carbon intensity of electricity: grams of CO2 equivalent emitted per kilowatt-hour consumed
 * (gCO2e/kWh).
 *
 * <p>Immutable and thread-safe. Construction rejects NaN, infinities and negative intensities with an
 * {@link IllegalArgumentException} naming the offending value. Whether the figure is lifecycle or
 * direct (operational) is provenance, carried by {@link dev.greenslice.carbon.intensity.IntensityFactor}.
 *
 * @param gramsPerKwh gCO2e per kWh; finite and {@code >= 0}
 */
public record CarbonIntensity(double gramsPerKwh) implements Comparable<CarbonIntensity> {

    /** Grams per pound, the factor WattTime's lbs/MWh figures need. */
    private static final double GRAMS_PER_POUND = 453.59237;

    public CarbonIntensity {
        Quantities.requireFiniteNonNegative(gramsPerKwh, "CarbonIntensity", "gCO2e/kWh");
    }

    /** @param gramsPerKwh intensity in gCO2e/kWh */
    public static CarbonIntensity ofGramsPerKwh(double gramsPerKwh) {
        return new CarbonIntensity(gramsPerKwh);
    }

    /** @param kilogramsPerMwh intensity in kgCO2e/MWh (numerically equal to gCO2e/kWh) */
    public static CarbonIntensity ofKilogramsPerMwh(double kilogramsPerMwh) {
        return new CarbonIntensity(kilogramsPerMwh);
    }

    /**
     * @param poundsPerMwh intensity in lbs CO2e/MWh, as WattTime reports its MOER; 1 lb/MWh = 0.4536 g/kWh
     */
    public static CarbonIntensity ofPoundsPerMwh(double poundsPerMwh) {
        Quantities.requireFiniteNonNegative(poundsPerMwh, "CarbonIntensity", "lbs/MWh");
        return new CarbonIntensity(poundsPerMwh * GRAMS_PER_POUND / 1000.0);
    }

    /** @return gCO2e per kWh */
    public double toGramsPerKwh() {
        return gramsPerKwh;
    }

    /** @return gCO2e per joule */
    public double toGramsPerJoule() {
        return gramsPerKwh / 3.6e6;
    }

    /** @return the carbon emitted by consuming {@code energy} at this intensity */
    public CarbonMass times(Energy energy) {
        return CarbonMass.ofGrams(energy.toKilowattHours() * gramsPerKwh);
    }

    @Override
    public int compareTo(CarbonIntensity o) {
        return Double.compare(gramsPerKwh, o.gramsPerKwh);
    }

    @Override
    public String toString() {
        return Quantities.format(gramsPerKwh, "gCO2e/kWh");
    }
}
