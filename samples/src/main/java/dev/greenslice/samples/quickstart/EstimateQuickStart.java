package dev.greenslice.samples.quickstart;

import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.EnerTuneA100;

import java.util.List;

/**
 * The README's estimate quick start, compiled by the build so that it never drifts from the API: the board
 * power of an A100 serving two models on MIG instances at one clock, from their isolated profiles.
 */
public final class EstimateQuickStart {

    private EstimateQuickStart() {
    }

    /**
     * Runs the quick start, which prints what it found.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run();
    }

    /** @return the estimate for whisper (batch 16, 4 slices) and gpt (batch 1, 3 slices) at 1050 MHz */
    public static PowerEstimate run() {
        PowerEstimator estimator = PowerEstimators.best(EnerTuneA100.profiles(), EnerTuneA100.devicePower());
        PowerEstimate e = estimator.estimate(1050, List.of(
                new ModelPlacement("whisper", 16, 4),        // model, batch size, MIG compute slices
                new ModelPlacement("gpt", 1, 3)));
        System.out.println(e.total() + " in all; whisper's share " + e.perPlacement().get(0));
        e.terms().forEach(System.out::println);            // static, fan, idle, each model's dynamic power...
        return e;
    }
}
