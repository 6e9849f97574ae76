package dev.greenslice.carbon.intensity;

import dev.greenslice.carbon.CarbonIntensity;

import java.util.Locale;

/**
 * An electricity generation technology with its life-cycle carbon intensity: the table ACT (Gupta et al.,
 * "ACT: Designing Sustainable Computer Systems with an Architectural Carbon Modeling Tool", ISCA 2022)
 * and the co-location study use, which is the median of IPCC AR5 WGIII Annex III, Table A.III.2
 * ("Emissions of selected electricity supply technologies", life-cycle emissions including albedo effect),
 * with that table's minimum and maximum as the range.
 *
 * <p>Figures are in gCO2e/kWh, basis {@link IntensityBasis#LIFECYCLE}, published 2014. Where the IPCC table
 * has several rows for one source, the row whose median ACT uses is named by {@link #technology()}: coal is
 * pulverised coal (PC), gas is combined cycle, biomass is dedicated (not co-firing), solar is rooftop PV
 * (utility-scale PV has median 48), wind is onshore (offshore has median 12).
 *
 * <p>Immutable and thread-safe; never fails.
 */
public enum EnergySource {
    /** Coal, pulverised (PC): 740 / 820 / 910 gCO2e/kWh. */
    COAL(820, 740, 910, "Coal — PC"),
    /** Natural gas, combined cycle: 410 / 490 / 650 gCO2e/kWh. */
    GAS(490, 410, 650, "Gas — combined cycle"),
    /** Biomass, dedicated: 130 / 230 / 420 gCO2e/kWh. */
    BIOMASS(230, 130, 420, "Biomass — dedicated"),
    /** Solar PV, rooftop: 26 / 41 / 60 gCO2e/kWh. */
    SOLAR(41, 26, 60, "Solar PV — rooftop"),
    /** Geothermal: 6.0 / 38 / 79 gCO2e/kWh. */
    GEOTHERMAL(38, 6.0, 79, "Geothermal"),
    /** Hydropower: 1.0 / 24 / 2200 gCO2e/kWh (the maximum is a reservoir with large methane emissions). */
    HYDROPOWER(24, 1.0, 2200, "Hydropower"),
    /** Nuclear: 3.7 / 12 / 110 gCO2e/kWh. */
    NUCLEAR(12, 3.7, 110, "Nuclear"),
    /** Wind, onshore: 7.0 / 11 / 56 gCO2e/kWh. */
    WIND(11, 7.0, 56, "Wind onshore");

    /** The year IPCC AR5 WGIII was published. */
    public static final int PUBLISHED = 2014;

    private final IntensityFactor factor;
    private final String technology;

    EnergySource(double medianGramsPerKwh, double minGramsPerKwh, double maxGramsPerKwh, String technology) {
        this.technology = technology;
        this.factor = IntensityFactor.builder()
                .value(CarbonIntensity.ofGramsPerKwh(medianGramsPerKwh))
                .low(CarbonIntensity.ofGramsPerKwh(minGramsPerKwh))
                .high(CarbonIntensity.ofGramsPerKwh(maxGramsPerKwh))
                .basis(IntensityBasis.LIFECYCLE)
                .source("IPCC AR5 WGIII Annex III Table A.III.2, lifecycle median (" + technology + "), min–max "
                        + trim(minGramsPerKwh) + "–" + trim(maxGramsPerKwh) + "; ACT energy-source table")
                .year(PUBLISHED)
                .build();
    }

    /** @return the median intensity, with the IPCC minimum and maximum as its range */
    public IntensityFactor factor() {
        return factor;
    }

    /** @return the median intensity in gCO2e/kWh */
    public CarbonIntensity intensity() {
        return factor.value();
    }

    /** @return the IPCC table row the figures come from, e.g. {@code "Gas — combined cycle"} */
    public String technology() {
        return technology;
    }

    /** @return the lower-case name used on the command line, e.g. {@code "gas"} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
