package dev.greenslice.estimators.sim.pipeline;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.estimators.pipeline.ArrivalPredictor;
import dev.greenslice.estimators.pipeline.Objective;
import dev.greenslice.estimators.pipeline.Pipeline;

import java.util.List;
import java.util.Objects;

/**
 * A ready-made pipeline problem: the pipeline, the objective weights that suit its scale, the adaptation
 * settings that suit its time scale, the peak arrival rate its example workloads are scaled to, and every
 * stated input behind its figures.
 *
 * <p>Immutable. Construction fails with an {@link IllegalArgumentException} for a non-positive peak rate.
 *
 * @param name                  a short name, e.g. {@code "image-classification"}
 * @param pipeline              the pipeline
 * @param objective             objective weights in proportion to this pipeline's accuracy, resource and
 *                              energy scales
 * @param peakRequestsPerSecond the rate the built-in workloads peak at, in requests per second
 * @param predictor             the arrival predictor suited to its rates and SLA
 * @param reconfigurationCost   the score gain a change must exceed, in the objective's units
 * @param assumptions           where each figure comes from
 */
public record ExamplePipeline(String name, Pipeline pipeline, Objective objective, double peakRequestsPerSecond,
                              ArrivalPredictor predictor, double reconfigurationCost, List<Assumption> assumptions) {

    /**
     * An example; the assumptions are copied.
     *
     * @param name                  a short name, e.g. {@code "image-classification"}
     * @param pipeline              the pipeline
     * @param objective             objective weights in proportion to this pipeline's accuracy, resource and energy
     *                              scales
     * @param peakRequestsPerSecond the rate the built-in workloads peak at, in requests per second
     * @param predictor             the arrival predictor suited to its rates and SLA
     * @param reconfigurationCost   the score gain a change must exceed, in the objective's units
     * @param assumptions           where each figure comes from
     * @throws NullPointerException if the name, pipeline, objective, predictor or assumptions is null
     * @throws IllegalArgumentException for a peak rate that is not finite and positive, or a reconfiguration cost
     *                                  that is negative or not finite
     */
    public ExamplePipeline {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(predictor, "predictor");
        if (!(reconfigurationCost >= 0) || Double.isInfinite(reconfigurationCost)) {
            throw new IllegalArgumentException("Reconfiguration cost must be finite and non-negative, got "
                    + reconfigurationCost);
        }
        if (!(peakRequestsPerSecond > 0) || Double.isInfinite(peakRequestsPerSecond)) {
            throw new IllegalArgumentException("Peak rate must be finite and positive, got " + peakRequestsPerSecond);
        }
        assumptions = List.copyOf(assumptions);
    }
}
