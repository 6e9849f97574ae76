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
 *
 * @param demand        what it serves
 * @param gpuIndex      index of its GPU in {@link DeploymentPlan#gpus()}
 * @param instance      its MIG instance, or empty when it has the whole GPU with MIG disabled
 * @param computeSlices compute slices it has (the GPU's full count on a whole GPU)
 * @param memoryGb      memory of its instance (or the GPU's), in GB; at least its need
 * @param latency       its predicted mean latency against its SLO
 * @param completion    time from the start until its last request completes
 * @param energy        energy attributed to it
 * @param operational   operational carbon attributed to it
 * @param embodied      embodied carbon attributed to it
 * @param gpuHours      GPU-hours reserved for it: (compute slices / the GPU's) × completion, in hours
 */
public record PlannedModel(ModelDemand demand, int gpuIndex, Optional<MigInstance> instance, int computeSlices,
                           double memoryGb, SloCheck latency, Duration completion, Energy energy,
                           CarbonFigure operational, CarbonFigure embodied, double gpuHours) {

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
    public PlannedModel {
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
}
