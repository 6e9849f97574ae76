package dev.greenslice.estimators.profile;

import dev.greenslice.carbon.Power;

import java.util.Objects;

/**
 * What one model does in one grid cell ({@link ProfileKey}) when it runs alone on its MIG instance:
 * its dynamic power, the time to serve one batch, and its throughput. Immutable.
 *
 * <p><b>Dynamic power</b> is the board's power while serving minus the device's baseline at that clock
 * ({@link DevicePowerProfile#baseline(int)}); board power is {@code baseline + dynamic}.
 *
 * @param key               the grid cell
 * @param dynamicPower      board power above the device baseline while serving
 * @param latencyMs         time to serve one batch, in milliseconds; finite and {@code > 0}
 * @param requestsPerSecond served requests per second at peak (closed-loop) load; finite and {@code > 0}
 * @param origin            whether the point was measured or predicted
 */
public record ProfilePoint(ProfileKey key, Power dynamicPower, double latencyMs, double requestsPerSecond,
                           Origin origin) {

    /** Where a profile point comes from. */
    public enum Origin {
        /** Measured on a device (loaded from a data set or a profiling run). */
        MEASURED,
        /** Predicted by a fitted model from other measured points. */
        PREDICTED
    }

    /**
     * Checks the parts.
     *
     * @param key               the grid cell
     * @param dynamicPower      board power above the device baseline while serving
     * @param latencyMs         time to serve one batch, in milliseconds; finite and {@code > 0}
     * @param requestsPerSecond served requests per second at peak load; finite and {@code > 0}
     * @param origin            whether the point was measured or predicted
     * @throws NullPointerException     if the key, power or origin is null
     * @throws IllegalArgumentException for a latency or throughput that is not a positive number, naming the cell
     */
    public ProfilePoint {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dynamicPower, "dynamicPower");
        Objects.requireNonNull(origin, "origin");
        if (!(latencyMs > 0) || Double.isInfinite(latencyMs)) {
            throw new IllegalArgumentException("Latency at " + key + " must be a positive number of ms, got " + latencyMs);
        }
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("Throughput at " + key + " must be a positive number of requests/s, got "
                    + requestsPerSecond);
        }
    }

    /**
     * A measured point.
     *
     * @param key               the grid cell
     * @param dynamicPower      board power above the device baseline while serving
     * @param latencyMs         time to serve one batch, in milliseconds
     * @param requestsPerSecond served requests per second at peak load
     * @return the point, of origin {@link Origin#MEASURED}
     */
    public static ProfilePoint measured(ProfileKey key, Power dynamicPower, double latencyMs, double requestsPerSecond) {
        return new ProfilePoint(key, dynamicPower, latencyMs, requestsPerSecond, Origin.MEASURED);
    }

    /** @return requests per batch */
    public int batchSize() {
        return key.batchSize();
    }

    /** @return MIG compute slices */
    public int slices() {
        return key.slices();
    }

    /** @return SM clock in MHz */
    public int clockMhz() {
        return key.clockMhz();
    }

    /**
     * The time between successive batches at peak load, {@code 1000 × batchSize / requestsPerSecond} ms. It
     * can be shorter than {@link #latencyMs()} where the server overlaps host-side work with the GPU.
     *
     * @return the batch interval, in milliseconds
     */
    public double batchIntervalMs() {
        return 1000.0 * key.batchSize() / requestsPerSecond;
    }

    /**
     * The board power in this cell, given the device's baseline.
     *
     * @param baseline the device's baseline at this point's clock
     * @return the board power: {@code baseline} plus this point's dynamic power
     */
    public Power boardPower(Power baseline) {
        return baseline.plus(dynamicPower);
    }
}
