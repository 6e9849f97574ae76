package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.IntensitySource;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The adaptation loop a serving stack embeds: it counts arrivals, and every interval predicts the next
 * interval's arrival rate, re-optimizes, and hands a new configuration to the serving stack through a
 * callback — only when the change pays off.
 *
 * <pre>{@code
 * PipelineAdapter adapter = PipelineAdapter.builder(pipeline, objective, PipelineOptimizers.exact())
 *         .onReconfigure(config -> servingStack.apply(config))
 *         .reconfigurationCost(0.002)
 *         .build();
 * AutoCloseable loop = adapter.start(scheduler);   // every 10 s
 * // per request:
 * adapter.recordArrival();
 * }</pre>
 *
 * <p>Each step: the {@link ArrivalPredictor} (default: maximum of the last 20 s + 10 %) turns the completed
 * seconds into a predicted rate, floored at {@code minimumRequestsPerSecond} (default one request per
 * interval — a zero rate has no batching wait or per-request energy to optimize), plus the rate that drains
 * any {@link #reportQueuedRequests reported queue} within one interval; the optimizer proposes a
 * configuration planned for that rate × (1 + stability margin, default 10 %); the running one is replaced
 * only if it would break a constraint at the predicted rate, or if the plan's score beats it by more than
 * the reconfiguration cost (objective units). Switches are triggered at the predicted rate but land on
 * configurations with the margin's headroom, so noise inside that band forces no change. When nothing is
 * feasible it runs the best-effort configuration (lowest latency among those that sustain the rate, else
 * the highest capacity) and says so in the decision. Where the objective weighs carbon, the intensity is
 * read from the {@link IntensitySource} at the clock's wall time.
 *
 * <p>Time comes from the injected {@link Clock}; {@link #adapt()} runs one step now, so tests and custom
 * schedulers drive it deterministically, and {@link #start(ScheduledExecutorService)} runs it every
 * interval. Thread-safe: arrivals may be recorded from any thread; steps are serialized. If the callback
 * throws, the configuration is not considered applied, the exception propagates from {@code adapt()} and,
 * in a scheduled loop, is kept as {@link #lastFailure()} while the loop goes on.
 */
public final class PipelineAdapter {

    private final Objective objective;
    private final AdaptationSettings settings;
    private final AdaptationPolicy policy;
    private final Duration interval;
    private final Optional<IntensitySource> intensity;
    private final Clock clock;
    private final Consumer<PipelineConfiguration> onReconfigure;
    private final ArrivalWindow arrivals;

    private volatile Pipeline pipeline;
    private volatile PipelineConfiguration current;
    private volatile AdaptationDecision lastDecision;
    private volatile RuntimeException lastFailure;
    private volatile double queued;

    private PipelineAdapter(Builder b) {
        this.pipeline = b.pipeline;
        this.objective = b.objective;
        this.settings = b.settings.copy();
        this.interval = b.interval;
        this.intensity = Optional.ofNullable(b.intensity);
        this.clock = settings.clock;
        this.onReconfigure = b.onReconfigure;
        this.current = b.initial;
        this.policy = settings.policy(b.optimizer, b.objective);
        this.arrivals = new ArrivalWindow(clock, settings.predictor.historySeconds());
    }

    /**
     * Starts an adapter.
     *
     * @param pipeline  the pipeline the serving stack runs
     * @param objective what each step maximizes
     * @param optimizer how each step searches, e.g. {@link PipelineOptimizers#exact()}
     * @return a builder adapting {@code pipeline} for {@code objective} with {@code optimizer}
     */
    public static Builder builder(Pipeline pipeline, Objective objective, PipelineOptimizer optimizer) {
        return new Builder(pipeline, objective, optimizer);
    }

    /** Counts one arrival at the clock's current second. */
    public void recordArrival() {
        arrivals.record(1);
    }

    /**
     * Counts {@code requests} arrivals at the clock's current second, e.g. a batch admitted at once.
     *
     * @param requests how many; zero or more
     * @throws IllegalArgumentException for a negative count
     */
    public void recordArrivals(int requests) {
        if (requests < 0) {
            throw new IllegalArgumentException("Arrivals must be non-negative, got " + requests);
        }
        arrivals.record(requests);
    }

    /**
     * Tells the adapter how many requests are waiting in the pipeline's queues now (if the serving stack
     * knows). The next step plans for the predicted rate plus enough to drain them within one interval;
     * the value holds until reported again.
     *
     * @param requests requests waiting now, over all stages; 0 when the queues are empty
     * @throws IllegalArgumentException for a negative or non-finite count
     */
    public void reportQueuedRequests(double requests) {
        if (!(requests >= 0) || Double.isInfinite(requests)) {
            throw new IllegalArgumentException("Queued requests must be finite and non-negative, got " + requests);
        }
        queued = requests;
    }

    /**
     * Swaps in a variant with new figures (e.g. measured ones, see {@link VariantMeasurements}); the next
     * step optimizes with them.
     *
     * @param stageName the stage's name
     * @param variant   the new figures, named as the variant they replace
     * @throws IllegalArgumentException if the pipeline has no such stage or variant
     */
    public synchronized void updateVariant(String stageName, Variant variant) {
        pipeline = pipeline.withVariant(stageName, variant);
    }

    /**
     * Runs one adaptation step now: predict, optimize, decide, and call the callback if the configuration
     * changes.
     *
     * @return the decision
     * @throws RuntimeException whatever the callback throws; the configuration then stays as it was
     */
    public synchronized AdaptationDecision adapt() {
        double[] history = arrivals.completed(settings.predictor.historySeconds());
        AdaptationSettings.PlannedRate rate = settings.plan(history, queued, interval.toNanos() / 1e9, "");
        Demand demand = new Demand(rate.requestsPerSecond(), intensity.map(s -> s.at(clock.wallTime()).value()));
        AdaptationDecision d = policy.decide(pipeline, Optional.ofNullable(current), demand, rate.note());
        if (d.reconfigured()) {
            onReconfigure.accept(d.configuration());
        }
        current = d.configuration();
        lastDecision = d;
        return d;
    }

    /**
     * Runs {@link #adapt()} every interval on {@code executor}, starting one interval from now. A step that
     * throws is kept as {@link #lastFailure()}; the loop goes on.
     *
     * @param executor runs the steps; its thread calls the callback
     * @return closing it stops the loop (it does not shut the executor down)
     */
    public AutoCloseable start(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        long nanos = interval.toNanos();
        ScheduledFuture<?> f = executor.scheduleAtFixedRate(() -> {
            try {
                adapt();
            } catch (RuntimeException e) {
                lastFailure = e;
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** @return the configuration running now, if any */
    public Optional<PipelineConfiguration> current() {
        return Optional.ofNullable(current);
    }

    /** @return the latest decision, if a step has run */
    public Optional<AdaptationDecision> lastDecision() {
        return Optional.ofNullable(lastDecision);
    }

    /** @return the latest failure of a scheduled step, if any */
    public Optional<RuntimeException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** @return the pipeline as it stands, with any updated variants */
    public Pipeline pipeline() {
        return pipeline;
    }

    /** @return the objective it optimizes */
    public Objective objective() {
        return objective;
    }

    /** @return the adaptation interval */
    public Duration interval() {
        return interval;
    }

    /** Builds a {@link PipelineAdapter}; not thread-safe. */
    public static final class Builder extends AbstractAdaptationBuilder<Builder> {
        private Duration interval = Duration.ofSeconds(10);
        private Consumer<PipelineConfiguration> onReconfigure;
        private PipelineConfiguration initial;

        private Builder(Pipeline pipeline, Objective objective, PipelineOptimizer optimizer) {
            super(pipeline, objective, optimizer);
        }

        /**
         * How often to adapt.
         *
         * @param every positive; default 10 s
         * @return this builder
         * @throws IllegalArgumentException for a zero or negative interval
         */
        public Builder interval(Duration every) {
            Objects.requireNonNull(every, "every");
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("The adaptation interval must be positive, got " + every);
            }
            this.interval = every;
            return this;
        }

        /**
         * Where new configurations go; required.
         *
         * @param callback receives every new configuration, on the adapting thread; if it throws, the configuration is
         *                 not considered applied
         * @return this builder
         */
        public Builder onReconfigure(Consumer<PipelineConfiguration> callback) {
            this.onReconfigure = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /**
         * The configuration the serving stack runs now, so that the first step keeps it unless a change pays off.
         *
         * @param running the running configuration; default none (the first step always configures)
         * @return this builder
         */
        public Builder initialConfiguration(PipelineConfiguration running) {
            this.initial = Objects.requireNonNull(running, "running");
            return this;
        }

        /**
         * Builds the adapter; nothing runs until {@link PipelineAdapter#adapt()} or
         * {@link PipelineAdapter#start}.
         *
         * @return the adapter
         * @throws IllegalArgumentException without a callback, with a non-positive interval, when the objective
         *                                  weighs carbon and no intensity source was given, or for a negative or
         *                                  non-finite reconfiguration cost or stability margin
         */
        public PipelineAdapter build() {
            if (onReconfigure == null) {
                throw new IllegalArgumentException("Give the adapter a callback with onReconfigure(...): it is how new "
                        + "configurations reach the serving stack");
            }
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("The adaptation interval must be positive, got " + interval);
            }
            if (objective.footprint() == Objective.Footprint.CARBON && objective.footprintWeight() > 0 && intensity == null) {
                throw new IllegalArgumentException("The objective weighs carbon per request; give the adapter an "
                        + "IntensitySource with intensity(...)");
            }
            return new PipelineAdapter(this);
        }
    }
}
