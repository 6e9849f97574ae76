package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.CarbonIntensity;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

class RetunePolicyTest {

    private static CarbonIntensity g(double gramsPerKwh) {
        return CarbonIntensity.ofGramsPerKwh(gramsPerKwh);
    }

    @Test
    void aMoveIsAShareUpOrTheSameFactorDown() {
        RetunePolicy p = RetunePolicy.DEFAULT;
        assertTrue(p.moved(g(400), g(510)));
        assertTrue(p.moved(g(400), g(315)));
        assertFalse(p.moved(g(400), g(480)));
        assertFalse(p.moved(g(400), g(330)));
        assertTrue(p.moved(g(490), g(11)), "gas to wind");
        assertTrue(p.moved(g(0), g(5)), "from zero, without dividing by it");
        assertFalse(p.moved(g(0), g(0.1)));
    }

    @Test
    void movesAreSymmetricInRatio() {
        qt().forAll(doubles().between(0, 2000), doubles().between(0, 2000)).checkAssert((a, b) ->
                assertTrue(RetunePolicy.DEFAULT.moved(g(a), g(b)) == RetunePolicy.DEFAULT.moved(g(b), g(a))));
    }

    @Test
    void rejectsNonsenseNamingTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RetunePolicy(0, Duration.ZERO, 0))
                .getMessage().contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RetunePolicy(0.2, Duration.ofMinutes(-1), 0))
                .getMessage().contains("PT-1M"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RetunePolicy(0.2, Duration.ZERO, 1))
                .getMessage().contains("[0, 1)"));
    }
}
