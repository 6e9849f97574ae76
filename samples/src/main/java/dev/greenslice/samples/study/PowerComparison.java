package dev.greenslice.samples.study;

import dev.greenslice.carbon.estimate.ModelPlacement;

import java.util.List;
import java.util.Objects;

/**
 * The co-location power estimate of a model set sharing one GPU (every model busy at once) against the
 * naive sum of isolated board powers, per SM clock. Immutable.
 *
 * <p>The naive sum ({@code additive}) counts the board's baseline once per model. The study's decomposition
 * ({@code summedAuxiliary}) counts board static and idle power once and adds each model's compute and
 * auxiliary parts; the library's best estimator ({@code decomposed}) also counts the auxiliary wake-up power
 * of shared logic once. The data set holds isolated runs only, so which of the three is right for
 * co-located models is not measured here.
 *
 * @param set        the model set
 * @param placements each model on its instance (batch size, compute slices)
 * @param rows       one per clock, ascending
 */
public record PowerComparison(ModelSet set, List<ModelPlacement> placements, List<Row> rows) {

    /**
     * The estimates at one clock.
     *
     * @param clockMhz              the SM clock, in MHz
     * @param additiveWatts         the naive sum of isolated board powers, in W
     * @param summedAuxiliaryWatts  the study's decomposition, in W
     * @param decomposedWatts       the library's best estimate, in W
     */
    public record Row(int clockMhz, double additiveWatts, double summedAuxiliaryWatts, double decomposedWatts) {

        /** @return how many times the naive sum exceeds the best estimate */
        public double naiveOverBest() {
            return additiveWatts / decomposedWatts;
        }
    }

    /**
     * Checks the parts and copies the lists.
     *
     * @param set        the model set
     * @param placements each model on its instance (batch size, compute slices)
     * @param rows       one per clock, ascending
     * @throws IllegalArgumentException for no rows
     */
    public PowerComparison {
        Objects.requireNonNull(set, "set");
        placements = List.copyOf(placements);
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("A power comparison needs at least one clock");
        }
    }

    /** @return the row at the highest clock */
    public Row atMaxClock() {
        return rows.get(rows.size() - 1);
    }
}
