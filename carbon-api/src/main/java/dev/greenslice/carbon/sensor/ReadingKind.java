package dev.greenslice.carbon.sensor;

/**
 * What a sensor domain's readings are and how trustworthy they are.
 *
 * <p>Each kind says whether a reading is a cumulative energy counter (joules, never decreasing) or an
 * instantaneous power (watts) that the meter's sampler integrates over time, and how the figure was
 * obtained. Reports repeat the kind next to every energy figure.
 */
public enum ReadingKind {

    /** A cumulative energy counter maintained by the hardware (RAPL {@code energy_uj}, NVML total energy). */
    HARDWARE_ENERGY_COUNTER(true, "hardware energy counter"),

    /** Instantaneous power read from the hardware, integrated by the meter's sampler (trapezoid rule). */
    POWER_SAMPLE(false, "power samples integrated by the meter"),

    /** A share of a hardware counter apportioned by a stated rule (e.g. a MIG instance's share of the board). */
    APPORTIONED_ENERGY(true, "share of a hardware counter, apportioned by a stated rule"),

    /** Cumulative energy computed from a model (e.g. CPU time × per-core power), not measured. */
    ESTIMATED_ENERGY(true, "estimate from a model, not a measurement");

    private final boolean cumulativeEnergy;
    private final String description;

    ReadingKind(boolean cumulativeEnergy, String description) {
        this.cumulativeEnergy = cumulativeEnergy;
        this.description = description;
    }

    /** @return true if readings are cumulative joules; false if they are watts to be integrated */
    public boolean isCumulativeEnergy() {
        return cumulativeEnergy;
    }

    /** @return a short phrase for reports */
    public String description() {
        return description;
    }
}
