package dev.greenslice.carbon.intensity;

import dev.greenslice.carbon.CarbonIntensity;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * Properties of {@link IntensityFactor} as a final class built through its builder: equal settings give equal
 * factors with equal hash codes, every component takes part in equality, and the builder refuses what the record's
 * constructor refused (a range not containing the value, a negative year, a missing component).
 */
class IntensityFactorPropertiesTest {

    private static IntensityFactor factor(double value, double lowFraction, double highFactor, int year) {
        return IntensityFactor.builder().value(CarbonIntensity.ofGramsPerKwh(value))
                .low(CarbonIntensity.ofGramsPerKwh(value * lowFraction))
                .high(CarbonIntensity.ofGramsPerKwh(value * highFactor)).basis(IntensityBasis.LIFECYCLE)
                .source("test " + year).year(year).build();
    }

    @Test
    void equalSettingsGiveEqualFactorsWithEqualHashCodes() {
        qt().forAll(doubles().between(0, 1500), doubles().between(0, 1), doubles().between(1, 1.3),
                integers().between(0, 2100)).checkAssert((v, lo, hi, year) -> {
                    IntensityFactor a = factor(v, lo, hi, year);
                    IntensityFactor b = factor(v, lo, hi, year);
                    assertEquals(a, b);
                    assertEquals(a.hashCode(), b.hashCode());
                    assertEquals(a.toString(), b.toString());
                    assertEquals(a, a.toBuilder().build());
                    assertNotEquals(a, a.toBuilder().year(year + 1).build());
                    assertNotEquals(a, a.toBuilder().basis(IntensityBasis.DIRECT).build());
                    assertNotEquals(a, a.toBuilder().source(a.source() + "'").build());
                });
    }

    @Test
    void aFactorWithoutARangeIsTheExactOne() {
        qt().forAll(doubles().between(0, 1500), integers().between(0, 2100)).checkAssert((v, year) -> {
            CarbonIntensity c = CarbonIntensity.ofGramsPerKwh(v);
            IntensityFactor built = IntensityFactor.builder().value(c).basis(IntensityBasis.DIRECT).source("s")
                    .year(year).build();
            IntensityFactor exact = IntensityFactor.exact(c, IntensityBasis.DIRECT, "s", year);
            assertEquals(exact, built);
            assertEquals(exact.hashCode(), built.hashCode());
        });
    }

    @Test
    void theBuilderRefusesARangeThatDoesNotContainTheValueAndANegativeYear() {
        qt().forAll(doubles().between(1, 1500), doubles().between(1.0001, 10), integers().between(1, 100_000))
                .checkAssert((v, k, negYear) -> {
                    CarbonIntensity c = CarbonIntensity.ofGramsPerKwh(v);
                    IntensityFactor.Builder b = IntensityFactor.builder().value(c).basis(IntensityBasis.LIFECYCLE)
                            .source("s");
                    assertThrows(IllegalArgumentException.class,
                            () -> b.low(CarbonIntensity.ofGramsPerKwh(v * k)).high(c).build());
                    assertThrows(IllegalArgumentException.class,
                            () -> b.low(c).high(CarbonIntensity.ofGramsPerKwh(v / k)).build());
                    assertThrows(IllegalArgumentException.class, () -> b.low(c).high(c).year(-negYear).build());
                });
    }

    @Test
    void theBuilderRefusesAMissingComponent() {
        CarbonIntensity c = CarbonIntensity.ofGramsPerKwh(100);
        assertThrows(NullPointerException.class, () -> IntensityFactor.builder().basis(IntensityBasis.DIRECT)
                .source("s").build());
        assertThrows(NullPointerException.class, () -> IntensityFactor.builder().value(c).source("s").build());
        assertThrows(NullPointerException.class, () -> IntensityFactor.builder().value(c)
                .basis(IntensityBasis.DIRECT).build());
    }
}
