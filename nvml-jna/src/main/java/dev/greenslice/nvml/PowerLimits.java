package dev.greenslice.nvml;

import dev.greenslice.carbon.Power;

import java.util.Objects;

/**
 * A GPU's power limit and its constraints ({@code nvmlDeviceGetPowerManagementLimit},
 * {@code …LimitConstraints}, {@code …DefaultLimit}, {@code nvmlDeviceGetEnforcedPowerLimit}). Immutable.
 *
 * @param current      the limit set through NVML
 * @param enforced     the limit in force, which also reflects limits set out of band
 * @param defaultLimit the limit the board boots with
 * @param min          the lowest settable limit
 * @param max          the highest settable limit
 */
public record PowerLimits(Power current, Power enforced, Power defaultLimit, Power min, Power max) {

    /**
     * The device's power limits, as NVML reports them; nothing checks that they are ordered.
     *
     * @param current      the limit set through NVML
     * @param enforced     the limit in force, which also reflects limits set out of band
     * @param defaultLimit the limit the board boots with
     * @param min          the lowest settable limit
     * @param max          the highest settable limit
     * @throws NullPointerException if any limit is null
     */
    public PowerLimits {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(enforced, "enforced");
        Objects.requireNonNull(defaultLimit, "defaultLimit");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
    }

    /**
     * Whether a limit can be set.
     *
     * @param limit a proposed power limit
     * @return whether {@code limit} lies within {@code [min, max]}, ends included
     */
    public boolean allows(Power limit) {
        return limit.compareTo(min) >= 0 && limit.compareTo(max) <= 0;
    }
}
