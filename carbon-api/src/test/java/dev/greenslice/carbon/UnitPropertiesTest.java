package dev.greenslice.carbon;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.time.Duration;
import java.util.List;
import java.util.function.DoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/** Properties of the unit types: conversions round-trip, arithmetic is consistent, bad values are named. */
class UnitPropertiesTest {

    private static final double REL = 1e-12;

    /** Amounts from nothing to very large, biased towards the small values meters produce. */
    private static Gen<Double> amounts() {
        return doubles().between(0, 1e12).mix(doubles().between(0, 10), 50);
    }

    private static Gen<Double> invalid() {
        return doubles().between(Double.MIN_VALUE, 1e12).map(x -> -x)
                .mix(integers().between(0, 2).map(i -> List.of(Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY).get(i)), 40);
    }

    private static void close(double expected, double actual) {
        double tol = REL * Math.max(Math.abs(expected), 1e-300) + 1e-300;
        assertTrue(Math.abs(expected - actual) <= tol, () -> "expected " + expected + " but was " + actual);
    }

    @Test
    void energyRoundTripsThroughEveryUnit() {
        qt().forAll(amounts()).checkAssert(j -> {
            Energy e = Energy.ofJoules(j);
            close(j, Energy.ofKilowattHours(e.toKilowattHours()).toJoules());
            close(j, Energy.ofWattHours(e.toWattHours()).toJoules());
            close(j, Energy.ofMillijoules(e.toMillijoules()).toJoules());
            close(j, Energy.ofMicrojoules(e.toMicrojoules()).toJoules());
            // A chain through all of them lands where it started.
            Energy chained = Energy.ofMicrojoules(Energy.ofMillijoules(Energy.ofWattHours(
                    Energy.ofKilowattHours(e.toKilowattHours()).toWattHours()).toMillijoules()).toMicrojoules());
            close(j, chained.toJoules());
            close(e.toWattHours(), e.toKilowattHours() * 1000);
            close(e.toJoules(), e.toWattHours() * 3600);
        });
    }

    @Test
    void powerRoundTripsThroughEveryUnit() {
        qt().forAll(amounts()).checkAssert(w -> {
            Power p = Power.ofWatts(w);
            close(w, Power.ofMilliwatts(p.toMilliwatts()).toWatts());
            close(w, Power.ofKilowatts(p.toKilowatts()).toWatts());
            close(w, Power.ofMicrowatts(p.toMicrowatts()).toWatts());
            close(p.toMilliwatts(), p.toKilowatts() * 1e6);
        });
    }

    @Test
    void carbonMassRoundTripsThroughEveryUnit() {
        qt().forAll(amounts()).checkAssert(g -> {
            CarbonMass m = CarbonMass.ofGrams(g);
            close(g, CarbonMass.ofKilograms(m.toKilograms()).toGrams());
            close(g, CarbonMass.ofTonnes(m.toTonnes()).toGrams());
            close(m.toKilograms(), m.toTonnes() * 1000);
        });
    }

    @Test
    void intensityRoundTripsThroughPoundsPerMegawattHour() {
        qt().forAll(amounts()).checkAssert(g -> {
            CarbonIntensity ci = CarbonIntensity.ofGramsPerKwh(g);
            close(g, CarbonIntensity.ofPoundsPerMwh(ci.toPoundsPerMwh()).toGramsPerKwh());
            close(g, CarbonIntensity.ofKilogramsPerMwh(ci.toKilogramsPerMwh()).toGramsPerKwh());
            // 1 lb/MWh = 0.4536 g/kWh to the four digits WattTime's documentation gives.
            assertEquals(g * 0.4536, CarbonIntensity.ofPoundsPerMwh(g).toGramsPerKwh(), g * 0.4536 * 1e-4 + 1e-12);
        });
        assertEquals(0.4536, CarbonIntensity.ofPoundsPerMwh(1).toGramsPerKwh(), 5e-5);
        assertEquals(1000 / 0.45359237, CarbonIntensity.ofGramsPerKwh(1000).toPoundsPerMwh(), 1e-9);
    }

    @Test
    void powerTimesDurationIsEnergyAndEnergyOverDurationIsPower() {
        qt().forAll(doubles().between(0, 1e6), longs().between(1, 1_000_000_000_000_000L)).checkAssert((w, nanos) -> {
            Duration d = Duration.ofNanos(nanos);
            Energy e = Power.ofWatts(w).times(d);
            close(w * (nanos / 1e9), e.toJoules());
            close(w, e.over(d).toWatts());
            // Splitting the duration splits the energy.
            Duration half = Duration.ofNanos(nanos / 2);
            close(e.toJoules(), Power.ofWatts(w).times(half).plus(Power.ofWatts(w).times(d.minus(half))).toJoules());
        });
        assertEquals(Energy.ZERO, Power.ofWatts(250).times(Duration.ZERO));
    }

