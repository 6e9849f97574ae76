package dev.greenslice.estimators.power;

import dev.greenslice.carbon.estimate.PowerEstimator;

/**
 * A {@link PowerEstimator} whose combination rule was fitted to measured co-located sets: its
 * {@link #calibration()} says on what, with which parameters and how well it predicts unseen sets, and every
 * estimate names it in a {@code calibration} term's explanation. Immutable and thread-safe.
 */
public interface CalibratedPowerEstimator extends PowerEstimator {

    /** @return the calibration: parameters, residuals, leave-one-out error and the sets it rests on */
    Calibration calibration();
}
