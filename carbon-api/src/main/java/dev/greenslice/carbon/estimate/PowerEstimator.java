package dev.greenslice.carbon.estimate;

import dev.greenslice.carbon.Power;

import java.util.List;

/**
 * Estimates the board power of one GPU serving several models at once from what each does alone, so that
 * combinations need not be profiled.
 *
 * <p>Implementations (estimators module): the naive additive estimator (sum of isolated board powers) and
 * the decomposed estimator (board static and idle auxiliary power counted once, per-model compute and
 * auxiliary terms). The NVML sensor uses any estimator to apportion board energy among MIG instances.
 *
 * <p>Implementations are immutable and thread-safe; they throw {@link IllegalArgumentException} naming the
 * model, batch, slices or clock for which they have no data.
 */
public interface PowerEstimator {

    /** @return the method's short name, e.g. {@code "additive"} */
    String method();

    /**
     * Estimates the board power of a GPU serving these models together.
     *
     * @param clockMhz the SM clock shared by every instance on the GPU
     * @param models   the models served, one per MIG instance (or one on the whole GPU)
     * @return the board power, its additive terms, and the power attributable to each model
     */
    PowerEstimate estimate(int clockMhz, List<ModelPlacement> models);

    /**
     * The board power alone, without terms or attribution: what planners and tuners evaluate thousands of
     * times. Equal to {@code estimate(clockMhz, models).total()}; implementations override it to skip building
     * the terms' explanations.
     *
     * @param clockMhz the SM clock shared by every instance on the GPU
     * @param models   the models served, one per MIG instance (or one on the whole GPU)
     * @return the board power
     */
    default Power totalPower(int clockMhz, List<ModelPlacement> models) {
        return estimate(clockMhz, models).total();
    }
}
