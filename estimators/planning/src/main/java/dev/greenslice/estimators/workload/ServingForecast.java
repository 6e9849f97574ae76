package dev.greenslice.estimators.workload;

import dev.greenslice.carbon.plan.ModelDemand;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How one model serves its workload on one instance at one clock: latencies, completion, busy and idle time,
 * and whether the SLO holds. Immutable.
 */
public final class ServingForecast {
    private final ModelDemand workload;
    private final int slices;
    private final int clockMhz;
    private final double batchLatencyMs;
    private final double batchIntervalMs;
    private final double arrivalRatePerSecond;
    private final double utilization;
    private final double meanLatencyMs;
    private final OptionalDouble p95LatencyMs;
    private final Duration completion;
    private final Duration busy;
    private final Duration idle;
    private final double sloMs;
    private final double isolatedLatencyMs;
    private final String method;

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
    ServingForecast(ModelDemand workload, int slices, int clockMhz, double batchLatencyMs, double batchIntervalMs,
            double arrivalRatePerSecond, double utilization, double meanLatencyMs, OptionalDouble p95LatencyMs,
            Duration completion, Duration busy, Duration idle, double sloMs, double isolatedLatencyMs,
            String method) {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(p95LatencyMs, "p95LatencyMs");
        Objects.requireNonNull(completion, "completion");
        Objects.requireNonNull(busy, "busy");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(method, "method");
        this.workload = workload;
        this.slices = slices;
        this.clockMhz = clockMhz;
        this.batchLatencyMs = batchLatencyMs;
        this.batchIntervalMs = batchIntervalMs;
        this.arrivalRatePerSecond = arrivalRatePerSecond;
        this.utilization = utilization;
        this.meanLatencyMs = meanLatencyMs;
        this.p95LatencyMs = p95LatencyMs;
        this.completion = completion;
        this.busy = busy;
        this.idle = idle;
        this.sloMs = sloMs;
        this.isolatedLatencyMs = isolatedLatencyMs;
        this.method = method;
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

    /** @return the workload */
    public ModelDemand workload() {
        return workload;
    }

    /** @return the instance's compute slices */
    public int slices() {
        return slices;
    }

    /** @return the SM clock, in MHz */
    public int clockMhz() {
        return clockMhz;
    }

    /** @return time to serve one batch, from the profile, in ms */
    public double batchLatencyMs() {
        return batchLatencyMs;
    }

    /** @return time the instance is occupied per batch at peak (1000 b / peak throughput), in ms */
    public double batchIntervalMs() {
        return batchIntervalMs;
    }

    /** @return offered requests per second (for closed loop: the peak throughput here) */
    public double arrivalRatePerSecond() {
        return arrivalRatePerSecond;
    }

    /** @return offered work / capacity: {@code arrival rate × interval / batch}; 1 for closed loop */
    public double utilization() {
        return utilization;
    }

    /** @return mean per-request latency (batch fill + queueing + batch latency), in ms */
    public double meanLatencyMs() {
        return meanLatencyMs;
    }

    /** @return 95th-percentile latency where the method gives one (simulation), else empty */
    public OptionalDouble p95LatencyMs() {
        return p95LatencyMs;
    }

    /** @return time from the first arrival until the last request completes */
    public Duration completion() {
        return completion;
    }

    /** @return time the instance is occupied serving batches */
    public Duration busy() {
        return busy;
    }

    /** @return {@code completion − busy}: the instance waits for requests (the GPU still draws power) */
    public Duration idle() {
        return idle;
    }

    /** @return the SLO on mean latency, in ms */
    public double sloMs() {
        return sloMs;
    }

    /** @return the reference configuration's batch latency, in ms */
    public double isolatedLatencyMs() {
        return isolatedLatencyMs;
    }

    /** @return how the figures were computed, for reports */
    public String method() {
        return method;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ServingForecast)) {
            return false;
        }
        ServingForecast o = (ServingForecast) other;
        return Objects.equals(workload, o.workload)
                && slices == o.slices
                && clockMhz == o.clockMhz
                && Double.compare(batchLatencyMs, o.batchLatencyMs) == 0
                && Double.compare(batchIntervalMs, o.batchIntervalMs) == 0
                && Double.compare(arrivalRatePerSecond, o.arrivalRatePerSecond) == 0
                && Double.compare(utilization, o.utilization) == 0
                && Double.compare(meanLatencyMs, o.meanLatencyMs) == 0
                && Objects.equals(p95LatencyMs, o.p95LatencyMs)
                && Objects.equals(completion, o.completion)
                && Objects.equals(busy, o.busy)
                && Objects.equals(idle, o.idle)
                && Double.compare(sloMs, o.sloMs) == 0
                && Double.compare(isolatedLatencyMs, o.isolatedLatencyMs) == 0
                && Objects.equals(method, o.method);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workload, slices, clockMhz, batchLatencyMs, batchIntervalMs, arrivalRatePerSecond,
                utilization, meanLatencyMs, p95LatencyMs, completion, busy, idle, sloMs, isolatedLatencyMs, method);
    }

    @Override
    public String toString() {
        return "ServingForecast[workload=" + workload
                + ", slices=" + slices
                + ", clockMhz=" + clockMhz
                + ", batchLatencyMs=" + batchLatencyMs
                + ", batchIntervalMs=" + batchIntervalMs
                + ", arrivalRatePerSecond=" + arrivalRatePerSecond
                + ", utilization=" + utilization
                + ", meanLatencyMs=" + meanLatencyMs
                + ", p95LatencyMs=" + p95LatencyMs
                + ", completion=" + completion
                + ", busy=" + busy
                + ", idle=" + idle
                + ", sloMs=" + sloMs
                + ", isolatedLatencyMs=" + isolatedLatencyMs
                + ", method=" + method + "]";
    }
}
