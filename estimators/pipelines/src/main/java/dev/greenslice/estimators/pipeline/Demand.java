package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.CarbonIntensity;

import java.util.Objects;
import java.util.Optional;

/**
 * The conditions one optimization is made for: the arrival rate the pipeline must sustain and, where the
 * objective weighs carbon, the grid's carbon intensity while it does.
 *
 * <p>Immutable. Construction fails with an {@link IllegalArgumentException} naming the value for an
 * arrival rate that is not finite and positive (a zero rate has no per-request energy and no batching
 * wait; floor it, as {@link PipelineAdapter} does).
 *
 * @param requestsPerSecond the arrival rate every stage must sustain, in requests per second
 * @param intensity         the grid's carbon intensity, if known
 */
public record Demand(double requestsPerSecond, Optional<CarbonIntensity> intensity) {

    /**
     * A demand.
     *
     * @param requestsPerSecond the arrival rate every stage must sustain, in requests per second
     * @param intensity         the grid's carbon intensity, if known
     * @throws NullPointerException if the intensity is null (use {@code Optional.empty()})
     * @throws IllegalArgumentException for a rate that is not finite and positive
     */
    public Demand {
        Objects.requireNonNull(intensity, "intensity");
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("Arrival rate must be a finite positive number of requests per second, got "
                    + requestsPerSecond);
        }
    }

    /**
     * A demand whose carbon is computed at {@code intensity}.
     *
     * @param requestsPerSecond the arrival rate to plan for; finite and positive
     * @param intensity         the grid's carbon intensity while it is served
     * @return the demand
     * @throws IllegalArgumentException for a rate that is not finite and positive
     */
    public static Demand of(double requestsPerSecond, CarbonIntensity intensity) {
        return new Demand(requestsPerSecond, Optional.of(Objects.requireNonNull(intensity, "intensity")));
    }

    /**
     * A demand without a carbon intensity: only an energy objective can be optimized for it.
     *
     * @param requestsPerSecond the arrival rate to plan for; finite and positive
     * @return the demand
     * @throws IllegalArgumentException for a rate that is not finite and positive
     */
    public static Demand energyOnly(double requestsPerSecond) {
        return new Demand(requestsPerSecond, Optional.empty());
    }

    /**
     * The same intensity at another arrival rate.
     *
     * @param rate requests per second; finite and positive
     * @return the new demand; this one is unchanged
     * @throws IllegalArgumentException for a rate that is not finite and positive
     */
    public Demand withRequestsPerSecond(double rate) {
        return new Demand(rate, intensity);
    }
}
