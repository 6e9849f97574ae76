package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.IntensitySource;

import java.util.Objects;

/**
 * The settings an adapting pipeline shares with its simulation — how the next interval's rate is predicted, what a
 * reconfiguration costs, the hysteresis band, the lowest rate planned for, the grid's intensity and the clock —
 * written once. {@link PipelineAdapter.Builder} (the live adapter) and the simulator's builder in
 * {@code greenslice-simulator} (the same policy replayed over a trace) extend it with their own type as {@code B}, so that these setters return that
 * builder and chain into its own settings and {@code build()}; a setting means the same in both, so a simulated
 * run predicts what the adapter will do.
 *
 * <p>Each setting is checked as it is set: a bad value throws {@link IllegalArgumentException} (or
 * {@link NullPointerException} for null) at once, naming the value. Not thread-safe; build on one thread. Meant
 * for the adapter's and the simulator's builders; subclasses read the settings through the protected accessors.
 *
 * @param <B> the concrete builder type, returned by every setter
 */
public abstract class AbstractAdaptationBuilder<B extends AbstractAdaptationBuilder<B>> {

    final Pipeline pipeline;
    final Objective objective;
    final PipelineOptimizer optimizer;
    final AdaptationSettings settings = new AdaptationSettings();
    IntensitySource intensity;

    /**
     * Starts a builder.
     *
     * @param pipeline  the pipeline to adapt
     * @param objective what to minimise
     * @param optimizer how to search the configurations
     * @throws NullPointerException if any is null
     */
    protected AbstractAdaptationBuilder(Pipeline pipeline, Objective objective, PipelineOptimizer optimizer) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.objective = Objects.requireNonNull(objective, "objective");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    /** @return the pipeline to adapt */
    protected final Pipeline pipeline() {
        return pipeline;
    }

    /** @return the objective */
    protected final Objective objective() {
        return objective;
    }

    /** @return the optimizer */
    protected final PipelineOptimizer optimizer() {
        return optimizer;
    }

    /** @return the settings set so far (the builder's own; copy them into what it builds) */
    protected final AdaptationSettings settings() {
        return settings;
    }

    /** @return the intensity source, or null if none was set */
    protected final IntensitySource intensitySource() {
        return intensity;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * How to predict the next interval's rate.
     *
     * @param p the predictor; default {@link ArrivalPredictor#defaultPredictor()}, the maximum of the last 20 s + 10 %
     * @return this builder
     */
    public B predictor(ArrivalPredictor p) {
        settings.predictor(p);
        return self();
    }

    /**
     * The score gain a change must exceed to be made: what a reconfiguration costs, in objective units.
     *
     * @param cost finite and {@code >= 0}; default 0
     * @return this builder
     * @throws IllegalArgumentException for a negative or non-finite cost
     */
    public B reconfigurationCost(double cost) {
        if (!(cost >= 0) || Double.isInfinite(cost)) {
            throw new IllegalArgumentException("Reconfiguration cost must be finite and non-negative, got " + cost);
        }
        settings.reconfigurationCost(cost);
        return self();
    }

    /**
     * The width of the hysteresis band: new configurations are planned for the predicted rate × (1 + fraction),
     * while the running one is only forced out when it breaks at the predicted rate.
     *
     * @param fraction finite and {@code >= 0}; default 0.1
     * @return this builder
     * @throws IllegalArgumentException for a negative or non-finite fraction
     */
    public B stabilityMargin(double fraction) {
        if (!(fraction >= 0) || Double.isInfinite(fraction)) {
            throw new IllegalArgumentException("Stability margin must be a finite fraction >= 0, got " + fraction);
        }
        settings.stabilityMargin(fraction);
        return self();
    }

    /**
     * The lowest rate to plan for, however few requests arrive.
     *
     * @param requestsPerSecond finite and positive; default one request per interval
     * @return this builder
     * @throws IllegalArgumentException for a rate that is not finite and positive
     */
    public B minimumRequestsPerSecond(double requestsPerSecond) {
        settings.minimumRequestsPerSecond(requestsPerSecond);
        return self();
    }

    /**
     * The grid's carbon intensity over time: the adapter reads it at the clock's wall time at each step, the
     * simulator for each second of the trace from its start.
     *
     * @param source the intensity source; the simulator requires one, and so does the adapter when its objective
     *               weighs carbon
     * @return this builder
     */
    public B intensity(IntensitySource source) {
        this.intensity = Objects.requireNonNull(source, "source");
        return self();
    }

    /**
     * The clock for arrivals, intensity look-ups and optimizer timing; a {@code MockClock} reports zero optimizer
     * time, for deterministic reports.
     *
     * @param c the clock; default {@link Clock#system()}
     * @return this builder
     */
    public B clock(Clock c) {
        settings.clock(c);
        return self();
    }
}
