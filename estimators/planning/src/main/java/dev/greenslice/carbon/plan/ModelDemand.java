package dev.greenslice.carbon.plan;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one model must serve, as a planner or tuner sees it: which model at which batch size, how many
 * requests arrive and how, the latency SLO, and the memory its instance must have.
 *
 * <p>The one description of a model's load for planners, tuners, the deployment model and the serving model
 * ({@code estimators.workload.Workload} of 0.1 was the same concept without the name and memory need).
 *
 * <p><b>Reference configuration.</b> The model alone on the largest instance its profile has, at the highest
 * clock, with this demand's batch size. Its batch latency is the <em>isolated latency</em>; its throughput is the
 * <em>reference peak throughput</em>: a Poisson demand offers {@code loadShare} times it, the same offered load
 * whatever slices and clock a deployment gives the model.
 *
 * <p><b>SLO.</b> On the mean per-request latency (batch fill + queueing + batch latency). Either explicit
 * ({@code sloMs}) or {@code sloFactor} × the model's <em>isolated latency</em>: its batch latency alone on the
 * largest instance its profile has, at the highest clock, at this batch size. The default factor is 5, as in
 * the co-location study.
 *
 * <p><b>Memory.</b> In GB; the instance's profile memory (e.g. 40 for {@code 3g.40gb}) must be at least this.
 * When empty, the planner takes the model profile's memory need and fails, naming the model, if the profile
 * has none — nothing is assumed silently.
 *
 * <p><b>Name.</b> Identifies the demand within a planning request (plans report per name), so that one model
 * can serve several demands (two whisper services with different loads). The factories name a demand after
 * its model; {@link #named(String)} renames it.
 *
 * <p>Immutable and thread-safe. The constructor rejects blank names, a batch size or request count below 1,
 * and non-positive or non-finite SLOs and memory, with an {@link IllegalArgumentException} naming the demand
 * and the value.
 */
public final class ModelDemand {
    private final String name;
    private final String model;
    private final int batchSize;
    private final long requests;
    private final Arrival arrival;
    private final double sloFactor;
    private final OptionalDouble sloMs;
    private final OptionalDouble memoryNeedGb;

    /** The co-location study's SLO: five times the isolated latency. */
    public static final double DEFAULT_SLO_FACTOR = 5.0;

    /**
     * Checks the components.
     *
     * @param name the demand's name, unique within a request; e.g. {@code "whisper"} or {@code "whisper-eu"}
     * @param model the model's name as its profile names it, e.g. {@code "whisper"}
     * @param batchSize requests per batch, {@code >= 1}
     * @param requests requests to serve, {@code >= 1}
     * @param arrival closed loop at peak, or Poisson at a share of peak
     * @param sloFactor the SLO as a multiple of the isolated latency, {@code > 0}; ignored when {@code sloMs} is set
     * @param sloMs an explicit SLO on mean latency, in ms, or empty to use {@code sloFactor}
     * @param memoryNeedGb memory the model needs on its instance, in GB, or empty to take the profile's
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    ModelDemand(String name, String model, int batchSize, long requests, Arrival arrival, double sloFactor,
            OptionalDouble sloMs, OptionalDouble memoryNeedGb) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(sloMs, "sloMs");
        Objects.requireNonNull(memoryNeedGb, "memoryNeedGb");
        if (model.isBlank()) {
            throw new IllegalArgumentException("A demand needs a model name");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("Demand of " + model + ": name must not be blank");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Demand " + name + ": batch size must be >= 1, got " + batchSize);
        }
        if (requests < 1) {
            throw new IllegalArgumentException("Demand " + name + ": requests must be >= 1, got " + requests);
        }
        if (!(sloFactor > 0) || Double.isInfinite(sloFactor)) {
            throw new IllegalArgumentException("Demand " + name + ": SLO factor must be a positive number, got "
                    + sloFactor);
        }
        if (sloMs.isPresent() && (!(sloMs.getAsDouble() > 0) || Double.isInfinite(sloMs.getAsDouble()))) {
            throw new IllegalArgumentException("Demand " + name + ": SLO must be a positive number of ms, got "
                    + sloMs.getAsDouble());
        }
        if (memoryNeedGb.isPresent() && (!(memoryNeedGb.getAsDouble() > 0)
                || Double.isInfinite(memoryNeedGb.getAsDouble()))) {
            throw new IllegalArgumentException("Demand " + name + ": memory need must be a positive number of GB, got "
                    + memoryNeedGb.getAsDouble());
        }
        this.name = name;
        this.model = model;
        this.batchSize = batchSize;
        this.requests = requests;
        this.arrival = arrival;
        this.sloFactor = sloFactor;
        this.sloMs = sloMs;
        this.memoryNeedGb = memoryNeedGb;
    }

    /**
     * {@code requests} closed-loop requests of {@code model} at {@code batchSize}, default SLO, profile's memory.
     *
     * @param model the model's name as its profile names it
     * @param batchSize requests per batch, {@code >= 1}
     * @param requests requests to serve, {@code >= 1}
     * @return the demand, named after its model
     */
    public static ModelDemand closedLoop(String model, int batchSize, long requests) {
        return new ModelDemand(model, model, batchSize, requests, Arrival.closedLoop(), DEFAULT_SLO_FACTOR,
                OptionalDouble.empty(), OptionalDouble.empty());
    }

    /**
     * {@code requests} Poisson requests at {@code loadShare} of peak, default SLO, profile's memory.
     *
     * @param model the model's name as its profile names it
     * @param batchSize requests per batch, {@code >= 1}
     * @param requests requests to serve, {@code >= 1}
     * @param loadShare offered load as a share of the reference peak throughput, {@code > 0}
     * @return the demand, named after its model
     */
    public static ModelDemand poisson(String model, int batchSize, long requests, double loadShare) {
        return new ModelDemand(model, model, batchSize, requests, Arrival.poisson(loadShare), DEFAULT_SLO_FACTOR,
                OptionalDouble.empty(), OptionalDouble.empty());
    }

    /**
     * @return this demand under another name
     * @param newName the new name, not blank
     */
    public ModelDemand named(String newName) {
        return new ModelDemand(newName, model, batchSize, requests, arrival, sloFactor, sloMs, memoryNeedGb);
    }

    /**
     * @return this demand with another arrival process
     * @param newArrival closed loop or Poisson
     */
    public ModelDemand withArrival(Arrival newArrival) {
        return new ModelDemand(name, model, batchSize, requests, newArrival, sloFactor, sloMs, memoryNeedGb);
    }

    /**
     * @return this demand with the SLO at {@code factor} × the isolated latency (any explicit SLO dropped)
     * @param factor multiple of the isolated latency, positive
     */
    public ModelDemand withSloFactor(double factor) {
        return new ModelDemand(name, model, batchSize, requests, arrival, factor, OptionalDouble.empty(), memoryNeedGb);
    }

    /**
     * @return this demand with an explicit SLO on mean latency, in ms
     * @param milliseconds the SLO on mean latency, positive
     */
    public ModelDemand withSloMs(double milliseconds) {
        return new ModelDemand(name, model, batchSize, requests, arrival, sloFactor, OptionalDouble.of(milliseconds),
                memoryNeedGb);
    }

    /**
     * @return this demand with its memory need, in GB
     * @param gigabytes memory the model needs, positive
     */
    public ModelDemand withMemoryNeedGb(double gigabytes) {
        return new ModelDemand(name, model, batchSize, requests, arrival, sloFactor, sloMs, OptionalDouble.of(gigabytes));
    }

    /** @return the number of batches: {@code ceil(requests / batchSize)} */
    public long batches() {
        // Not (requests + batchSize - 1) / batchSize: that wraps to a negative count near Long.MAX_VALUE.
        return requests / batchSize + (requests % batchSize == 0 ? 0 : 1);
    }

    @Override
    public String toString() {
        return name + (name.equals(model) ? "" : " (" + model + ")") + ": " + requests + " requests, batch " + batchSize
                + ", " + arrival + ", SLO " + (sloMs.isPresent() ? sloMs.getAsDouble() + " ms" : sloFactor + "x isolated");
    }

    /** @return the demand's name, unique within a request; e.g. {@code "whisper"} or {@code "whisper-eu"} */
    public String name() {
        return name;
    }

    /** @return the model's name as its profile names it, e.g. {@code "whisper"} */
    public String model() {
        return model;
    }

    /** @return requests per batch, {@code >= 1} */
    public int batchSize() {
        return batchSize;
    }

    /** @return requests to serve, {@code >= 1} */
    public long requests() {
        return requests;
    }

    /** @return closed loop at peak, or Poisson at a share of peak */
    public Arrival arrival() {
        return arrival;
    }

    /** @return the SLO as a multiple of the isolated latency, {@code > 0}; ignored when {@code sloMs} is set */
    public double sloFactor() {
        return sloFactor;
    }

    /** @return an explicit SLO on mean latency, in ms, or empty to use {@code sloFactor} */
    public OptionalDouble sloMs() {
        return sloMs;
    }

    /** @return memory the model needs on its instance, in GB, or empty to take the profile's */
    public OptionalDouble memoryNeedGb() {
        return memoryNeedGb;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ModelDemand)) {
            return false;
        }
        ModelDemand o = (ModelDemand) other;
        return Objects.equals(name, o.name)
            && Objects.equals(model, o.model)
            && batchSize == o.batchSize
            && requests == o.requests
            && Objects.equals(arrival, o.arrival)
            && Double.compare(sloFactor, o.sloFactor) == 0
            && Objects.equals(sloMs, o.sloMs)
            && Objects.equals(memoryNeedGb, o.memoryNeedGb);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, model, batchSize, requests, arrival, sloFactor, sloMs, memoryNeedGb);
    }

    /**
     * A builder for a {@link ModelDemand}: set the components by name; {@link Builder#build()} validates.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this value's components, to restate it with some changed.
     *
     * @return a new builder with every component set to this value's
     */
    public Builder toBuilder() {
        return builder().name(name).model(model).batchSize(batchSize).requests(requests).arrival(arrival)
                .sloFactor(sloFactor).sloMs(sloMs).memoryNeedGb(memoryNeedGb);
    }

    /**
     * Builds a {@link ModelDemand} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private String name;
        private String model;
        private int batchSize;
        private long requests;
        private Arrival arrival = Arrival.closedLoop();
        private double sloFactor = DEFAULT_SLO_FACTOR;
        private OptionalDouble sloMs = OptionalDouble.empty();
        private OptionalDouble memoryNeedGb = OptionalDouble.empty();

        private Builder() {
        }

        /**
         * Sets {@link ModelDemand#name()}.
         *
         * @param name the demand's name, unique within a request; e.g. {@code "whisper"} or {@code "whisper-eu"};
         *             if not set, the model's name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets {@link ModelDemand#model()}.
         *
         * @param model the model's name as its profile names it, e.g. {@code "whisper"}
         * @return this builder
         */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /**
         * Sets {@link ModelDemand#batchSize()}.
         *
         * @param batchSize requests per batch, {@code >= 1}
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets {@link ModelDemand#requests()}.
         *
         * @param requests requests to serve, {@code >= 1}
         * @return this builder
         */
        public Builder requests(long requests) {
            this.requests = requests;
            return this;
        }

        /**
         * Sets {@link ModelDemand#arrival()}.
         *
         * @param arrival closed loop at peak, or Poisson at a share of peak; if not set, closed loop
         * @return this builder
         */
        public Builder arrival(Arrival arrival) {
            this.arrival = arrival;
            return this;
        }

        /**
         * Sets {@link ModelDemand#sloFactor()}.
         *
         * @param sloFactor the SLO as a multiple of the isolated latency, {@code > 0}; ignored when {@code sloMs} is
         *                  set; if not set, {@link ModelDemand#DEFAULT_SLO_FACTOR}
         * @return this builder
         */
        public Builder sloFactor(double sloFactor) {
            this.sloFactor = sloFactor;
            return this;
        }

        /**
         * Sets {@link ModelDemand#sloMs()}.
         *
         * @param sloMs an explicit SLO on mean latency, in ms, or empty to use {@code sloFactor}
         * @return this builder
         */
        public Builder sloMs(OptionalDouble sloMs) {
            this.sloMs = sloMs;
            return this;
        }

        /**
         * Sets {@link ModelDemand#memoryNeedGb()}.
         *
         * @param memoryNeedGb memory the model needs on its instance, in GB, or empty to take the profile's
         * @return this builder
         */
        public Builder memoryNeedGb(OptionalDouble memoryNeedGb) {
            this.memoryNeedGb = memoryNeedGb;
            return this;
        }

        /**
         * Validates the settings as {@link ModelDemand} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range
         */
        public ModelDemand build() {
            return new ModelDemand(name == null ? model : name, model, batchSize, requests, arrival, sloFactor, sloMs,
                    memoryNeedGb);
        }
    }
}
