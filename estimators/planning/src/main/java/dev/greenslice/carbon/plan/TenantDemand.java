package dev.greenslice.carbon.plan;

import java.util.Objects;

/**
 * One model on one GPU: its demand and the compute slices of its MIG instance (the GPU's full count for a
 * whole GPU). What a frequency tuner is given for each co-located model; {@link PlannedGpu#tenants()} gives a
 * plan's GPU in this form. Immutable.
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

    @Override
    public String toString() {
        return demand.name() + " on " + computeSlices + "g";
    }
}
