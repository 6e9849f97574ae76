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
        gramsPerKwh = Quantities.stored(gramsPerKwh, "CarbonIntensity", "gCO2e/kWh");
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
        return new CarbonIntensity(
                Quantities.scaled(poundsPerMwh, GRAMS_PER_POUND / 1000.0, "CarbonIntensity", "lbs/MWh", "gCO2e/kWh"));
    }

    /** @return gCO2e per kWh */
    public double toGramsPerKwh() {
        return gramsPerKwh;
    }

    /** @return this intensity in lbs CO2e/MWh, WattTime's unit: 1 g/kWh = 1 / 0.45359237 lbs/MWh */
    public double toPoundsPerMwh() {
        return gramsPerKwh * 1000.0 / GRAMS_PER_POUND;
    }

    /** @return kgCO2e per MWh (numerically equal to gCO2e/kWh) */
    public double toKilogramsPerMwh() {
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
