package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.embodied.EmbodiedFootprint;

import java.time.Duration;
import java.util.Objects;

/**
 * The embodied carbon a window is charged for one device: {@code (T / lifetime) × footprint × share}.
 * Immutable.
 *
 * @param device    the domain the footprint is attached to ({@code gpu:0}), or {@code "host"}
 * @param footprint the device's manufacturing footprint and its parameters
 * @param lifetime  the lifetime it is amortised over
 * @param time      the device-time charged (the window's duration, or its attributed share of it)
 * @param share     the fraction of the device reserved (1 for a whole device; MIG slices / 7)
 * @param carbon    the resulting carbon with its range
 */
public record EmbodiedShare(String device, EmbodiedFootprint footprint, Duration lifetime, Duration time,
                            double share, CarbonFigure carbon) {

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
    public EmbodiedShare {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(footprint, "footprint");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(carbon, "carbon");
    }
}
