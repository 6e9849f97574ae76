package dev.greenslice.estimators.workload;

import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workloads at the edges of {@code long} and of time (issue 14). */
class WorkloadRangeTest {

    private static final ModelProfile WHISPER = EnerTuneA100.profiles().profile("whisper");

    @Test
    void batchesDoNotWrapNearLongMaxValue() {
        // (requests + batch - 1) / batch wrapped to a negative count, and the carbon to 0 g.
        assertEquals(Long.MAX_VALUE / 16 + 1, ModelDemand.closedLoop("whisper", 16, Long.MAX_VALUE).batches());
        assertEquals(Long.MAX_VALUE, ModelDemand.closedLoop("whisper", 1, Long.MAX_VALUE).batches());
        assertEquals(3, ModelDemand.closedLoop("whisper", 16, 33).batches());
        assertEquals(2, ModelDemand.closedLoop("whisper", 16, 32).batches());
    }

    @Test
    void aRunLongerThanTheRangeOfNanosecondsIsRefusedNamingTheLimit() {
        for (long n : new long[] {1_000_000_000_000L, 1_000_000_000_000_000L, Long.MAX_VALUE}) {
            for (ModelDemand w : new ModelDemand[] {ModelDemand.closedLoop("whisper", 16, n),
                    ModelDemand.poisson("whisper", 16, n, 0.5)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> ServingModel.forecast(WHISPER, w, 7, 1410));
                assertTrue(e.getMessage().contains("292 years") && e.getMessage().contains(Long.toString(n)),
                        e.getMessage());
            }
        }
        // A tiny load share stretches the run past the limit just as many requests do.
        assertThrows(IllegalArgumentException.class,
                () -> ServingModel.forecast(WHISPER, ModelDemand.poisson("whisper", 16, 1000, 1e-15), 7, 1410));
        // Below the limit completion grows with the requests instead of saturating.
        long a = ServingModel.forecast(WHISPER, ModelDemand.closedLoop("whisper", 16, 1_000_000_000L), 7, 1410)
                .completion().toSeconds();
        long b = ServingModel.forecast(WHISPER, ModelDemand.closedLoop("whisper", 16, 10_000_000_000L), 7, 1410)
                .completion().toSeconds();
        assertTrue(b > 9 * a && b < 11 * a, a + " s then " + b + " s");
    }

    @Test
    void theSimulationRefusesMoreRequestsThanItCanHold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServingModel.simulate(WHISPER,
                ModelDemand.closedLoop("whisper", 16, 3_000_000_000L), 7, 1410, 1));
        assertTrue(e.getMessage().contains(Integer.toString(ServingModel.MAX_SIMULATED_REQUESTS)), e.getMessage());
    }
}
