package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;

import java.util.Objects;

/**
 * A report's figures per functional unit, as the Software Carbon Intensity (SCI) specification asks:
 * carbon and energy per request, per token, per image. Immutable.
 *
 * @param units             how many units the window served, {@code >= 1}
 * @param unit              the unit's name, e.g. {@code "request"}, {@code "token"}
 * @param energyPerUnit     total energy / units
 * @param operationalPerUnit operational carbon / units
 * @param embodiedPerUnit   embodied carbon / units
 * @param carbonPerUnit     total carbon / units (the SCI score)
 */
public record FunctionalUnitReport(long units, String unit, Energy energyPerUnit, CarbonFigure operationalPerUnit,
                                   CarbonFigure embodiedPerUnit, CarbonFigure carbonPerUnit) {

    /**
     * Figures per unit, as {@link CarbonReport#per} computes them.
     *
     * @param units              how many units the window served, {@code >= 1}
     * @param unit               the unit's name, e.g. {@code "request"}, {@code "token"}
     * @param energyPerUnit      total energy / units
     * @param operationalPerUnit operational carbon / units
     * @param embodiedPerUnit    embodied carbon / units
     * @param carbonPerUnit      total carbon / units (the SCI score)
     * @throws NullPointerException if the unit's name is null
     * @throws IllegalArgumentException for a unit count below 1
     */
    public FunctionalUnitReport {
        Objects.requireNonNull(unit, "unit");
        if (units < 1) {
            throw new IllegalArgumentException("A functional unit count must be >= 1, got " + units);
        }
    }

    /**
     * The figures in words, rounded for reading (the accessors keep full precision), e.g.
     * {@code "per request, over 5 requests: 0.0408 J, 5.555e-06 gCO2e (operational ..., embodied ...)"}.
     */
    @Override
    public String toString() {
        return "per " + unit + ", over " + units + " " + unit + (units == 1 ? "" : "s") + ": " + energyPerUnit + ", "
                + carbonPerUnit + " (operational " + operationalPerUnit + ", embodied " + embodiedPerUnit + ")";
    }
}
