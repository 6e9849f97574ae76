package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.Clock;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The decision rule the {@link PipelineAdapter} and the pipeline simulator share: a hysteresis band
 * on the rate plus a reconfiguration cost on the score.
 *
 * <p>With predicted rate λ̂ and stability margin m:
 * <ol>
 *   <li>Plan: optimize for λ̂·(1 + m). If that finds nothing that is also feasible at λ̂ (latency is not
 *       monotone in the rate: batching waits shrink as it grows), optimize for λ̂ instead.</li>
 *   <li>Nothing running → run the plan.</li>
 *   <li>The running configuration breaks a constraint at λ̂ → switch to the plan (stability never
 *       outranks the SLA).</li>
 *   <li>Otherwise switch only if the plan's score at λ̂ beats the running configuration's by more than the
 *       reconfiguration cost.</li>
 *   <li>Nothing is feasible at λ̂ → run the best-effort configuration ({@link Feasibility#bestEffort}) and
 *       say so.</li>
 * </ol>
 * Switches are triggered at λ̂ but land on configurations that hold up to λ̂·(1 + m), so noise within that
 * band forces no change, and changes that do not pay for themselves are not made.
 *
 * <p>Public only so that the pipeline simulator (artifact {@code greenslice-simulator}) replays exactly the
 * adapter's decisions; not meant for applications, and it may change in any release.
 *
 * <p>Thread-safety: as safe as its optimizer and clock; it holds no mutable state of its own.
 */
public final class AdaptationPolicy {

    private final PipelineOptimizer optimizer;
    private final Objective objective;
    private final double reconfigurationCost;
    private final double stabilityMargin;
    private final Clock clock;

    AdaptationPolicy(PipelineOptimizer optimizer, Objective objective, double reconfigurationCost,
                     double stabilityMargin, Clock clock) {
        if (!(reconfigurationCost >= 0) || Double.isInfinite(reconfigurationCost)) {
            throw new IllegalArgumentException("Reconfiguration cost must be finite and non-negative (objective units), got "
                    + reconfigurationCost);
        }
        if (!(stabilityMargin >= 0) || Double.isInfinite(stabilityMargin)) {
            throw new IllegalArgumentException("Stability margin must be a finite, non-negative fraction, got "
                    + stabilityMargin);
        }
        this.optimizer = optimizer;
        this.objective = objective;
        this.reconfigurationCost = reconfigurationCost;
        this.stabilityMargin = stabilityMargin;
        this.clock = clock;
    }

    /**
     * One adaptation step: what to run for {@code demand}, given what runs now.
     *
     * @param pipeline the pipeline
     * @param running  the configuration running now, or empty before the first step
     * @param demand   the demand to plan for
     * @param rateNote how the rate was reached, ending in {@code "; "}, or empty
     * @return the decision and its reason
     */
    public AdaptationDecision decide(Pipeline pipeline, Optional<PipelineConfiguration> running, Demand demand, String rateNote) {
        double rate = demand.requestsPerSecond();
        long t0 = clock.monotonicNanos();
        Demand planned = demand.withRequestsPerSecond(rate * (1 + stabilityMargin));
        Optimization opt = optimizer.optimize(pipeline, objective, planned, running);
        long evaluations = opt.evaluations();
        Optional<ConfigurationAssessment> plan = opt.configuration().map(c -> pipeline.assess(c, demand, objective))
                .filter(ConfigurationAssessment::feasible);
        if (plan.isEmpty() && stabilityMargin > 0) {
            planned = demand;
            opt = optimizer.optimize(pipeline, objective, demand, running);
            evaluations += opt.evaluations();
            plan = opt.best();
        }
        Duration took = Duration.ofNanos(Math.max(0, clock.monotonicNanos() - t0));
        double plannedRate = planned.requestsPerSecond();
        double proposed = opt.score();
        Optional<ConfigurationAssessment> current = running.flatMap(c -> assessOrEmpty(pipeline, c, demand));
        if (plan.isEmpty()) {
            SearchSpace space = new SearchSpace(pipeline, objective, demand);
            PipelineConfiguration fallback = space.configuration(Feasibility.bestEffort(space));
            ConfigurationAssessment a = pipeline.assess(fallback, demand, objective);
            boolean change = running.map(r -> !r.equals(fallback)).orElse(true);
            return new AdaptationDecision(rate, plannedRate, fallback, a, change, took, evaluations, proposed, rateNote
                    + "no configuration meets the constraints at " + fmt(rate) + " requests/s; running the best-effort one ("
                    + String.join("; ", a.violations()) + ")");
        }
        ConfigurationAssessment best = plan.get();
        if (current.isEmpty()) {
            return new AdaptationDecision(rate, plannedRate, best.configuration(), best, true, took, evaluations, proposed,
                    rateNote + (running.isEmpty() ? "initial configuration" : "the running configuration no longer fits the pipeline"));
        }
        ConfigurationAssessment cur = current.get();
        if (!cur.feasible()) {
            return new AdaptationDecision(rate, plannedRate, best.configuration(), best,
                    !best.configuration().equals(cur.configuration()), took, evaluations, proposed,
                    rateNote + "the running configuration would break: " + String.join("; ", cur.violations()));
        }
        double gain = best.score() - cur.score();
        if (gain > reconfigurationCost) {
            return new AdaptationDecision(rate, plannedRate, best.configuration(), best, true, took, evaluations, proposed,
                    rateNote + "score gain " + fmt(gain) + " exceeds the reconfiguration cost " + fmt(reconfigurationCost));
        }
        return new AdaptationDecision(rate, plannedRate, cur.configuration(), cur, false, took, evaluations, proposed,
                rateNote + "keep: score gain " + fmt(gain) + " does not exceed the reconfiguration cost "
                        + fmt(reconfigurationCost));
    }

    private Optional<ConfigurationAssessment> assessOrEmpty(Pipeline pipeline, PipelineConfiguration c, Demand demand) {
        try {
            return Optional.of(pipeline.assess(c, demand, objective));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the pipeline changed under it (variant or batch profile removed)
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
