package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.embodied.EmbodiedFootprint;

import java.time.Duration;
import java.util.Objects;

/**
 * The embodied carbon a window is charged for one device: {@code (T / lifetime) × footprint × share}.
 * Immutable.
 */
public final class EmbodiedShare {
    private final String device;
    private final EmbodiedFootprint footprint;
    private final Duration lifetime;
    private final Duration time;
    private final double share;
    private final CarbonFigure carbon;

    /**
     * One device's share as the meter computes it.
     *
     * @param device    the domain the footprint is attached to ({@code gpu:0}), or {@code "host"}
     * @param footprint the device's manufacturing footprint and its parameters
     * @param lifetime  the lifetime it is amortised over
     * @param time      the device-time charged (the window's duration, or its attributed share of it)
     * @param share     the fraction of the device reserved (1 for a whole device; MIG slices / 7)
     * @param carbon    the resulting carbon with its range
     * @throws NullPointerException if any part is null
     */
    EmbodiedShare(String device, EmbodiedFootprint footprint, Duration lifetime, Duration time, double share,
            CarbonFigure carbon) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(footprint, "footprint");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(carbon, "carbon");
        this.device = device;
        this.footprint = footprint;
        this.lifetime = lifetime;
        this.time = time;
        this.share = share;
        this.carbon = carbon;
    }

    /** @return the domain the footprint is attached to ({@code gpu:0}), or {@code "host"} */
    public String device() {
        return device;
    }

    /** @return the device's manufacturing footprint and its parameters */
    public EmbodiedFootprint footprint() {
        return footprint;
    }

    /** @return the lifetime it is amortised over */
    public Duration lifetime() {
        return lifetime;
    }

    /** @return the device-time charged (the window's duration, or its attributed share of it) */
    public Duration time() {
        return time;
    }

    /** @return the fraction of the device reserved (1 for a whole device; MIG slices / 7) */
    public double share() {
        return share;
    }

    /** @return the resulting carbon with its range */
    public CarbonFigure carbon() {
        return carbon;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof EmbodiedShare)) {
            return false;
        }
        EmbodiedShare o = (EmbodiedShare) other;
        return Objects.equals(device, o.device)
                && Objects.equals(footprint, o.footprint)
                && Objects.equals(lifetime, o.lifetime)
                && Objects.equals(time, o.time)
                && Double.compare(share, o.share) == 0
                && Objects.equals(carbon, o.carbon);
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, footprint, lifetime, time, share, carbon);
    }

    @Override
    public String toString() {
        return "EmbodiedShare[device=" + device
                + ", footprint=" + footprint
                + ", lifetime=" + lifetime
                + ", time=" + time
                + ", share=" + share
                + ", carbon=" + carbon + "]";
    }
}
