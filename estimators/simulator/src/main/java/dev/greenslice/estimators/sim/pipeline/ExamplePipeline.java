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
 */
public final class ExamplePipeline {
    private final String name;
    private final Pipeline pipeline;
    private final Objective objective;
    private final double peakRequestsPerSecond;
    private final ArrivalPredictor predictor;
    private final double reconfigurationCost;
    private final List<Assumption> assumptions;

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
    ExamplePipeline(String name, Pipeline pipeline, Objective objective, double peakRequestsPerSecond,
            ArrivalPredictor predictor, double reconfigurationCost, List<Assumption> assumptions) {
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
        this.name = name;
        this.pipeline = pipeline;
        this.objective = objective;
        this.peakRequestsPerSecond = peakRequestsPerSecond;
        this.predictor = predictor;
        this.reconfigurationCost = reconfigurationCost;
        this.assumptions = assumptions;
    }

    /** @return a short name, e.g. {@code "image-classification"} */
    public String name() {
        return name;
    }

    /** @return the pipeline */
    public Pipeline pipeline() {
        return pipeline;
    }

    /** @return objective weights in proportion to this pipeline's accuracy, resource and energy scales */
    public Objective objective() {
        return objective;
    }

    /** @return the rate the built-in workloads peak at, in requests per second */
    public double peakRequestsPerSecond() {
        return peakRequestsPerSecond;
    }

    /** @return the arrival predictor suited to its rates and SLA */
    public ArrivalPredictor predictor() {
        return predictor;
    }

    /** @return the score gain a change must exceed, in the objective's units */
    public double reconfigurationCost() {
        return reconfigurationCost;
    }

    /** @return where each figure comes from */
    public List<Assumption> assumptions() {
        return assumptions;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ExamplePipeline)) {
            return false;
        }
        ExamplePipeline o = (ExamplePipeline) other;
        return Objects.equals(name, o.name)
                && Objects.equals(pipeline, o.pipeline)
                && Objects.equals(objective, o.objective)
                && Double.compare(peakRequestsPerSecond, o.peakRequestsPerSecond) == 0
                && Objects.equals(predictor, o.predictor)
                && Double.compare(reconfigurationCost, o.reconfigurationCost) == 0
                && Objects.equals(assumptions, o.assumptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, pipeline, objective, peakRequestsPerSecond, predictor, reconfigurationCost, assumptions);
    }

    @Override
    public String toString() {
        return "ExamplePipeline[name=" + name
                + ", pipeline=" + pipeline
                + ", objective=" + objective
                + ", peakRequestsPerSecond=" + peakRequestsPerSecond
                + ", predictor=" + predictor
                + ", reconfigurationCost=" + reconfigurationCost
                + ", assumptions=" + assumptions + "]";
    }
}
