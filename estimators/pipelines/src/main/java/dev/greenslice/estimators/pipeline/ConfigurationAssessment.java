package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.Energy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link PipelineConfiguration} fares under one {@link Demand} and {@link Objective}: whether it meets
 * every constraint (and which it breaks), its predicted end-to-end latency, and each term of the objective.
 *
 * <p>The latency model, per stage: batch-formation wait {@code (b − 1)/λ} (the first request of a batch
 * waits for the other {@code b − 1} at arrival rate λ, as IPA models it), capped at the stage's batching
 * timeout τ if it has one + the measured batch latency + queueing, modelled per replica as M/D/1 with
 * utilisation {@code ρ = λ / capacity}: {@code ρ·latency / (2(1 − ρ))}. Capacity is replicas × throughput,
 * scaled by {@code b_eff / b} when a timeout leaves batches partly filled ({@code b_eff = min(b, 1 + λτ)},
 * each batch charged the full batch's latency and energy). Stages add up. A stage at or above
 * {@code ρ = 1} has unbounded latency ({@link Double#POSITIVE_INFINITY}).
 *
 * <p>Immutable.
 */
public final class ConfigurationAssessment {
    private final PipelineConfiguration configuration;
    private final Demand demand;
    private final boolean feasible;
    private final List<String> violations;
    private final double latencySeconds;
    private final List<Double> stageLatencySeconds;
    private final double accuracy;
    private final double resourceUnits;
    private final int batchSizeSum;
    private final Energy energyPerRequest;
    private final Optional<CarbonMass> carbonPerRequest;
    private final double score;

    /**
     * An assessment as {@link Pipeline#assess} computes it; the lists are copied.
     *
     * @param configuration       what was assessed
     * @param demand              the arrival rate (and intensity) it was assessed at
     * @param feasible            whether every constraint holds
     * @param violations          one sentence per broken constraint; empty if feasible
     * @param latencySeconds      predicted end-to-end latency in seconds; may be infinite
     * @param stageLatencySeconds predicted latency per stage in seconds, in pipeline order
     * @param accuracy            product of the stages' accuracies, in [0, 1]
     * @param resourceUnits       Σ replicas × resource units per replica
     * @param batchSizeSum        Σ batch sizes
     * @param energyPerRequest    active energy per request plus the idle power of provisioned replicas spread over
     *                            the arrival rate
     * @param carbonPerRequest    {@code energyPerRequest} at the demand's intensity, if it has one
     * @param score               the objective's value; comparable only between assessments of the same pipeline,
     *                            objective and demand
     * @throws NullPointerException if the configuration, demand, energy, carbon or a list is null
     */
    ConfigurationAssessment(PipelineConfiguration configuration, Demand demand, boolean feasible, List<String> violations,
            double latencySeconds, List<Double> stageLatencySeconds, double accuracy, double resourceUnits,
            int batchSizeSum, Energy energyPerRequest, Optional<CarbonMass> carbonPerRequest, double score) {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(demand, "demand");
        Objects.requireNonNull(energyPerRequest, "energyPerRequest");
        Objects.requireNonNull(carbonPerRequest, "carbonPerRequest");
        violations = List.copyOf(violations);
        stageLatencySeconds = List.copyOf(stageLatencySeconds);
        this.configuration = configuration;
        this.demand = demand;
        this.feasible = feasible;
        this.violations = violations;
        this.latencySeconds = latencySeconds;
        this.stageLatencySeconds = stageLatencySeconds;
        this.accuracy = accuracy;
        this.resourceUnits = resourceUnits;
        this.batchSizeSum = batchSizeSum;
        this.energyPerRequest = energyPerRequest;
        this.carbonPerRequest = carbonPerRequest;
        this.score = score;
    }

    /** @return what was assessed */
    public PipelineConfiguration configuration() {
        return configuration;
    }

    /** @return the arrival rate (and intensity) it was assessed at */
    public Demand demand() {
        return demand;
    }

    /** @return whether every constraint holds */
    public boolean feasible() {
        return feasible;
    }

    /** @return one sentence per broken constraint; empty if feasible */
    public List<String> violations() {
        return violations;
    }

    /** @return predicted end-to-end latency in seconds; may be infinite */
    public double latencySeconds() {
        return latencySeconds;
    }

    /** @return predicted latency per stage in seconds, in pipeline order */
    public List<Double> stageLatencySeconds() {
        return stageLatencySeconds;
    }

    /** @return product of the stages' accuracies, in [0, 1] */
    public double accuracy() {
        return accuracy;
    }

    /** @return Σ replicas × resource units per replica */
    public double resourceUnits() {
        return resourceUnits;
    }

    /** @return Σ batch sizes */
    public int batchSizeSum() {
        return batchSizeSum;
    }

    /** @return active energy per request plus the idle power of provisioned replicas spread over the arrival rate */
    public Energy energyPerRequest() {
        return energyPerRequest;
    }

    /** @return {@code energyPerRequest} at the demand's intensity, if it has one */
    public Optional<CarbonMass> carbonPerRequest() {
        return carbonPerRequest;
    }

    /** @return the objective's value; comparable only between assessments of the same pipeline, objective and demand */
    public double score() {
        return score;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ConfigurationAssessment)) {
            return false;
        }
        ConfigurationAssessment o = (ConfigurationAssessment) other;
        return Objects.equals(configuration, o.configuration)
                && Objects.equals(demand, o.demand)
                && feasible == o.feasible
                && Objects.equals(violations, o.violations)
                && Double.compare(latencySeconds, o.latencySeconds) == 0
                && Objects.equals(stageLatencySeconds, o.stageLatencySeconds)
                && Double.compare(accuracy, o.accuracy) == 0
                && Double.compare(resourceUnits, o.resourceUnits) == 0
                && batchSizeSum == o.batchSizeSum
                && Objects.equals(energyPerRequest, o.energyPerRequest)
                && Objects.equals(carbonPerRequest, o.carbonPerRequest)
                && Double.compare(score, o.score) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(configuration, demand, feasible, violations, latencySeconds, stageLatencySeconds,
                accuracy, resourceUnits, batchSizeSum, energyPerRequest, carbonPerRequest, score);
    }

    @Override
    public String toString() {
        return "ConfigurationAssessment[configuration=" + configuration
                + ", demand=" + demand
                + ", feasible=" + feasible
                + ", violations=" + violations
                + ", latencySeconds=" + latencySeconds
                + ", stageLatencySeconds=" + stageLatencySeconds
                + ", accuracy=" + accuracy
                + ", resourceUnits=" + resourceUnits
                + ", batchSizeSum=" + batchSizeSum
                + ", energyPerRequest=" + energyPerRequest
                + ", carbonPerRequest=" + carbonPerRequest
                + ", score=" + score + "]";
    }
}
