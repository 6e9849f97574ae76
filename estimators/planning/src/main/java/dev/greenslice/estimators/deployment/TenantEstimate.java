package dev.greenslice.estimators.deployment;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.estimators.workload.ServingForecast;

import java.util.Objects;

/**
 * One tenant's share of a deployment estimate: how it serves its workload and the energy and carbon
 * attributed to it. Immutable.
 *
 * @param tenant      the tenant
 * @param serving     latencies, completion, busy and idle time
 * @param energy      energy attributed to it (its own power, and shares of the baseline and shared power by
 *                    the estimator's attribution rule)
 * @param operational operational carbon of that energy
 * @param embodied    embodied carbon attributed to it
 */
public record TenantEstimate(TenantDemand tenant, ServingForecast serving, Energy energy, CarbonFigure operational,
                             CarbonFigure embodied) {

    /**
     * Checks that no part is null.
     *
     * @param tenant      the tenant
     * @param serving     latencies, completion, busy and idle time
     * @param energy      energy attributed to it
     * @param operational operational carbon of that energy
     * @param embodied    embodied carbon attributed to it
     * @throws NullPointerException if any part is null
     */
    public TenantEstimate {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(serving, "serving");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(operational, "operational");
        Objects.requireNonNull(embodied, "embodied");
    }

    /** @return operational + embodied */
    public CarbonFigure total() {
        return operational.plus(embodied);
    }
}
