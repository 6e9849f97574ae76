package dev.greenslice.estimators.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void badParametersAndEmptyHistoriesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.windowMax(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.windowMax(5, -0.1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.ewma(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.peakOfMeans(5, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalPredictor.windowMax(5, 0).predictRequestsPerSecond(new double[0]));
    }
}
