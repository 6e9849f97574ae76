package dev.greenslice.carbon.intensity;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.Energy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnergySourceTest {

    /** The study's table (ACT), with IPCC AR5 WGIII Annex III Table A.III.2 min/max. */
    private static final Map<EnergySource, double[]> IPCC = Map.of(
            EnergySource.COAL, new double[]{740, 820, 910},
            EnergySource.GAS, new double[]{410, 490, 650},
            EnergySource.BIOMASS, new double[]{130, 230, 420},
            EnergySource.SOLAR, new double[]{26, 41, 60},
            EnergySource.GEOTHERMAL, new double[]{6.0, 38, 79},
            EnergySource.HYDROPOWER, new double[]{1.0, 24, 2200},
            EnergySource.NUCLEAR, new double[]{3.7, 12, 110},
            EnergySource.WIND, new double[]{7.0, 11, 56});

    @Test
    void everySourceCarriesTheIpccMedianAndRange() {
        assertEquals(IPCC.keySet().size(), EnergySource.values().length);
        for (EnergySource s : EnergySource.values()) {
            double[] minMedMax = IPCC.get(s);
            IntensityFactor f = s.factor();
            assertEquals(minMedMax[1], f.value().gramsPerKwh(), s.name());
            assertEquals(minMedMax[0], f.low().gramsPerKwh(), s.name());
            assertEquals(minMedMax[2], f.high().gramsPerKwh(), s.name());
            assertEquals(IntensityBasis.LIFECYCLE, f.basis());
            assertEquals(2014, f.year());
            assertTrue(f.source().contains("IPCC AR5") && f.source().contains(s.technology()), f.source());
            assertEquals(f.value(), s.intensity());
        }
    }

    @Test
    void technologyRowsAreNamedWhereTheTableHasSeveral() {
        assertEquals("Gas — combined cycle", EnergySource.GAS.technology());
        assertEquals("Solar PV — rooftop", EnergySource.SOLAR.technology());
        assertEquals("Wind onshore", EnergySource.WIND.technology());
        assertEquals("Biomass — dedicated", EnergySource.BIOMASS.technology());
        assertEquals("Coal — PC", EnergySource.COAL.technology());
    }

    @Test
    void aFixedSourceGivesCarbonWithTheIpccRange() {
        IntensitySource gas = CarbonIntensities.of(EnergySource.GAS);
        Instant t = Instant.parse("2024-03-01T10:00:00Z");
        CarbonFigure c = gas.carbonOf(Energy.ofKilowattHours(2), t, t.plusSeconds(7200));
        assertEquals(980, c.value().grams(), 1e-9);
        assertEquals(820, c.low().grams(), 1e-9);
        assertEquals(1300, c.high().grams(), 1e-9);
        assertTrue(gas.changesBetween(t, t.plusSeconds(86_400)).isEmpty());
        assertTrue(gas.description().startsWith("gas"), gas.description());
    }

    @Test
    void parseAcceptsNamesInAnyCaseAndNumbers() {
        assertEquals(EnergySource.GAS.factor(), CarbonIntensities.parse("gas").at(Instant.EPOCH));
        assertEquals(EnergySource.WIND.factor(), CarbonIntensities.parse("WIND").at(Instant.EPOCH));
        assertEquals(EnergySource.HYDROPOWER.factor(), CarbonIntensities.parse(" Hydro ").at(Instant.EPOCH));
        assertEquals(EnergySource.HYDROPOWER.factor(), CarbonIntensities.parse("hydropower").at(Instant.EPOCH));
        IntensityFactor f = CarbonIntensities.parse("350").at(Instant.EPOCH);
        assertEquals(CarbonIntensity.ofGramsPerKwh(350), f.value());
        assertTrue(f.source().contains("given value") && f.source().contains("basis not stated"), f.source());
        assertEquals(350.5, CarbonIntensities.parse("350.5").at(Instant.EPOCH).value().gramsPerKwh());
        assertEquals(0, CarbonIntensities.parse("0").at(Instant.EPOCH).value().gramsPerKwh());
    }

    @Test
    void parseRejectsNegativeAndUnknownListingWhatIsAccepted() {
        for (String bad : new String[]{"-5", "coal-fired", "NaN", "Infinity", "350g", "", "1e3x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CarbonIntensities.parse(bad), bad);
            assertTrue(e.getMessage().contains("coal, gas, biomass, solar, geothermal, hydropower, nuclear, wind"),
                    e.getMessage());
            assertTrue(e.getMessage().contains(bad.trim()), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CarbonIntensities.parse("-5"))
                .getMessage().contains("negative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CarbonIntensities.parse("peat"))
                .getMessage().contains("gCO2e/kWh"));
    }

    @Test
    void fixedWithABasisRecordsIt() {
        IntensityFactor f = CarbonIntensities.fixed(CarbonIntensity.ofGramsPerKwh(120), IntensityBasis.DIRECT,
                "supplier disclosure 2024").at(Instant.EPOCH);
        assertEquals(IntensityBasis.DIRECT, f.basis());
        assertEquals("supplier disclosure 2024", f.source());
        assertEquals(0, f.year());
    }
}
