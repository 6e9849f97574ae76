package dev.greenslice.estimators.workload;

import dev.greenslice.carbon.plan.ModelDemand;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How one model serves its workload on one instance at one clock: latencies, completion, busy and idle time,
 * and whether the SLO holds. Immutable.
 *
 * @param workload          the workload
 * @param slices            the instance's compute slices
 * @param clockMhz          the SM clock, in MHz
 * @param batchLatencyMs    time to serve one batch, from the profile, in ms
 * @param batchIntervalMs   time the instance is occupied per batch at peak (1000 b / peak throughput), in ms
 * @param arrivalRatePerSecond offered requests per second (for closed loop: the peak throughput here)
 * @param utilization       offered work / capacity: {@code arrival rate × interval / batch}; 1 for closed loop
 * @param meanLatencyMs     mean per-request latency (batch fill + queueing + batch latency), in ms
 * @param p95LatencyMs      95th-percentile latency where the method gives one (simulation), else empty
 * @param completion        time from the first arrival until the last request completes
 * @param busy              time the instance is occupied serving batches
 * @param idle              {@code completion − busy}: the instance waits for requests (the GPU still draws power)
 * @param sloMs             the SLO on mean latency, in ms
 * @param isolatedLatencyMs the reference configuration's batch latency, in ms
 * @param method            how the figures were computed, for reports
 */
public record ServingForecast(ModelDemand workload, int slices, int clockMhz, double batchLatencyMs,
                              double batchIntervalMs, double arrivalRatePerSecond, double utilization,
                              double meanLatencyMs, OptionalDouble p95LatencyMs, Duration completion, Duration busy,
                              Duration idle, double sloMs, double isolatedLatencyMs, String method) {

    /**
     * Checks that no object part is null.
     *
     * @param workload             the workload
     * @param slices               the instance's compute slices
     * @param clockMhz             the SM clock, in MHz
     * @param batchLatencyMs       time to serve one batch, in ms
     * @param batchIntervalMs      time the instance is occupied per batch at peak, in ms
     * @param arrivalRatePerSecond offered requests per second
     * @param utilization          offered work / capacity
     * @param meanLatencyMs        mean per-request latency, in ms
     * @param p95LatencyMs         95th-percentile latency, or empty
     * @param completion           time until the last request completes
     * @param busy                 time the instance is occupied serving batches
     * @param idle                 time the instance waits for requests
     * @param sloMs                the SLO on mean latency, in ms
     * @param isolatedLatencyMs    the reference configuration's batch latency, in ms
     * @param method               how the figures were computed
     * @throws NullPointerException if the workload, an optional, a duration or the method is null
     */
    public ServingForecast {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(p95LatencyMs, "p95LatencyMs");
        Objects.requireNonNull(completion, "completion");
        Objects.requireNonNull(busy, "busy");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(method, "method");
    }

    /** @return whether the mean latency is within the SLO */
    public boolean meetsSlo() {
        return meanLatencyMs <= sloMs;
    }

    /** @return the busy share of the completion time, in [0, 1] */
    public double busyShare() {
        long c = completion.toNanos();
        return c == 0 ? 1.0 : Math.min(1.0, busy.toNanos() / (double) c);
    }
}
