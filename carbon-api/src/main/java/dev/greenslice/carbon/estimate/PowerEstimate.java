package dev.greenslice.carbon.estimate;

import dev.greenslice.carbon.Power;

import java.util.List;
import java.util.Objects;

/**
 * The estimated board power of a GPU serving a set of models at one SM clock, with the terms that make it
 * up and each placement's attributable share. Immutable.
 *
 * @param method       the estimator that produced it, e.g. {@code "additive"}, {@code "decomposed"}
 * @param clockMhz     the SM clock in MHz
 * @param placements   the models served, in the order given to the estimator
 * @param total        the board power
 * @param terms        additive terms; they sum to {@code total}
 * @param perPlacement power attributable to each placement (its own terms plus its share of shared
 *                     terms by the estimator's stated rule); sums to {@code total}
 */
public record PowerEstimate(String method, int clockMhz, List<ModelPlacement> placements, Power total,
                            List<PowerTerm> terms, List<Power> perPlacement) {

    /**
     * An estimate as computed; the lists are copied.
     *
     * @param method       the estimator that produced it, e.g. {@code "additive"}, {@code "decomposed"}
     * @param clockMhz     the SM clock in MHz
     * @param placements   the models served, in the order given to the estimator
     * @param total        the board power
     * @param terms        additive terms; they sum to {@code total}
     * @param perPlacement power attributable to each placement (its own terms plus its share of shared terms by the
     *                     estimator's stated rule); sums to {@code total}
     * @throws NullPointerException if the method, the total or a list is null, or a list holds a null
     * @throws IllegalArgumentException unless there is one attributable power per placement
     */
    public PowerEstimate {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(total, "total");
        placements = List.copyOf(placements);
        terms = List.copyOf(terms);
        perPlacement = List.copyOf(perPlacement);
        if (perPlacement.size() != placements.size()) {
            throw new IllegalArgumentException("Need one attributable power per placement: " + placements.size()
                    + " placements, " + perPlacement.size() + " figures");
        }
    }

    /**
     * The share of the board power attributable to one placement, e.g. to apportion a measured energy.
     *
     * @param i the placement's index in {@link #placements()}
     * @return its share, in [0, 1]; the shares sum to 1, and are equal when the total is 0 W
     * @throws IndexOutOfBoundsException for an index outside the placements
     */
    public double shareOf(int i) {
        return total.watts() == 0 ? 1.0 / placements.size() : perPlacement.get(i).watts() / total.watts();
    }
}
