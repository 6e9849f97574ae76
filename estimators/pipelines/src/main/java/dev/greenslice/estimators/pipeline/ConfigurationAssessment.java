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
 * @param energyPerRequest    active energy per request plus the idle power of provisioned replicas spread
 *                            over the arrival rate
 * @param carbonPerRequest    {@code energyPerRequest} at the demand's intensity, if it has one
 * @param score               the objective's value; comparable only between assessments of the same
 *                            pipeline, objective and demand
 */
public record ConfigurationAssessment(PipelineConfiguration configuration, Demand demand, boolean feasible,
                                      List<String> violations, double latencySeconds, List<Double> stageLatencySeconds,
                                      double accuracy, double resourceUnits, int batchSizeSum, Energy energyPerRequest,
                                      Optional<CarbonMass> carbonPerRequest, double score) {

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
    public ConfigurationAssessment {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(demand, "demand");
        Objects.requireNonNull(energyPerRequest, "energyPerRequest");
        Objects.requireNonNull(carbonPerRequest, "carbonPerRequest");
        violations = List.copyOf(violations);
        stageLatencySeconds = List.copyOf(stageLatencySeconds);
    }
}