    @Test
    void energyOverNonPositiveDurationIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Energy.ofJoules(5).over(Duration.ZERO));
        assertTrue(e.getMessage().contains("PT0S"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Power.ofWatts(5).times(Duration.ofSeconds(-1)));
    }

    @Test
    void intensityTimesEnergyIsCarbonAndIsLinear() {
        qt().forAll(doubles().between(0, 2000), doubles().between(0, 1e6), doubles().between(0, 1e6))
                .checkAssert((g, kwh1, kwh2) -> {
                    CarbonIntensity ci = CarbonIntensity.ofGramsPerKwh(g);
                    close(g * kwh1, ci.times(Energy.ofKilowattHours(kwh1)).toGrams());
                    close(ci.times(Energy.ofKilowattHours(kwh1)).plus(ci.times(Energy.ofKilowattHours(kwh2))).toGrams(),
                            ci.times(Energy.ofKilowattHours(kwh1).plus(Energy.ofKilowattHours(kwh2))).toGrams());
                    close(ci.toGramsPerJoule() * Energy.ofKilowattHours(kwh1).toJoules(),
                            ci.times(Energy.ofKilowattHours(kwh1)).toGrams());
                });
    }

    @Test
    void everyFactoryRejectsNaNInfinitiesAndNegativesNamingTheValue() {
        List<DoubleFunction<?>> factories = List.of(
                Energy::ofJoules, Energy::ofMillijoules, Energy::ofMicrojoules, Energy::ofWattHours,
                Energy::ofKilowattHours, Power::ofWatts, Power::ofMilliwatts, Power::ofMicrowatts, Power::ofKilowatts,
                CarbonMass::ofGrams, CarbonMass::ofKilograms, CarbonMass::ofTonnes, CarbonIntensity::ofGramsPerKwh,
                CarbonIntensity::ofKilogramsPerMwh, CarbonIntensity::ofPoundsPerMwh,
                v -> Energy.ofJoules(1).times(v), v -> Power.ofWatts(1).times(v), v -> CarbonMass.ofGrams(1).times(v));
        qt().forAll(invalid(), integers().between(0, factories.size() - 1)).checkAssert((v, i) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> factories.get(i).apply(v), () -> "factory " + i + " accepted " + v);
            assertTrue(e.getMessage().contains(String.valueOf(v)), () -> "message does not name " + v + ": " + e.getMessage());
        });
    }

    @Test
    void negativeZeroIsZero() {
        assertEquals(Energy.ZERO, Energy.ofJoules(-0.0));
        assertEquals(Power.ZERO, Power.ofWatts(-0.0));
        assertEquals(CarbonMass.ZERO, CarbonMass.ofGrams(-0.0));
        assertEquals(CarbonIntensity.ofGramsPerKwh(0), CarbonIntensity.ofGramsPerKwh(-0.0));
        assertEquals(Energy.ZERO, Energy.ofJoules(3).times(-0.0));
        assertEquals("0 J", Energy.ofJoules(-0.0).toString());
    }

    @Test
    void subtractingMoreThanThereIsNamesBothAmounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Energy.ofJoules(2).minus(Energy.ofJoules(5)));
        assertTrue(e.getMessage().contains("5 J") && e.getMessage().contains("2 J"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Power.ofWatts(1).minus(Power.ofWatts(2)));
        assertThrows(IllegalArgumentException.class, () -> CarbonMass.ofGrams(1).minus(CarbonMass.ofGrams(2)));
        // (a + b) - b never goes negative and loses at most one ulp of the larger operand.
        qt().forAll(amounts(), amounts()).checkAssert((a, b) -> {
            double back = Energy.ofJoules(a).plus(Energy.ofJoules(b)).minus(Energy.ofJoules(b)).toJoules();
            assertTrue(Math.abs(back - a) <= Math.ulp(Math.max(a, b)), () -> a + " + " + b + " - " + b + " = " + back);
        });
    }

    @Test
    void conversionsThatOverflowNameTheGivenValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Energy.ofKilowattHours(1e305));
        assertTrue(e.getMessage().contains("1.0E305 kWh"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CarbonMass.ofTonnes(1e305));
    }

    @Test
    void toStringIsReadable() {
        assertEquals("1.5 J", Energy.ofJoules(1.5).toString());
        assertEquals("1e-04 J", Energy.ofJoules(1e-4).toString());
        assertEquals("1.235e+07 W", Power.ofWatts(12_345_678).toString());
        // Meaningful digits: four significant, at most four decimals, whole from 1,000 up.
        assertEquals("367.3 gCO2e", CarbonMass.ofGrams(367.3469387755102).toString());
        assertEquals("0.0555 gCO2e", CarbonMass.ofGrams(0.0555467).toString());
        assertEquals("9.221e-05 gCO2e", CarbonMass.ofGrams(9.2209e-5).toString());
        assertEquals("27009 gCO2e", CarbonMass.ofGrams(27008.8).toString());
        assertEquals("408.1 J", Energy.ofJoules(408.098).toString());
        assertEquals("490 gCO2e/kWh", CarbonIntensity.ofGramsPerKwh(490.0).toString());
        assertEquals("0.5 W", Power.ofWatts(0.49999).toString());
        assertEquals("5 gCO2e (4–6 gCO2e)",
                new CarbonFigure(CarbonMass.ofGrams(5), CarbonMass.ofGrams(4), CarbonMass.ofGrams(6)).toString());
    }
}
