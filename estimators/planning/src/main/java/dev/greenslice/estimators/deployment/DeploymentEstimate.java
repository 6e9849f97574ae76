package dev.greenslice.estimators.deployment;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.Power;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The predicted time, energy and carbon of one GPU serving its tenants' workloads, with each tenant's share
 * and every assumption behind the figures. Immutable.
 *
 * @param deployment  the GPU's clock and tenants
 * @param tenants     per tenant, in the deployment's order
 * @param makespan    time until the last tenant completes: the GPU is held (and draws at least its baseline)
 *                    for all of it
 * @param energy      the GPU's energy over the makespan, idle baseline included
 * @param idleEnergy  the part of {@code energy} drawn while no tenant was busy
 * @param operational operational carbon of {@code energy}, integrated over the makespan's intensity
 * @param embodied    embodied carbon charged to the deployment
 * @param assumptions how the figures were computed
 */
public record DeploymentEstimate(GpuDeployment deployment, List<TenantEstimate> tenants, Duration makespan,
                                 Energy energy, Energy idleEnergy, CarbonFigure operational, CarbonFigure embodied,
                                 List<Assumption> assumptions) {

    /**
     * Checks the parts and copies the lists.
     *
     * @param deployment  the GPU's clock and tenants
     * @param tenants     per tenant, in the deployment's order
     * @param makespan    time until the last tenant completes
     * @param energy      the GPU's energy over the makespan, idle baseline included
     * @param idleEnergy  the part of {@code energy} drawn while no tenant was busy
     * @param operational operational carbon of {@code energy}
     * @param embodied    embodied carbon charged to the deployment
     * @param assumptions how the figures were computed
     * @throws NullPointerException if any part is null
     */
    public DeploymentEstimate {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(makespan, "makespan");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(idleEnergy, "idleEnergy");
        Objects.requireNonNull(operational, "operational");
        Objects.requireNonNull(embodied, "embodied");
        tenants = List.copyOf(tenants);
        assumptions = List.copyOf(assumptions);
    }

    /** @return operational + embodied carbon */
    public CarbonFigure total() {
        return operational.plus(embodied);
    }

    /** @return whether every tenant meets its SLO */
    public boolean meetsSlos() {
        return tenants.stream().allMatch(t -> t.serving().meetsSlo());
    }

    /** @return GPU-hours held: the makespan in hours (one GPU) */
    public double gpuHours() {
        return makespan.toNanos() / 3.6e12;
    }

    /** @return average board power over the makespan */
    public Power averagePower() {
        return makespan.isZero() ? Power.ZERO : energy.over(makespan);
    }
}
