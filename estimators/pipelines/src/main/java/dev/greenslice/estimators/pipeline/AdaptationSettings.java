package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.Clock;

import java.util.Objects;

/**
 * The settings the {@link PipelineAdapter}'s and the pipeline simulator's builders share, with their
 * defaults and validation, and the step both run at every interval boundary: turn the arrival history
 * into the rate to plan for.
 *
 * <p>Not thread-safe: each builder owns one and each built object keeps a {@link #copy()}, so changing a
 * builder after {@code build()} does not reach what it built.
 *
 * <p>Public only so that the pipeline simulator (artifact {@code greenslice-simulator}) replays exactly the
 * adapter's decisions; not meant for applications, and it may change in any release.
 */
public final class AdaptationSettings {

    ArrivalPredictor predictor = ArrivalPredictor.defaultPredictor();
    /** Objective units; validated by {@link AdaptationPolicy}. */
    double reconfigurationCost;
    /** A fraction; validated by {@link AdaptationPolicy}. */
    double stabilityMargin = 0.1;
    /** Requests per second; 0 until set, meaning one request per interval. */
    private double minimumRate;
    Clock clock = Clock.system();

    /** Settings at their defaults: the default predictor, no reconfiguration cost, a 10% margin, the system clock. */
    public AdaptationSettings() {
    }

    /**
     * A copy, so that a built object does not see later changes to its builder.
     *
     * @return the copy
     */
    public AdaptationSettings copy() {
        AdaptationSettings c = new AdaptationSettings();
        c.predictor = predictor;
        c.reconfigurationCost = reconfigurationCost;
        c.stabilityMargin = stabilityMargin;
        c.minimumRate = minimumRate;
        c.clock = clock;
        return c;
    }

    /**
     * Sets the arrival predictor.
     *
     * @param p the predictor
     */
    public void predictor(ArrivalPredictor p) {
        this.predictor = Objects.requireNonNull(p, "predictor");
    }

    /**
     * The arrival predictor.
     *
     * @return the predictor
     */
    public ArrivalPredictor predictor() {
        return predictor;
    }

    /**
     * Sets the reconfiguration cost, in objective units; validated when the policy is made.
     *
     * @param cost the cost
     */
    public void reconfigurationCost(double cost) {
        this.reconfigurationCost = cost;
    }

    /**
     * The reconfiguration cost, in objective units.
     *
     * @return the cost
     */
    public double reconfigurationCost() {
        return reconfigurationCost;
    }

    /**
     * Sets the stability margin, a fraction; validated when the policy is made.
     *
     * @param fraction the margin
     */
    public void stabilityMargin(double fraction) {
        this.stabilityMargin = fraction;
    }

    /**
     * Sets the clock decisions are timed with.
     *
     * @param c the clock
     */
    public void clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
    }

    /**
     * Sets the lowest rate to plan for.
     *
     * @param requestsPerSecond requests per second, finite and positive
     * @throws IllegalArgumentException for anything else
     */
    public void minimumRequestsPerSecond(double requestsPerSecond) {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("The minimum rate must be finite and positive, got " + requestsPerSecond);
        }
        this.minimumRate = requestsPerSecond;
    }

    /** The lowest rate to plan for, in requests per second: as set, else one request per interval. */
    double minimumRate(double intervalSeconds) {
        return minimumRate > 0 ? minimumRate : 1.0 / intervalSeconds;
    }

    /**
     * The decision rule these settings make.
     *
     * @param optimizer the optimizer
     * @param objective the objective
     * @return the policy
     * @throws IllegalArgumentException for a negative or non-finite reconfiguration cost or stability margin
     */
    public AdaptationPolicy policy(PipelineOptimizer optimizer, Objective objective) {
        return new AdaptationPolicy(optimizer, objective, reconfigurationCost, stabilityMargin, clock);
    }

    /**
     * The rate one step plans for: the prediction from {@code history}, floored at the minimum rate, plus the
     * rate that drains {@code queuedRequests} within one interval, and the note that says how it was reached.
     *
     * @param history         completed seconds of arrivals, oldest first; empty when none has completed yet
     *                        (the step then plans for the minimum rate)
     * @param queuedRequests  requests waiting in the pipeline's queues; 0 if unknown
     * @param intervalSeconds the adaptation interval
     * @param note            what the caller already has to say about the rate, or empty
     * @return the rate and its note
     */
    public PlannedRate plan(double[] history, double queuedRequests, double intervalSeconds, String note) {
        double minimum = minimumRate(intervalSeconds);
        double rate;
        if (history.length == 0) {
            rate = minimum;
            note += "no completed second of arrivals yet; planned for the minimum rate; ";
        } else {
            double predicted = predictor.predictRequestsPerSecond(history);
            rate = Math.max(minimum, predicted);
            if (predicted < minimum) {
                note += "predicted rate below the minimum; planned for the minimum rate; ";
            }
        }
        double drain = queuedRequests / intervalSeconds;
        if (drain > 0) {
            rate += drain;
            note += "plus " + AdaptationPolicy.fmt(drain) + " requests/s to drain the queue; ";
        }
        return new PlannedRate(rate, note);
    }

    /**
     * The rate a step plans for and how it was reached.
     *
     * @param requestsPerSecond the rate, in requests per second
     * @param note              the reasoning, ending in {@code "; "}, to put before the decision's reason; or empty
     */
    public record PlannedRate(double requestsPerSecond, String note) {
    }
}
