package dev.greenslice.estimators.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArrivalPredictorTest {

    private final double[] history = {10, 50, 20, 20, 30};

    @Test
    void windowMaxTakesTheRecentPeakPlusHeadroom() {
        assertEquals(50 * 1.1, ArrivalPredictor.windowMax(10, 0.1).predictRequestsPerSecond(history), 1e-12);
        assertEquals(30, ArrivalPredictor.windowMax(3, 0).predictRequestsPerSecond(history), 0);
        assertEquals("max of last 20 s + 10 %", ArrivalPredictor.defaultPredictor().description());
    }

    @Test
    void peakOfMeansSmoothsBeforeTakingThePeak() {
        // 2-s trailing means over the last 3 seconds: (50+20)/2... from index 2: 35, 20, 25
        assertEquals(35, ArrivalPredictor.peakOfMeans(3, 2, 0).predictRequestsPerSecond(history), 1e-12);
        assertEquals(4, ArrivalPredictor.peakOfMeans(3, 2, 0).historySeconds());
        // a short history averages what there is
        assertEquals(26, ArrivalPredictor.peakOfMeans(1, 10, 0).predictRequestsPerSecond(history), 1e-12);
    }

    @Test
    void ewmaWeighsTheNewestSecond() {
        double v = 10;
        for (double x : new double[] {50, 20, 20, 30}) {
            v = 0.5 * x + 0.5 * v;
        }
        assertEquals(v * 1.2, ArrivalPredictor.ewma(0.5, 0.2).predictRequestsPerSecond(history), 1e-12);
    }

    @Test
    void trendExtrapolatesARisingRateAndKeepsTheMaximumOfAFallingOne() {
        double[] rising = {10, 20, 30, 40};
        // Least squares through (0,10)..(3,40): 10 + 10 t; 5 s after the last second: t = 8 -> 90.
        assertEquals(90 * 1.1, ArrivalPredictor.trend(4, 5, 0.1).predictRequestsPerSecond(rising), 1e-9);
        double[] falling = {40, 30, 20, 10};
        assertEquals(40, ArrivalPredictor.trend(4, 5, 0).predictRequestsPerSecond(falling), 1e-9);
        assertEquals(7, ArrivalPredictor.trend(4, 5, 0).predictRequestsPerSecond(new double[] {7}), 1e-9);
        assertTrue(ArrivalPredictor.trend(20, 10, 0.1).description().contains("trend 10 s ahead"));
    }

    @Test
    void trendIsNeverBelowTheWindowMaximum() {
        org.quicktheories.QuickTheory.qt().withExamples(500)
                .forAll(org.quicktheories.generators.SourceDSL.lists()
                        .of(org.quicktheories.generators.SourceDSL.doubles().between(0, 1e6)).ofSizeBetween(1, 60))
                .checkAssert(list -> {
                    double[] h = list.stream().mapToDouble(Double::doubleValue).toArray();
                    double trend = ArrivalPredictor.trend(20, 10, 0).predictRequestsPerSecond(h);
                    double max = ArrivalPredictor.windowMax(20, 0).predictRequestsPerSecond(h);
                    assertTrue(trend >= max && Double.isFinite(trend), trend + " < " + max);
                });
    }

    @Test
    void badParametersAndEmptyHistoriesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.windowMax(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.trend(1, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.trend(20, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.trend(20, 10, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> ArrivalPredictor.trend(20, 10, 0).predictRequestsPerSecond(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.windowMax(5, -0.1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.ewma(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.peakOfMeans(5, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.windowMax(5, 0).predictRequestsPerSecond(new double[0]));
    }
}
