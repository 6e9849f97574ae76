package dev.greenslice.estimators.sim.pipeline;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.estimators.pipeline.AbstractAdaptationBuilder;
import dev.greenslice.estimators.pipeline.AdaptationDecision;
import dev.greenslice.estimators.pipeline.AdaptationPolicy;
import dev.greenslice.estimators.pipeline.AdaptationSettings;
import dev.greenslice.estimators.pipeline.ArrivalPredictor;
import dev.greenslice.estimators.pipeline.BatchProfile;
import dev.greenslice.estimators.pipeline.Demand;
import dev.greenslice.estimators.pipeline.Objective;
import dev.greenslice.estimators.pipeline.Optimization;
import dev.greenslice.estimators.pipeline.Pipeline;
import dev.greenslice.estimators.pipeline.PipelineConfiguration;
import dev.greenslice.estimators.pipeline.PipelineMath;
import dev.greenslice.estimators.pipeline.PipelineOptimizer;
import dev.greenslice.estimators.pipeline.StageConfiguration;
import dev.greenslice.estimators.pipeline.Variant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Replays an {@link ArrivalTrace} against a pipeline driven by an optimizer through the same decision rule
 * as the {@link dev.greenslice.estimators.pipeline.PipelineAdapter}, and reports energy, carbon, accuracy, SLA violations and
 * reconfigurations per interval and in total.
 *
 * <p>The replay, second by second (a fluid model): at every interval boundary the adapter predicts the rate
 * from the trace seconds before it (at second 0 it is primed with the trace's first second, as if observed
 * during warm-up), adds the rate that drains the requests queued in the stages within one interval (as a
 * serving stack reporting its queue to {@link dev.greenslice.estimators.pipeline.PipelineAdapter#reportQueuedRequests} would), optimizes and
 * decides. Within the interval, each stage serves up to replicas ×
 * throughput requests per second; what it cannot serve waits in its queue for the next second (queues carry
 * over reconfigurations); a stage passes what it served to the next one. A second's requests violate the SLA
 * when the sum over stages of batching wait, batch latency, M/D/1 queueing (below saturation) — these two
 * at the stage's input rate smoothed over about five seconds — and the time to drain the stage's queue
 * exceeds the SLA. Energy per second: active energy of
 * the batches served (served ÷ batch × energy per batch) plus every provisioned replica's idle power;
 * carbon: that energy at the {@link IntensitySource}'s intensity over that second. Reconfiguring itself is
 * not charged energy or downtime here; the reconfiguration cost in the decision rule stands for it.
 *
 * <p>Deterministic for deterministic optimizers (optimizer time is measured on the injected clock; a
 * {@link dev.greenslice.carbon.MockClock} reports zero). Not thread-safe to build; {@link #run} is
 * thread-safe.
 */
public final class PipelineSimulator {

    private final Pipeline pipeline;
    private final Objective objective;
    private final PipelineOptimizer optimizer;
    private final IntensitySource intensity;
    private final int intervalSeconds;
    private final AdaptationSettings settings;
    private final Instant start;
    private final PipelineOptimizer reference;

    private PipelineSimulator(Builder b, Pipeline pipeline, Objective objective, PipelineOptimizer optimizer,
            IntensitySource intensity, AdaptationSettings settings) {
        this.pipeline = pipeline;
        this.objective = objective;
        this.optimizer = optimizer;
        this.intensity = intensity;
        this.intervalSeconds = b.intervalSeconds;
        this.settings = settings.copy();
        this.start = b.start;
        this.reference = b.reference;
    }

    /**
     * Starts a simulator.
     *
     * @param pipeline  the pipeline to replay against
     * @param objective what each adaptation step maximizes
     * @param optimizer how each step searches
     * @return a builder replaying against {@code pipeline} for {@code objective} under {@code optimizer}
     */
    public static Builder builder(Pipeline pipeline, Objective objective, PipelineOptimizer optimizer) {
        return new Builder(pipeline, objective, optimizer);
    }

    /**
     * Replays a trace, second by second, adapting at every interval boundary.
     *
     * @param trace the arrivals, one count per second
     * @return per-interval and total energy, carbon, accuracy, SLA violations and reconfigurations
     * @throws IllegalArgumentException for a negative or non-finite stability margin
     */
    public SimulationReport run(ArrivalTrace trace) {
        Objects.requireNonNull(trace, "trace");
        AdaptationPolicy policy = settings.policy(optimizer, objective);
        double[] counts = trace.requestsPerSecond();
        int stages = pipeline.stages().size();
        ReplayState state = new ReplayState(stages);
        double slaSeconds = pipeline.latencySla().toNanos() / 1e9;
        List<IntervalReport> intervals = new ArrayList<>();
        PipelineConfiguration running = null;
        Energy totalEnergy = Energy.ZERO;
        CarbonFigure totalCarbon = CarbonFigure.ZERO;
        double totalRequests = 0;
        double totalViolations = 0;
        double accuracyWeighted = 0;
        int reconfigurations = 0;
        Duration optimizerTime = Duration.ZERO;
        long evaluations = 0;
        double gapSum = 0;
        double gapMax = Double.NEGATIVE_INFINITY;
        int gaps = 0;
        for (int from = 0, index = 0; from < counts.length; from += intervalSeconds, index++) {
            int to = Math.min(counts.length, from + intervalSeconds);
            double[] history = from == 0 ? new double[] {counts[0]}
                    : java.util.Arrays.copyOfRange(counts, Math.max(0, from - settings.predictor().historySeconds()), from);
            AdaptationSettings.PlannedRate planned = settings.plan(history, state.queued(), intervalSeconds,
                    from == 0 ? "primed with second 0; " : "");
            double rate = planned.requestsPerSecond();
            Instant at = start.plusSeconds(from);
            Demand demand = new Demand(rate, Optional.of(intensity.at(at).value()));
            AdaptationDecision d = policy.decide(pipeline, Optional.ofNullable(running), demand, planned.note());
            boolean changed = running != null && d.reconfigured();
            if (changed) {
                reconfigurations++;
            }
            running = d.configuration();
            optimizerTime = optimizerTime.plus(d.optimizerTime());
            evaluations += d.optimizerEvaluations();
            OptionalDouble ref = OptionalDouble.empty();
            if (reference != null) {
                Optimization r = reference.optimize(pipeline, objective,
                        demand.withRequestsPerSecond(d.plannedRequestsPerSecond()));
                if (r.best().isPresent()) {
                    ref = OptionalDouble.of(r.score());
                    if (d.proposedScore() > Double.NEGATIVE_INFINITY) {
                        double gap = (r.score() - d.proposedScore()) / Math.max(1e-12, Math.abs(r.score()));
                        gapSum += gap;
                        gapMax = Math.max(gapMax, gap);
                        gaps++;
                    }
                }
            }
            Replay replay = new Replay(pipeline, running);
            double requests = 0;
            double violations = 0;
            double peak = 0;
            Energy energy = Energy.ZERO;
            CarbonFigure carbon = CarbonFigure.ZERO;
            for (int t = from; t < to; t++) {
                double arrivals = counts[t];
                double[] result = replay.second(arrivals, state);
                Energy e = Energy.ofJoules(result[1]);
                Instant s0 = start.plusSeconds(t);
                carbon = carbon.plus(intensity.carbonOf(e, s0, s0.plusSeconds(1)));
                energy = energy.plus(e);
                requests += arrivals;
                peak = Math.max(peak, arrivals);
                if (arrivals > 0 && !(result[0] <= slaSeconds)) {
                    violations += arrivals;
                }
            }
            double accuracy = d.assessment().accuracy();
            intervals.add(new IntervalReport(index, from, to - from, rate, requests / (to - from), peak, running,
                    changed, d.feasible(), requests, violations, accuracy, energy, carbon, d.optimizerTime(),
                    d.proposedScore(), ref, d.reason()));
            totalEnergy = totalEnergy.plus(energy);
            totalCarbon = totalCarbon.plus(carbon);
            totalRequests += requests;
            totalViolations += violations;
            accuracyWeighted += accuracy * requests;
        }
        return new SimulationReport(pipeline.name(), trace.name(), optimizer.name(), counts.length, totalRequests,
                totalEnergy, totalCarbon, totalRequests > 0 ? accuracyWeighted / totalRequests : 0, totalViolations,
                reconfigurations, optimizerTime, evaluations,
                gaps > 0 ? OptionalDouble.of(gapSum / gaps) : OptionalDouble.empty(),
                gaps > 0 ? OptionalDouble.of(gapMax) : OptionalDouble.empty(), intervals);
    }

    /** One configuration's per-second fluid replay. */
    static final class Replay {
        private final Variant[] variants;
        private final BatchProfile[] profiles;
        private final int[] replicas;
        private final double[] maxWait;

        Replay(Pipeline pipeline, PipelineConfiguration config) {
            int n = pipeline.stages().size();
            variants = new Variant[n];
            profiles = new BatchProfile[n];
            replicas = new int[n];
            maxWait = new double[n];
            for (int s = 0; s < n; s++) {
                maxWait[s] = pipeline.stages().get(s).maxBatchWaitSeconds();
                StageConfiguration c = config.stage(s);
                variants[s] = pipeline.stages().get(s).variant(c.variant()).orElseThrow();
                profiles[s] = variants[s].batch(c.batchSize()).orElseThrow();
                replicas[s] = c.replicas();
            }
        }

        /**
         * Serves one second of {@code arrivals}, updating the queues and smoothed rates in {@code state}.
         *
         * @return {end-to-end latency in seconds for requests arriving now, energy in joules}
         */
        double[] second(double arrivals, ReplayState state) {
            double input = arrivals;
            double latency = 0;
            double joules = 0;
            for (int s = 0; s < profiles.length; s++) {
                BatchProfile p = profiles[s];
                double tau = maxWait[s];
                double rate = state.smooth(s, input);
                double available = state.backlog[s] + input;
                // a queue fills batches whatever the arrival rate: use the rate of what is waiting to be served
                double capacity = PipelineMath.capacity(p, replicas[s], Math.max(rate, available), tau);
                double served = Math.min(available, capacity);
                state.backlog[s] = available - served;
                joules += served / PipelineMath.effectiveBatch(p.batchSize(), Math.max(rate, available), tau)
                        * p.energyPerBatch().toJoules() + replicas[s] * variants[s].idlePowerPerReplica().toWatts();
                double service = p.latencySeconds();
                double wait = PipelineMath.batchWaitSeconds(p.batchSize(), rate, tau);
                double rho = rate / PipelineMath.capacity(p, replicas[s], rate, tau);
                double queue = rho < 1 ? rho * service / (2 * (1 - rho)) : 0;
                latency += wait + service + queue + state.backlog[s] / capacity;
                input = served;
            }
            return new double[] {latency, joules};
        }
    }

    /**
     * What carries from one second (and one configuration) to the next: each stage's queue, and each
     * stage's input rate smoothed over about five seconds (an exponentially weighted mean, weight 0.2 on the
     * newest second). The steady-state terms — batching wait and M/D/1 queueing — use the smoothed rate:
     * they describe random arrivals at a rate, which one second's count is a noisy sample of. Sustained
     * overload shows in the queues.
     */
    static final class ReplayState {
        private static final double WEIGHT = 0.2;
        final double[] backlog;
        private final double[] smoothed;
        private final boolean[] started;

        ReplayState(int stages) {
            backlog = new double[stages];
            smoothed = new double[stages];
            started = new boolean[stages];
        }

        double smooth(int stage, double input) {
            smoothed[stage] = started[stage] ? WEIGHT * input + (1 - WEIGHT) * smoothed[stage] : input;
            started[stage] = true;
            return smoothed[stage];
        }

        double queued() {
            double sum = 0;
            for (double b : backlog) {
                sum += b;
            }
            return sum;
        }
    }

    /** Builds a {@link PipelineSimulator}; not thread-safe. */
    public static final class Builder extends AbstractAdaptationBuilder<Builder> {
        private int intervalSeconds = 10;
        private Instant start = Instant.parse("2024-01-01T00:00:00Z");
        private PipelineOptimizer reference;

        private Builder(Pipeline pipeline, Objective objective, PipelineOptimizer optimizer) {
            super(pipeline, objective, optimizer);
        }

        /**
         * The adaptation interval.
         *
         * @param every whole seconds, at least 1; default 10 s
         * @return this builder
         * @throws IllegalArgumentException for an interval under 1 s or not a whole number of seconds
         */
        public Builder interval(Duration every) {
            Objects.requireNonNull(every, "every");
            if (every.toMillis() < 1000 || every.toNanos() % 1_000_000_000L != 0) {
                throw new IllegalArgumentException("The simulator adapts on whole seconds; got an interval of " + every);
            }
            this.intervalSeconds = Math.toIntExact(every.toSeconds());
            return this;
        }

        /**
         * The wall time of the trace's second 0, for the intensity look-ups.
         *
         * @param instant the start; default 2024-01-01T00:00Z
         * @return this builder
         */
        public Builder start(Instant instant) {
            this.start = Objects.requireNonNull(instant, "instant");
            return this;
        }

        /**
         * An optimizer to measure the score gap against at every interval, e.g. the exact one when simulating a
         * heuristic; default none.
         *
         * @param optimizer the reference optimizer
         * @return this builder
         */
        public Builder reference(PipelineOptimizer optimizer) {
            this.reference = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /**
         * Builds the simulator; nothing runs until {@link PipelineSimulator#run}.
         *
         * @return the simulator
         * @throws IllegalArgumentException without an intensity source
         */
        public PipelineSimulator build() {
            if (intensitySource() == null) {
                throw new IllegalArgumentException("Give the simulator an IntensitySource with intensity(...): carbon is "
                        + "reported for every interval");
            }
            return new PipelineSimulator(this, pipeline(), objective(), optimizer(), intensitySource(), settings());
        }
    }
}
