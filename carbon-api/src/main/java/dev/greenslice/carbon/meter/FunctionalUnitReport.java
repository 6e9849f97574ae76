package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;

import java.util.Objects;

/**
 * A report's figures per functional unit, as the Software Carbon Intensity (SCI) specification asks:
 * carbon and energy per request, per token, per image. Immutable.
 */
public final class FunctionalUnitReport {
    private final long units;
    private final String unit;
    private final Energy energyPerUnit;
    private final CarbonFigure operationalPerUnit;
    private final CarbonFigure embodiedPerUnit;
    private final CarbonFigure carbonPerUnit;

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
    FunctionalUnitReport(long units, String unit, Energy energyPerUnit, CarbonFigure operationalPerUnit,
            CarbonFigure embodiedPerUnit, CarbonFigure carbonPerUnit) {
        Objects.requireNonNull(unit, "unit");
        if (units < 1) {
            throw new IllegalArgumentException("A functional unit count must be >= 1, got " + units);
        }
        this.units = units;
        this.unit = unit;
        this.energyPerUnit = energyPerUnit;
        this.operationalPerUnit = operationalPerUnit;
        this.embodiedPerUnit = embodiedPerUnit;
        this.carbonPerUnit = carbonPerUnit;
    }

    /** @return how many units the window served, {@code >= 1} */
    public long units() {
        return units;
    }

    /** @return the unit's name, e.g. {@code "request"}, {@code "token"} */
    public String unit() {
        return unit;
    }

    /** @return total energy / units */
    public Energy energyPerUnit() {
        return energyPerUnit;
    }

    /** @return operational carbon / units */
    public CarbonFigure operationalPerUnit() {
        return operationalPerUnit;
    }

    /** @return embodied carbon / units */
    public CarbonFigure embodiedPerUnit() {
        return embodiedPerUnit;
    }

    /** @return total carbon / units (the SCI score) */
    public CarbonFigure carbonPerUnit() {
        return carbonPerUnit;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof FunctionalUnitReport)) {
            return false;
        }
        FunctionalUnitReport o = (FunctionalUnitReport) other;
        return units == o.units
                && Objects.equals(unit, o.unit)
                && Objects.equals(energyPerUnit, o.energyPerUnit)
                && Objects.equals(operationalPerUnit, o.operationalPerUnit)
                && Objects.equals(embodiedPerUnit, o.embodiedPerUnit)
                && Objects.equals(carbonPerUnit, o.carbonPerUnit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(units, unit, energyPerUnit, operationalPerUnit, embodiedPerUnit, carbonPerUnit);
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
