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

    /**
     * An intensity in gCO2e/kWh; {@code -0.0} is stored as {@code 0.0}.
     *
     * @param gramsPerKwh gCO2e per kWh; finite and {@code >= 0}
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public CarbonIntensity {
        gramsPerKwh = Quantities.stored(gramsPerKwh, "CarbonIntensity", "gCO2e/kWh");
    }

    /**
     * An intensity in grams per kilowatt-hour.
     *
     * @param gramsPerKwh intensity in gCO2e/kWh
     * @return the intensity
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public static CarbonIntensity ofGramsPerKwh(double gramsPerKwh) {
        return new CarbonIntensity(gramsPerKwh);
    }

    /**
     * An intensity in kilograms per megawatt-hour.
     *
     * @param kilogramsPerMwh intensity in kgCO2e/MWh (numerically equal to gCO2e/kWh)
     * @return the intensity
     * @throws IllegalArgumentException for NaN, an infinity or a negative value, naming it
     */
    public static CarbonIntensity ofKilogramsPerMwh(double kilogramsPerMwh) {
        return new CarbonIntensity(kilogramsPerMwh);
    }

    /**
     * An intensity in pounds per megawatt-hour, as WattTime reports its MOER; 1 lb/MWh = 0.4536 g/kWh.
     *
     * @param poundsPerMwh intensity in lbs CO2e/MWh
     * @return the intensity, converted to gCO2e/kWh
     * @throws IllegalArgumentException for NaN, an infinity, a negative value, or one too large to convert, naming it
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

    /**
     * The carbon emitted by consuming an amount of energy at this intensity.
     *
     * @param energy the energy consumed
     * @return energy in kWh × this intensity in gCO2e/kWh
     */
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
