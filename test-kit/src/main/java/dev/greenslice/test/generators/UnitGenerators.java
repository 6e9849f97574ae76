package dev.greenslice.test.generators;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.Power;
import org.quicktheories.core.Gen;

import static org.quicktheories.generators.SourceDSL.doubles;

/**
 * QuickTheories generators of GreenSlice's unit values: energy, power, carbon mass and carbon intensity, from
 * zero (always among the first values tried, and what shrinking tends to) to a maximum the caller chooses.
 *
 * <pre>{@code
 * qt().forAll(UnitGenerators.energies(1e6), UnitGenerators.energies(1e6))
 *     .check((a, b) -> a.plus(b).compareTo(a) >= 0);
 * }</pre>
 *
 * <p>Stateless; the generators are immutable and may be shared between threads. Every value is finite and not
 * negative, as the unit types require.
 */
public final class UnitGenerators {

    private UnitGenerators() {
    }

    /**
     * Energies from 0 J to {@code maxJoules}.
     *
     * @param maxJoules the largest, in joules; finite, above 0
     * @return the generator
     * @throws IllegalArgumentException if the maximum is not finite or not above 0
     */
    public static Gen<Energy> energies(double maxJoules) {
        return amounts(maxJoules, "maxJoules").map(Energy::ofJoules);
    }

    /**
     * Powers from 0 W to {@code maxWatts}.
     *
     * @param maxWatts the largest, in watts; finite, above 0
     * @return the generator
     * @throws IllegalArgumentException if the maximum is not finite or not above 0
     */
    public static Gen<Power> powers(double maxWatts) {
        return amounts(maxWatts, "maxWatts").map(Power::ofWatts);
    }

    /**
     * GPU board powers: 0 W to 700 W, an H100 SXM's limit.
     *
     * @return the generator
     */
    public static Gen<Power> gpuPowers() {
        return powers(700);
    }

    /**
     * Carbon masses from 0 g to {@code maxGrams}.
     *
     * @param maxGrams the largest, in grams of CO2e; finite, above 0
     * @return the generator
     * @throws IllegalArgumentException if the maximum is not finite or not above 0
     */
    public static Gen<CarbonMass> carbonMasses(double maxGrams) {
        return amounts(maxGrams, "maxGrams").map(CarbonMass::ofGrams);
    }

    /**
     * Grid carbon intensities from 0 to 1200 gCO2e/kWh (above the dirtiest grid's hourly peaks).
     *
     * @return the generator
     */
    public static Gen<CarbonIntensity> intensities() {
        return amounts(1200, "maxGramsPerKwh").map(CarbonIntensity::ofGramsPerKwh);
    }

    private static Gen<Double> amounts(double max, String name) {
        if (!(max > 0) || Double.isInfinite(max)) {
            throw new IllegalArgumentException(name + " must be finite and above 0; got " + max);
        }
        return doubles().between(0, max);
    }
}
