package dev.greenslice.carbon.plan;

import dev.greenslice.carbon.estimate.ModelPlacement;

import java.util.Objects;

/**
 * One model on one GPU: its demand and the compute slices of its MIG instance (the GPU's full count for a
 * whole GPU). What a frequency tuner is given for each co-located model, what a deployment estimate
 * ({@code estimators.deployment.GpuDeployment}) and simulated traffic run, and what
 * {@link PlannedGpu#tenants()} gives for a plan's GPU. Immutable and thread-safe; the constructor throws
 * {@link IllegalArgumentException} for fewer than one slice.
 *
 * @param demand        what the model must serve
 * @param computeSlices compute slices of its instance (7 = a whole A100/H100), {@code >= 1}
 */
public record TenantDemand(ModelDemand demand, int computeSlices) {

    /**
     * Checks the components.
     *
     * @param demand what the model must serve
     * @param computeSlices compute slices of its instance (7 = a whole A100/H100), {@code >= 1}
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    public TenantDemand {
        Objects.requireNonNull(demand, "demand");
        if (computeSlices < 1) {
            throw new IllegalArgumentException("Tenant " + demand.name() + ": compute slices must be >= 1, got "
                    + computeSlices);
        }
    }

    /**
     * Shorthand for {@code new TenantDemand(demand, computeSlices)}.
     *
     * @param demand what the model must serve
     * @param computeSlices compute slices of its instance
     * @return the tenant
     */
    public static TenantDemand of(ModelDemand demand, int computeSlices) {
        return new TenantDemand(demand, computeSlices);
    }

    /**
     * Where the tenant runs, as the power estimators take it: the demand's model and batch size on this tenant's
     * compute slices. Derived, so it always agrees with {@link #demand()}.
     *
     * @return the model, batch size and compute slices
     */
    public ModelPlacement placement() {
        return new ModelPlacement(demand.model(), demand.batchSize(), computeSlices);
    }

    @Override
    public String toString() {
        return demand.name() + " on " + computeSlices + "g";
    }
}
