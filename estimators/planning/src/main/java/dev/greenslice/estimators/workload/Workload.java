package dev.greenslice.estimators.workload;

import dev.greenslice.carbon.plan.Arrival;
import dev.greenslice.carbon.plan.ModelDemand;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one model must serve: how many requests, how they arrive, in which batch size, and under which
 * latency SLO. Immutable.
 *
 * <p><b>Reference configuration.</b> The model alone on the largest instance its profile has, at the highest
 * clock, with this workload's batch size. Its batch latency is the <em>isolated latency</em>: the default SLO
 * is {@code sloFactor} (5, as in the co-location study) times it. Its throughput is the <em>reference peak
 * throughput</em>: a Poisson workload offers {@code loadShare} times it, the same offered load whatever
 * slices and clock a deployment gives the model.
 *
 * @param model     the model's name, as its profile names it
 * @param batchSize requests per batch, {@code >= 1}
 * @param requests  requests to serve, {@code >= 1}
 * @param arrival   closed loop at peak, or Poisson at a share of peak
 * @param sloFactor the SLO as a multiple of the isolated latency, {@code > 0}; ignored when {@code sloMs} is set
 * @param sloMs     an explicit SLO on the mean per-request latency, in ms, or empty to use {@code sloFactor}
 */
public record Workload(String model, int batchSize, long requests, Arrival arrival, double sloFactor,
                       OptionalDouble sloMs) {

    /** The co-location study's SLO: five times the isolated latency. */
    public static final double DEFAULT_SLO_FACTOR = ModelDemand.DEFAULT_SLO_FACTOR;

    /**
     * Checks the workload's ranges.
     *
     * @param model     the model's name; not blank
     * @param batchSize requests per batch, {@code >= 1}
     * @param requests  requests to serve, {@code >= 1}
     * @param arrival   closed loop at peak, or Poisson at a share of peak
     * @param sloFactor the SLO as a multiple of the isolated latency, positive and finite
     * @param sloMs     an explicit SLO in ms, positive and finite, or empty
     * @throws NullPointerException     if the model, arrival or SLO is null
     * @throws IllegalArgumentException for a value outside its range, naming the model and the value
     */
    public Workload {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(sloMs, "sloMs");
        if (model.isBlank()) {
            throw new IllegalArgumentException("A workload needs a model name");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Workload of " + model + ": batch size must be >= 1, got " + batchSize);
        }
        if (requests < 1) {
            throw new IllegalArgumentException("Workload of " + model + ": requests must be >= 1, got " + requests);
        }
        if (!(sloFactor > 0) || Double.isInfinite(sloFactor)) {
            throw new IllegalArgumentException("Workload of " + model + ": SLO factor must be positive, got " + sloFactor);
        }
        if (sloMs.isPresent() && (!(sloMs.getAsDouble() > 0) || Double.isInfinite(sloMs.getAsDouble()))) {
            throw new IllegalArgumentException("Workload of " + model + ": SLO must be a positive number of ms, got "
                    + sloMs.getAsDouble());
        }
    }

    /**
     * The workload of a planner's demand: same model, batch size, requests, arrival and SLO (the demand's name
     * and memory need are the planner's concern).
     *
     * @param demand the planner's demand
     * @return the workload
     */
    public static Workload of(ModelDemand demand) {
        return new Workload(demand.model(), demand.batchSize(), demand.requests(), demand.arrival(),
                demand.sloFactor(), demand.sloMs());
    }

    /** @return this workload as a planner's demand, named after its model, memory need from the profile */
    public ModelDemand toDemand() {
        return new ModelDemand(model, model, batchSize, requests, arrival, sloFactor, sloMs, OptionalDouble.empty());
    }

    /**
     * {@code requests} closed-loop requests at {@code batchSize}, default SLO.
     *
     * @param model     the model's name
     * @param batchSize requests per batch, {@code >= 1}
     * @param requests  requests to serve, {@code >= 1}
     * @return the workload
     */
    public static Workload closedLoop(String model, int batchSize, long requests) {
        return new Workload(model, batchSize, requests, Arrival.closedLoop(), DEFAULT_SLO_FACTOR, OptionalDouble.empty());
    }

    /**
     * {@code requests} Poisson requests at {@code loadShare} of peak, default SLO.
     *
     * @param model     the model's name
     * @param batchSize requests per batch, {@code >= 1}
     * @param requests  requests to serve, {@code >= 1}
     * @param loadShare the offered load as a share of the reference peak throughput (0.5 = half)
     * @return the workload
     */
    public static Workload poisson(String model, int batchSize, long requests, double loadShare) {
        return new Workload(model, batchSize, requests, Arrival.poisson(loadShare), DEFAULT_SLO_FACTOR,
                OptionalDouble.empty());
    }

    /**
     * This workload with a relative SLO; an explicit SLO is dropped.
     *
     * @param factor the SLO as a multiple of the isolated latency, positive
     * @return this workload with the SLO at {@code factor} × the isolated latency
     */
    public Workload withSloFactor(double factor) {
        return new Workload(model, batchSize, requests, arrival, factor, OptionalDouble.empty());
    }

    /**
     * This workload with an absolute SLO.
     *
     * @param milliseconds the SLO on mean latency, in ms; positive
     * @return this workload with an explicit SLO on mean latency, in ms
     */
    public Workload withSloMs(double milliseconds) {
        return new Workload(model, batchSize, requests, arrival, sloFactor, OptionalDouble.of(milliseconds));
    }

    /** @return the number of batches: {@code ceil(requests / batchSize)} */
    public long batches() {
        // Not (requests + batchSize - 1) / batchSize: that wraps to a negative count near Long.MAX_VALUE.
        return requests / batchSize + (requests % batchSize == 0 ? 0 : 1);
    }
}
