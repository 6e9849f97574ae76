package dev.greenslice.estimators.reduction;

import dev.greenslice.estimators.profile.EnerTuneA100;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the acceptance check does: 10 % of each model's grid, picked with a seed and spread over the grid,
 * fitted, and the mean absolute percentage error measured on the other 90 % of the EnerTune A100 data.
 * Targets: at most 5 % on board power and 8 % on latency, averaged over the 11 models. Dynamic power (board power
 * less the measured device baseline, which both sides share) is the part the model predicts; it leads the summary.
 * Ten seeds each for the random and stratified samplers, as {@link ProfileReduction}'s javadoc quotes.
 */
class ProfileReductionEvaluationTest {

    private static final double SHARE = 0.10;

    private static final int SEEDS = 10;

    private static double[] check(ReductionEvaluation.Sampler sampler, long seed) {
        List<ReductionEvaluation.ModelErrors> errors = ReductionEvaluation.run(EnerTuneA100.profiles(),
                EnerTuneA100.devicePower(), SHARE, sampler, seed);
        String table = ReductionEvaluation.table(errors);
        System.out.println(sampler + " seed " + seed + "\n" + table);
        double board = ReductionEvaluation.mean(errors, ReductionEvaluation.ModelErrors::boardPower);
        double latency = ReductionEvaluation.mean(errors, ReductionEvaluation.ModelErrors::latency);
        assertTrue(board <= 0.05, "board power MAPE " + board + "\n" + table);
        assertTrue(latency <= 0.08, "latency MAPE " + latency + "\n" + table);
        return new double[] {ReductionEvaluation.mean(errors, ReductionEvaluation.ModelErrors::dynamicPower), board,
                latency, ReductionEvaluation.mean(errors, ReductionEvaluation.ModelErrors::throughput)};
    }

    private static void summary(ReductionEvaluation.Sampler sampler) {
        double[] sum = new double[4];
        double[] worst = new double[4];
        for (long seed = 1; seed <= SEEDS; seed++) {
            double[] e = check(sampler, seed);
            for (int i = 0; i < 4; i++) {
                sum[i] += e[i] / SEEDS;
                worst[i] = Math.max(worst[i], e[i]);
            }
        }
        System.out.printf(java.util.Locale.ROOT, "%s over %d seeds: dynamic power %.2f %% (worst seed %.2f %%), board"
                        + " power %.2f %% (worst %.2f %%), latency %.2f %% (worst %.2f %%), throughput %.2f %%%n",
                sampler, SEEDS, 100 * sum[0], 100 * worst[0], 100 * sum[1], 100 * worst[1], 100 * sum[2], 100 * worst[2],
                100 * sum[3]);
    }

    @Test
    void randomTenPercentSamples() {
        summary(ReductionEvaluation.Sampler.RANDOM);
    }

    @Test
    void stratifiedTenPercentSamples() {
        summary(ReductionEvaluation.Sampler.STRATIFIED);
    }

    @Test
    void theLibrarysOwnDesign() {
        check(ReductionEvaluation.Sampler.DESIGN, 0);
    }
}
