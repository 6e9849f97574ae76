package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.Power;

import java.time.Duration;
import java.util.Objects;

/**
 * How one replica of a model variant performs at one batch size: the time to serve a batch, the
 * requests it sustains per second, and the energy one batch costs while it is served.
 *
 * <p>Units: latency as a {@link Duration}; throughput in requests per second per replica; energy per batch
 * in joules ({@link Energy}). The energy is the <em>active</em> energy attributable to serving the batch;
 * the power a provisioned replica draws regardless of load is {@link Variant#idlePowerPerReplica()}.
 *
 * <p>Immutable and thread-safe. Construction fails with an {@link IllegalArgumentException} naming the
 * offending value for a batch size below 1, a non-positive latency or a non-positive or non-finite
 * throughput.
 *
 * @param batchSize                   requests served together; {@code >= 1}
 * @param latency                     time to serve one batch on one replica; positive
 * @param throughputRequestsPerSecond requests per second one replica sustains at this batch size; finite, positive
 * @param energyPerBatch              active energy of serving one batch
 */
public record BatchProfile(int batchSize, Duration latency, double throughputRequestsPerSecond, Energy energyPerBatch) {

    /**
     * A batch profile; prefer {@link #fromPower} when you have a power figure.
     *
     * @param batchSize                   requests served together; {@code >= 1}
     * @param latency                     time to serve one batch on one replica; positive
     * @param throughputRequestsPerSecond requests per second one replica sustains at this batch size; finite,
     *                                    positive
     * @param energyPerBatch              active energy of serving one batch
     * @throws NullPointerException if the latency or energy is null
     * @throws IllegalArgumentException for a batch size below 1, a latency that is not positive, or a throughput that
     *                                  is not finite and positive
     */
    public BatchProfile {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(energyPerBatch, "energyPerBatch");
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, got " + batchSize);
        }
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("Batch latency must be positive, got " + latency + " at batch " + batchSize);
        }
        if (!(throughputRequestsPerSecond > 0) || Double.isInfinite(throughputRequestsPerSecond)) {
            throw new IllegalArgumentException("Throughput must be a finite positive number of requests per second, got "
                    + throughputRequestsPerSecond + " at batch " + batchSize);
        }
    }

    /**
     * A profile from a power reading: a replica drawing {@code activePower} while it serves
     * {@code throughputRequestsPerSecond} spends {@code activePower × batchSize / throughput} joules per batch.
     *
     * @param batchSize                   requests per batch, at least 1
     * @param latency                     the time to serve one batch; positive
     * @param throughputRequestsPerSecond requests per second one replica serves at this batch size; finite and
     *                                    positive
     * @param activePower                 the power attributable to serving (above the replica's idle power)
     * @return the profile
     * @throws IllegalArgumentException for a batch size below 1, a latency that is not positive, or a throughput
     *                                  that is not finite and positive
     */
    public static BatchProfile fromPower(int batchSize, Duration latency, double throughputRequestsPerSecond,
                                         Power activePower) {
        Objects.requireNonNull(activePower, "activePower");
        if (!(throughputRequestsPerSecond > 0) || Double.isInfinite(throughputRequestsPerSecond)) {
            throw new IllegalArgumentException("Throughput must be a finite positive number of requests per second, got "
                    + throughputRequestsPerSecond + " at batch " + batchSize);
        }
        return new BatchProfile(batchSize, latency, throughputRequestsPerSecond,
                Energy.ofJoules(activePower.toWatts() * batchSize / throughputRequestsPerSecond));
    }

    /** @return the latency in seconds */
    public double latencySeconds() {
        return latency.toNanos() / 1e9;
    }

    /** @return the active energy per request at this batch size, in joules */
    public double joulesPerRequest() {
        return energyPerBatch.toJoules() / batchSize;
    }
}
