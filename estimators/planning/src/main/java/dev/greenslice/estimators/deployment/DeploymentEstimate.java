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
 */
public final class DeploymentEstimate {
    private final GpuDeployment deployment;
    private final List<TenantEstimate> tenants;
    private final Duration makespan;
    private final Energy energy;
    private final Energy idleEnergy;
    private final CarbonFigure operational;
    private final CarbonFigure embodied;
    private final List<Assumption> assumptions;

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
    DeploymentEstimate(GpuDeployment deployment, List<TenantEstimate> tenants, Duration makespan, Energy energy,
            Energy idleEnergy, CarbonFigure operational, CarbonFigure embodied, List<Assumption> assumptions) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(makespan, "makespan");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(idleEnergy, "idleEnergy");
        Objects.requireNonNull(operational, "operational");
        Objects.requireNonNull(embodied, "embodied");
        tenants = List.copyOf(tenants);
        assumptions = List.copyOf(assumptions);
        this.deployment = deployment;
        this.tenants = tenants;
        this.makespan = makespan;
        this.energy = energy;
        this.idleEnergy = idleEnergy;
        this.operational = operational;
        this.embodied = embodied;
        this.assumptions = assumptions;
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

    /** @return the GPU's clock and tenants */
    public GpuDeployment deployment() {
        return deployment;
    }

    /** @return per tenant, in the deployment's order */
    public List<TenantEstimate> tenants() {
        return tenants;
    }

    /** @return time until the last tenant completes: the GPU is held (and draws at least its baseline) for all of it */
    public Duration makespan() {
        return makespan;
    }

    /** @return the GPU's energy over the makespan, idle baseline included */
    public Energy energy() {
        return energy;
    }

    /** @return the part of {@code energy} drawn while no tenant was busy */
    public Energy idleEnergy() {
        return idleEnergy;
    }

    /** @return operational carbon of {@code energy}, integrated over the makespan's intensity */
    public CarbonFigure operational() {
        return operational;
    }

    /** @return embodied carbon charged to the deployment */
    public CarbonFigure embodied() {
        return embodied;
    }

    /** @return how the figures were computed */
    public List<Assumption> assumptions() {
        return assumptions;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof DeploymentEstimate)) {
            return false;
        }
        DeploymentEstimate o = (DeploymentEstimate) other;
        return Objects.equals(deployment, o.deployment)
                && Objects.equals(tenants, o.tenants)
                && Objects.equals(makespan, o.makespan)
                && Objects.equals(energy, o.energy)
                && Objects.equals(idleEnergy, o.idleEnergy)
                && Objects.equals(operational, o.operational)
                && Objects.equals(embodied, o.embodied)
                && Objects.equals(assumptions, o.assumptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deployment, tenants, makespan, energy, idleEnergy, operational, embodied, assumptions);
    }

    @Override
    public String toString() {
        return "DeploymentEstimate[deployment=" + deployment
                + ", tenants=" + tenants
                + ", makespan=" + makespan
                + ", energy=" + energy
                + ", idleEnergy=" + idleEnergy
                + ", operational=" + operational
                + ", embodied=" + embodied
                + ", assumptions=" + assumptions + "]";
    }
}
