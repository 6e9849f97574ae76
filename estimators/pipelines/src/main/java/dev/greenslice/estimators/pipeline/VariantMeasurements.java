package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.meter.CarbonReport;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Measured figures of one variant as a serving stack observes them, turned into {@link BatchProfile}s that
 * replace the published or predicted ones: the way to feed real measurements (e.g. the energy of a
 * metering window around each batch, from a carbon meter or an NVML/RAPL counter) into the optimizers.
 *
 * <pre>{@code
 * VariantMeasurements m = new VariantMeasurements();
 * // a CarbonMeter window around batches served back to back on one replica's MIG instance:
 * try (Measurement w = meter.start("resnet50@2g b8")) {
 *     for (int i = 0; i < 50; i++) serve(nextBatchOf(8));
 * }
 * m.record(8, 50, w.report(), "gpu:0/mig:3", idlePowerOfTheInstance);
 * // or with figures from anywhere:
 * m.record(batch.size(), elapsed, activeEnergy);
 * // now and then:
 * adapter.updateVariant("classify", m.applyTo(pipeline.stage("classify").variant("resnet50@2g").orElseThrow()));
 * }</pre>
 *
 * <p>Per batch size it keeps the number of batches, their total time and total energy. The profile is the
 * mean latency, the mean energy per batch, and a throughput of batch size ÷ mean latency (a replica serving
 * batches back to back). The energy recorded should be the variant's active energy (above its idle power):
 * subtract the idle power × elapsed time when the meter reports the whole device.
 *
 * <p>Thread-safe: recording takes one short lock. Recording fails with an {@link IllegalArgumentException}
 * naming the value for a batch size below 1, a non-positive duration or a batch count below 1.
 */
public final class VariantMeasurements {

    private final Map<Integer, long[]> counts = new TreeMap<>(); // batch size -> {batches, nanos}
    private final Map<Integer, double[]> joules = new TreeMap<>(); // batch size -> {joules}

    /**
     * Records one batch of {@code batchSize} requests that took {@code latency} and {@code energy}.
     *
     * @param batchSize requests in the batch, at least 1
     * @param latency   the time to serve it; positive
     * @param energy    the active energy it used (above idle power)
     * @throws IllegalArgumentException for a batch size below 1 or a latency that is not positive
     */
    public void record(int batchSize, Duration latency, Energy energy) {
        recordBatches(batchSize, 1, latency, energy);
    }

    /**
     * Records {@code batches} batches of {@code batchSize} served back to back in {@code elapsed}, using
     * {@code energy} in all: one metering window around several batches.
     *
     * @param batchSize requests per batch, at least 1
     * @param batches   how many batches, at least 1
     * @param elapsed   the time all of them took; positive
     * @param energy    the active energy all of them used (above idle power)
     * @throws IllegalArgumentException for a batch size or count below 1, or a time that is not positive
     */
    public void recordBatches(int batchSize, int batches, Duration elapsed, Energy energy) {
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(energy, "energy");
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, got " + batchSize);
        }
        if (batches < 1) {
            throw new IllegalArgumentException("Batch count must be at least 1, got " + batches);
        }
        if (elapsed.isNegative() || elapsed.isZero()) {
            throw new IllegalArgumentException("Measured time must be positive, got " + elapsed + " for batch size "
                    + batchSize);
        }
        synchronized (this) {
            long[] c = counts.computeIfAbsent(batchSize, b -> new long[2]);
            c[0] += batches;
            c[1] += elapsed.toNanos();
            joules.computeIfAbsent(batchSize, b -> new double[1])[0] += energy.toJoules();
        }
    }

    /**
     * Records a metering window that covered {@code batches} batches of {@code batchSize} served back to back
     * by one replica: its duration, and the energy of {@code domain} (the replica's device or MIG instance)
     * minus {@code idlePower} × duration, which leaves the active energy.
     *
     * @param batchSize requests per batch, at least 1
     * @param batches   how many batches the window served, at least 1
     * @param report    the metering window's report
     * @param domain    the domain to read, e.g. {@code "gpu:0/mig:3"}; {@code null} for the window's total
     * @param idlePower the replica's idle power, as in its {@link Variant#idlePowerPerReplica()}
     * @throws IllegalArgumentException if the domain is missing or unavailable in the report (naming why),
     *                                  or its energy is below idle power × duration (the idle figure is wrong)
     */
    public void record(int batchSize, int batches, CarbonReport report, String domain, Power idlePower) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(idlePower, "idlePower");
        Energy measured;
        if (domain == null) {
            if (!report.complete()) {
                throw new IllegalArgumentException("Window '" + report.label() + "' is incomplete: " + report.warnings()
                        + "; name the domain the replica runs on instead");
            }
            measured = report.totalEnergy();
        } else {
            measured = report.domain(domain).orElseThrow(() -> new IllegalArgumentException("Window '" + report.label()
                    + "' has no domain '" + domain + "'; it has " + report.domains().stream().map(d -> d.domain()).toList()))
                    .energy().orElseThrow(() -> new IllegalArgumentException("Window '" + report.label() + "': domain '"
                            + domain + "' is unavailable: " + report.domain(domain).flatMap(d -> d.unavailableReason())
                            .orElse("no reason given")));
        }
        double idleJoules = idlePower.toWatts() * report.duration().toNanos() / 1e9;
        if (measured.toJoules() < idleJoules) {
            throw new IllegalArgumentException("Window '" + report.label() + "': measured " + measured + " over "
                    + report.duration() + " is below the idle power " + idlePower + " times that time ("
                    + Energy.ofJoules(idleJoules) + "); check the idle power or the domain");
        }
        recordBatches(batchSize, batches, report.duration(), Energy.ofJoules(measured.toJoules() - idleJoules));
    }

    /**
     * How many batches were recorded at one batch size.
     *
     * @param batchSize requests per batch
     * @return batches recorded at {@code batchSize}; 0 if none
     */
    public synchronized long batches(int batchSize) {
        long[] c = counts.get(batchSize);
        return c == null ? 0 : c[0];
    }

    /**
     * The measured profile at one batch size: mean latency, mean energy per batch, throughput batch size ÷ mean
     * latency.
     *
     * @param batchSize requests per batch
     * @return the profile, if any batch of that size was recorded
     */
    public synchronized Optional<BatchProfile> profile(int batchSize) {
        long[] c = counts.get(batchSize);
        if (c == null) {
            return Optional.empty();
        }
        long meanNanos = Math.max(1, c[1] / c[0]);
        double seconds = meanNanos / 1e9;
        return Optional.of(new BatchProfile(batchSize, Duration.ofNanos(meanNanos), batchSize / seconds,
                Energy.ofJoules(joules.get(batchSize)[0] / c[0])));
    }

    /**
     * Applies the measurements to a variant.
     *
     * @param variant the variant the measurements are of
     * @return {@code variant} with every measured batch size's profile replaced (or added) by the
     *         measurement, and its source noting how many batches were measured
     */
    public synchronized Variant applyTo(Variant variant) {
        Objects.requireNonNull(variant, "variant");
        Variant out = variant;
        StringBuilder note = new StringBuilder();
        for (int size : counts.keySet()) {
            out = out.withBatch(profile(size).orElseThrow());
            note.append(note.length() == 0 ? "" : ", ").append("b").append(size).append(": ").append(counts.get(size)[0]);
        }
        return note.length() == 0 ? out : out.withSource("measured in service (batches " + note + "); otherwise "
                + variant.source());
    }
}
