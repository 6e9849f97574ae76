package dev.greenslice.estimators.deployment;

import dev.greenslice.carbon.plan.TenantDemand;

import java.util.List;
import java.util.Objects;

/**
 * One GPU of a deployment: the SM clock all its instances share and the models on it. A single tenant on
 * all compute slices is a dedicated GPU. Immutable.
 *
 * @param clockMhz the SM clock, in MHz
 * @param tenants  the models, one per MIG instance; not empty
 */
public record GpuDeployment(int clockMhz, List<TenantDemand> tenants) {

    /**
     * Checks the clock and copies the tenants.
     *
     * @param clockMhz the SM clock, in MHz; {@code >= 1}
     * @param tenants  the models, one per MIG instance; not empty
     * @throws IllegalArgumentException for no tenants or a clock below 1 MHz
     */
    public GpuDeployment {
        tenants = List.copyOf(tenants);
        if (tenants.isEmpty()) {
            throw new IllegalArgumentException("A GPU deployment needs at least one model");
        }
        if (clockMhz < 1) {
            throw new IllegalArgumentException("SM clock must be >= 1 MHz, got " + clockMhz);
        }
    }

    /**
     * A deployment of the given tenants at one clock.
     *
     * @param clockMhz the SM clock, in MHz
     * @param tenants  the models, one per MIG instance
     * @return a deployment of the given tenants at {@code clockMhz}
     */
    public static GpuDeployment of(int clockMhz, TenantDemand... tenants) {
        return new GpuDeployment(clockMhz, List.of(tenants));
    }

    /**
     * The same tenants at another clock.
     *
     * @param mhz the SM clock, in MHz
     * @return this deployment at another clock
     */
    public GpuDeployment atClock(int mhz) {
        return new GpuDeployment(mhz, tenants);
    }

    /** @return compute slices used by all tenants */
    public int slicesUsed() {
        return tenants.stream().mapToInt(t -> t.placement().slices()).sum();
    }

    @Override
    public String toString() {
        return tenants.stream().map(t -> t.placement().toString()).toList() + " at " + clockMhz + " MHz";
    }
}
