package dev.greenslice.estimators.deployment;

import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.carbon.plan.ModelDemand;

import java.util.Objects;

/**
 * One model on one GPU of a deployment: where it runs (its MIG instance size and batch size) and what it
 * serves. Immutable.
 *
 * @param placement the model, batch size and compute slices
 * @param workload  its requests; same model and batch size as the placement
 */
public record Tenant(ModelPlacement placement, ModelDemand workload) {

    /**
     * Checks that the placement and the workload describe the same model and batch size.
     *
     * @param placement the model, batch size and compute slices
     * @param workload  its requests
     * @throws NullPointerException     if either is null
     * @throws IllegalArgumentException if they name different models or batch sizes, naming both
     */
    public Tenant {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(workload, "workload");
        if (!placement.model().equals(workload.model())) {
            throw new IllegalArgumentException("Placement " + placement + " and workload of " + workload.model()
                    + " name different models");
        }
        if (placement.batchSize() != workload.batchSize()) {
            throw new IllegalArgumentException("Placement " + placement + " has batch size " + placement.batchSize()
                    + " but the workload " + workload.batchSize());
        }
    }

    /**
     * A tenant on {@code slices} compute slices serving {@code workload}.
     *
     * @param workload the requests, whose model and batch size the placement takes
     * @param slices   compute slices of its MIG instance (7 for a whole A100 or H100)
     * @return the tenant
     * @throws IllegalArgumentException if {@code slices} is below 1
     */
    public static Tenant of(ModelDemand workload, int slices) {
        return new Tenant(new ModelPlacement(workload.model(), workload.batchSize(), slices), workload);
    }

    /**
     * The tenant a planner's or tuner's {@link TenantDemand} describes.
     *
     * @param demand the model's demand and its instance's compute slices
     * @return the tenant
     */
    public static Tenant of(TenantDemand demand) {
        return of(demand.demand(), demand.computeSlices());
    }
}
