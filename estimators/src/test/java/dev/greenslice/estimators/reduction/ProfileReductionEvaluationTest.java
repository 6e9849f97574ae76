package dev.greenslice.estimators.reduction;

import dev.greenslice.estimators.profile.EnerTuneA100;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the acceptance check does: 10 % of each model's grid, picked with a seed and spread over the grid,
 * fitted, and the mean absolute percentage error measured on the other 90 % of the EnerTune A100 data.
 * Targets: at most 5 % on board power and 8 % on latency, averaged over the 11 models.
 */
class ProfileReductionEvaluationTest {

    private static final double SHARE = 0.10;

    private static void check(ReductionEvaluation.Sampler sampler, long seed) {
        List<ReductionEvaluation.ModelErrors> errors = ReductionEvaluation.run(EnerTuneA100.profiles(),
                EnerTuneA100.devicePower(), SHARE, sampler, seed);
        String table = ReductionEvaluation.table(errors);
        System.out.println(sampler + " seed " + seed + "\n" + table);
        double board = ReductionEvaluation.mean(errors, ReductionEvaluation.ModelErrors::boardPower);
        double latency = ReductionEvaluation.mean(errors, ReductionEvaluation.ModelErrors::latency);
        assertTrue(board <= 0.05, "board power MAPE " + board + "\n" + table);
        assertTrue(latency <= 0.08, "latency MAPE " + latency + "\n" + table);
    }

    @Test
    void randomTenPercentSamples() {
        for (long seed = 1; seed <= 3; seed++) {
            check(ReductionEvaluation.Sampler.RANDOM, seed);
        }
    }

    @Test
    void stratifiedTenPercentSamples() {
        for (long seed = 1; seed <= 3; seed++) {
            check(ReductionEvaluation.Sampler.STRATIFIED, seed);
        }
    }

    @Test
    void theLibrarysOwnDesign() {
        check(ReductionEvaluation.Sampler.DESIGN, 0);
    }
}
