package dev.greenslice.carbon.plan;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.gpu.mig.MigInstance;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One model in a plan: where it runs (GPU, MIG instance or whole GPU) and what it is predicted to do there —
 * latency against its SLO, completion time, and the energy and carbon attributed to it. Immutable.
 *
 * <p><b>Attribution.</b> Energy is the model's attributable share of its GPU's energy (its own power and a
 * share of the baseline and shared power by the power estimator's rule); operational carbon is that energy
 * at the intensity in effect; embodied carbon is its share of the GPU's under the request's accounting. The
 * models of a GPU add up to the GPU's figures.
 */
public final class PlannedModel {
    private final ModelDemand demand;
    private final int gpuIndex;
    private final Optional<MigInstance> instance;
    private final int computeSlices;
    private final double memoryGb;
    private final SloCheck latency;
    private final Duration completion;
    private final Energy energy;
    private final CarbonFigure operational;
    private final CarbonFigure embodied;
    private final double gpuHours;

    /**
     * Checks the components.
     *
     * @param demand what it serves
     * @param gpuIndex index of its GPU in {@link DeploymentPlan#gpus()}
     * @param instance its MIG instance, or empty when it has the whole GPU with MIG disabled
     * @param computeSlices compute slices it has (the GPU's full count on a whole GPU)
     * @param memoryGb memory of its instance (or the GPU's), in GB; at least its need
     * @param latency its predicted mean latency against its SLO
     * @param completion time from the start until its last request completes
     * @param energy energy attributed to it
     * @param operational operational carbon attributed to it
     * @param embodied embodied carbon attributed to it
     * @param gpuHours GPU-hours reserved for it: (compute slices / the GPU's) × completion, in hours
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    PlannedModel(ModelDemand demand, int gpuIndex, Optional<MigInstance> instance, int computeSlices,
            double memoryGb, SloCheck latency, Duration completion, Energy energy, CarbonFigure operational,
            CarbonFigure embodied, double gpuHours) {
        Objects.requireNonNull(demand, "demand");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(completion, "completion");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(operational, "operational");
        Objects.requireNonNull(embodied, "embodied");
        if (gpuIndex < 0 || computeSlices < 1 || !(memoryGb > 0) || !(gpuHours >= 0)) {
            throw new IllegalArgumentException("Planned model " + demand.name() + ": GPU index " + gpuIndex
                    + ", slices " + computeSlices + ", memory " + memoryGb + " GB and GPU-hours " + gpuHours
                    + " must be non-negative (slices and memory positive)");
        }
        if (instance.isPresent() && instance.get().computeSlices() != computeSlices) {
            throw new IllegalArgumentException("Planned model " + demand.name() + ": instance " + instance.get()
                    + " has " + instance.get().computeSlices() + " compute slices, not " + computeSlices);
        }
        this.demand = demand;
        this.gpuIndex = gpuIndex;
        this.instance = instance;
        this.computeSlices = computeSlices;
        this.memoryGb = memoryGb;
        this.latency = latency;
        this.completion = completion;
        this.energy = energy;
        this.operational = operational;
        this.embodied = embodied;
        this.gpuHours = gpuHours;
    }

    /** @return operational + embodied */
    public CarbonFigure total() {
        return operational.plus(embodied);
    }

    /** @return the demand's name */
    public String name() {
        return demand.name();
    }

    /** @return {@code "3g.40gb@4"} for a MIG instance, {@code "whole GPU"} otherwise */
    public String where() {
        return instance.map(MigInstance::toString).orElse("whole GPU");
    }

    /** @return what it serves */
    public ModelDemand demand() {
        return demand;
    }

    /** @return index of its GPU in {@link DeploymentPlan#gpus()} */
    public int gpuIndex() {
        return gpuIndex;
    }

    /** @return its MIG instance, or empty when it has the whole GPU with MIG disabled */
    public Optional<MigInstance> instance() {
        return instance;
    }

    /** @return compute slices it has (the GPU's full count on a whole GPU) */
    public int computeSlices() {
        return computeSlices;
    }

    /** @return memory of its instance (or the GPU's), in GB; at least its need */
    public double memoryGb() {
        return memoryGb;
    }

    /** @return its predicted mean latency against its SLO */
    public SloCheck latency() {
        return latency;
    }

    /** @return time from the start until its last request completes */
    public Duration completion() {
        return completion;
    }

    /** @return energy attributed to it */
    public Energy energy() {
        return energy;
    }

    /** @return operational carbon attributed to it */
    public CarbonFigure operational() {
        return operational;
    }

    /** @return embodied carbon attributed to it */
    public CarbonFigure embodied() {
        return embodied;
    }

    /** @return GPU-hours reserved for it: (compute slices / the GPU's) × completion, in hours */
    public double gpuHours() {
        return gpuHours;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof PlannedModel)) {
            return false;
        }
        PlannedModel o = (PlannedModel) other;
        return Objects.equals(demand, o.demand)
            && gpuIndex == o.gpuIndex
            && Objects.equals(instance, o.instance)
            && computeSlices == o.computeSlices
            && Double.compare(memoryGb, o.memoryGb) == 0
            && Objects.equals(latency, o.latency)
            && Objects.equals(completion, o.completion)
            && Objects.equals(energy, o.energy)
            && Objects.equals(operational, o.operational)
            && Objects.equals(embodied, o.embodied)
            && Double.compare(gpuHours, o.gpuHours) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(demand, gpuIndex, instance, computeSlices, memoryGb, latency, completion, energy, operational, embodied, gpuHours);
    }

    @Override
    public String toString() {
        return "PlannedModel[demand=" + demand
            + ", gpuIndex=" + gpuIndex
            + ", instance=" + instance
            + ", computeSlices=" + computeSlices
            + ", memoryGb=" + memoryGb
            + ", latency=" + latency
            + ", completion=" + completion
            + ", energy=" + energy
            + ", operational=" + operational
            + ", embodied=" + embodied
            + ", gpuHours=" + gpuHours + "]";
    }

    /**
     * A builder for a {@link PlannedModel}: set the components by name; {@link Builder#build()} validates.
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
        return builder().demand(demand).gpuIndex(gpuIndex).instance(instance).computeSlices(computeSlices)
                .memoryGb(memoryGb).latency(latency).completion(completion).energy(energy)
                .operational(operational).embodied(embodied).gpuHours(gpuHours);
    }

    /**
     * Builds a {@link PlannedModel} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private ModelDemand demand;
        private int gpuIndex;
        private Optional<MigInstance> instance = Optional.empty();
        private int computeSlices;
        private double memoryGb;
        private SloCheck latency;
        private Duration completion;
        private Energy energy;
        private CarbonFigure operational;
        private CarbonFigure embodied;
        private double gpuHours;

        private Builder() {
        }

        /**
         * Sets {@link PlannedModel#demand()}.
         *
         * @param demand what it serves
         * @return this builder
         */
        public Builder demand(ModelDemand demand) {
            this.demand = demand;
            return this;
        }

        /**
         * Sets {@link PlannedModel#gpuIndex()}.
         *
         * @param gpuIndex index of its GPU in {@link DeploymentPlan#gpus()}
         * @return this builder
         */
        public Builder gpuIndex(int gpuIndex) {
            this.gpuIndex = gpuIndex;
            return this;
        }

        /**
         * Sets {@link PlannedModel#instance()}.
         *
         * @param instance its MIG instance, or empty when it has the whole GPU with MIG disabled
         * @return this builder
         */
        public Builder instance(Optional<MigInstance> instance) {
            this.instance = instance;
            return this;
        }

        /**
         * Sets {@link PlannedModel#computeSlices()}.
         *
         * @param computeSlices compute slices it has (the GPU's full count on a whole GPU)
         * @return this builder
         */
        public Builder computeSlices(int computeSlices) {
            this.computeSlices = computeSlices;
            return this;
        }

        /**
         * Sets {@link PlannedModel#memoryGb()}.
         *
         * @param memoryGb memory of its instance (or the GPU's), in GB; at least its need
         * @return this builder
         */
        public Builder memoryGb(double memoryGb) {
            this.memoryGb = memoryGb;
            return this;
        }

        /**
         * Sets {@link PlannedModel#latency()}.
         *
         * @param latency its predicted mean latency against its SLO
         * @return this builder
         */
        public Builder latency(SloCheck latency) {
            this.latency = latency;
            return this;
        }

        /**
         * Sets {@link PlannedModel#completion()}.
         *
         * @param completion time from the start until its last request completes
         * @return this builder
         */
        public Builder completion(Duration completion) {
            this.completion = completion;
            return this;
        }

        /**
         * Sets {@link PlannedModel#energy()}.
         *
         * @param energy energy attributed to it
         * @return this builder
         */
        public Builder energy(Energy energy) {
            this.energy = energy;
            return this;
        }

        /**
         * Sets {@link PlannedModel#operational()}.
         *
         * @param operational operational carbon attributed to it
         * @return this builder
         */
        public Builder operational(CarbonFigure operational) {
            this.operational = operational;
            return this;
        }

        /**
         * Sets {@link PlannedModel#embodied()}.
         *
         * @param embodied embodied carbon attributed to it
         * @return this builder
         */
        public Builder embodied(CarbonFigure embodied) {
            this.embodied = embodied;
            return this;
        }

        /**
         * Sets {@link PlannedModel#gpuHours()}.
         *
         * @param gpuHours GPU-hours reserved for it: (compute slices / the GPU's) × completion, in hours
         * @return this builder
         */
        public Builder gpuHours(double gpuHours) {
            this.gpuHours = gpuHours;
            return this;
        }

        /**
         * Validates the settings as {@link PlannedModel} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range
         */
        public PlannedModel build() {
            return new PlannedModel(demand, gpuIndex, instance, computeSlices, memoryGb, latency, completion,
                    energy, operational, embodied, gpuHours);
        }
    }
}
