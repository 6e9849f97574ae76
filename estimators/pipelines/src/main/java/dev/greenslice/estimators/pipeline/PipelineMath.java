package dev.greenslice.estimators.pipeline;

/**
 * The per-stage formulas every part of the package shares, so that the optimizers, the assessment and the
 * simulator agree to the last bit (the same operations in the same order).
 *
 * <p>Batching: a stage collects requests into batches of {@code b}; with a batching timeout τ (a serving
 * stack's "max batch delay") a batch leaves when full or when its first request has waited τ. At arrival
 * rate λ the first request of a batch waits {@code min((b − 1)/λ, τ)} and a batch holds
 * {@code b_eff = min(b, 1 + λτ)} requests on average. A partial batch is charged the full batch's latency and
 * energy (an upper bound: a smaller batch computes less), so a replica's capacity is
 * {@code throughput(b) × b_eff / b} and the active energy per request {@code E(b) / b_eff}. Without a
 * timeout (τ = ∞, IPA's model) {@code b_eff = b}.
 *
 * <p>Public only so that the pipeline simulator (artifact {@code greenslice-simulator}) replays exactly the
 * adapter's decisions; not meant for applications, and it may change in any release.
 *
 * <p>Stateless and thread-safe.
 */
public final class PipelineMath {

    private PipelineMath() {
    }

    /**
     * Average requests per batch.
     *
     * @param batchSize      the batch size
     * @param lambda         the arrival rate, in requests per second
     * @param maxWaitSeconds the batching timeout, in seconds; infinite for none
     * @return requests per batch
     */
    public static double effectiveBatch(int batchSize, double lambda, double maxWaitSeconds) {
        return maxWaitSeconds == Double.POSITIVE_INFINITY ? batchSize : Math.min(batchSize, 1 + lambda * maxWaitSeconds);
    }

    /**
     * Requests per second {@code replicas} replicas sustain at this batch profile and arrival rate.
     *
     * @param p              the batch profile
     * @param replicas       the replicas
     * @param lambda         the arrival rate, in requests per second
     * @param maxWaitSeconds the batching timeout, in seconds; infinite for none
     * @return requests per second
     */
    public static double capacity(BatchProfile p, int replicas, double lambda, double maxWaitSeconds) {
        double full = replicas * p.throughputRequestsPerSecond();
        return maxWaitSeconds == Double.POSITIVE_INFINITY ? full
                : full * effectiveBatch(p.batchSize(), lambda, maxWaitSeconds) / p.batchSize();
    }

    /**
     * Batch-formation wait of the first request of a batch, in seconds; 0 when nothing arrives.
     *
     * @param batchSize      the batch size
     * @param lambda         the arrival rate, in requests per second
     * @param maxWaitSeconds the batching timeout, in seconds; infinite for none
     * @return seconds
     */
    public static double batchWaitSeconds(int batchSize, double lambda, double maxWaitSeconds) {
        if (batchSize == 1) {
            return 0;
        }
        if (!(lambda > 0)) {
            return 0;
        }
        return Math.min((batchSize - 1) / lambda, maxWaitSeconds);
    }

    /**
     * Predicted latency of one stage, in seconds: batch-formation wait + batch latency + M/D/1 queueing per
     * replica, {@code ρ·latency / (2(1 − ρ))} with {@code ρ = λ / capacity}. Infinite at or above saturation.
     */
    static double stageLatencySeconds(BatchProfile p, int replicas, double lambda, double maxWaitSeconds) {
        double capacity = capacity(p, replicas, lambda, maxWaitSeconds);
        if (!(lambda < capacity)) {
            return Double.POSITIVE_INFINITY;
        }
        double rho = lambda / capacity;
        double service = p.latencySeconds();
        return batchWaitSeconds(p.batchSize(), lambda, maxWaitSeconds) + service + rho * service / (2 * (1 - rho));
    }

    /** Joules per request of one stage: active energy per batch ÷ average batch + idle power of its replicas ÷ λ. */
    static double stageJoulesPerRequest(Variant v, BatchProfile p, int replicas, double lambda, double maxWaitSeconds) {
        return p.energyPerBatch().toJoules() / effectiveBatch(p.batchSize(), lambda, maxWaitSeconds)
                + replicas * v.idlePowerPerReplica().toWatts() / lambda;
    }

    /** The footprint the objective weighs, per request: joules, or grams at {@code gramsPerJoule}. */
    static double footprint(Objective objective, double joulesPerRequest, double gramsPerJoule) {
        return objective.footprint() == Objective.Footprint.ENERGY ? joulesPerRequest : joulesPerRequest * gramsPerJoule;
    }

    /** A stage's share of the objective's cost terms: β·replicas·units + γ·batch + δ·footprint. */
    static double stageCost(Objective o, double resourceUnits, int batchSize, double footprint) {
        return o.resourceWeight() * resourceUnits + o.batchWeight() * batchSize + o.footprintWeight() * footprint;
    }
}
