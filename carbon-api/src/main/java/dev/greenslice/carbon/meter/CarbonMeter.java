package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.sensor.SensorDomain;

import java.util.List;

/**
 * Meters the energy and carbon of blocks of work in process: open a {@link Measurement} around the work
 * with {@link #start(String)}, close it (try-with-resources), read its {@link CarbonReport}.
 *
 * <pre>{@code
 * try (CarbonMeter meter = CarbonMeter.builder()
 *         .sensor(CpuTimeSensor.builder().open())
 *         .intensity(CarbonIntensities.of(EnergySource.GAS))
 *         .build()) {
 *     Metered<double[]> scores = meter.measure("inference", () -> model.predict(x));
 *     System.out.println(scores.report());
 *     return scores.value();
 * }
 * }</pre>
 *
 * <p>{@link #start(String)} opens a window for work that is not one call; {@link Measurement#count(long, String)}
 * counts the functional units it served.
 *
 * <p>A meter reads its sensors either at each window's edges ({@linkplain CarbonMeterBuilder#synchronous()
 * synchronous}) or from a background sampler whose samples windows interpolate ({@linkplain
 * CarbonMeterBuilder#sampled sampled}: no I/O and no shared lock on the window's thread).
 *
 * <p><b>Threading.</b> Thread-safe: windows may be started, closed and reported from any threads, nest
 * and overlap. {@link #close()} stops the sampler and closes the sensors; it is idempotent and never
 * throws. Windows still open when the meter closes report their domains as unavailable.
 */
public interface CarbonMeter extends AutoCloseable {

    /** @return a builder that validates each setting as it is set */
    static CarbonMeterBuilder builder() {
        return new CarbonMeterBuilder();
    }

    /** @return a meter that measures nothing: its windows cost next to nothing and report no figures */
    static CarbonMeter noop() {
        return NoopCarbonMeter.INSTANCE;
    }

    /**
     * Opens a window over every domain of this meter.
     *
     * @param label what is being measured, e.g. a model or request name
     * @return the open window; close it (try-with-resources) to end it
     */
    Measurement start(String label);

    /**
     * Meters one call: opens a window, runs {@code work}, closes the window and returns the value with the window's
     * report. The report is computed before this returns (on the calling thread).
     *
     * <p>To count functional units inside, or to meter a block that is not one call, use {@link #start(String)}.
     *
     * @param label what is being measured, e.g. a model or request name
     * @param work  the work to meter
     * @param <T>   the work's result type
     * @return the work's value (null if it returned null) and the window's report
     * @throws RuntimeException whatever {@code work} throws, unchanged, after the window is closed (no report then)
     */
    default <T> Metered<T> measure(String label, java.util.function.Supplier<? extends T> work) {
        java.util.Objects.requireNonNull(work, "work");
        Measurement window = start(label);
        T value;
        try (window) {
            value = work.get();
        }
        return Metered.of(value, window.report());
    }

    /**
     * Meters one call that returns nothing: opens a window, runs {@code work}, closes the window and returns its
     * report.
     *
     * @param label what is being measured, e.g. a model or request name
     * @param work  the work to meter
     * @return the window's report
     * @throws RuntimeException whatever {@code work} throws, unchanged, after the window is closed (no report then)
     */
    default CarbonReport measure(String label, Runnable work) {
        java.util.Objects.requireNonNull(work, "work");
        Measurement window = start(label);
        try (window) {
            work.run();
        }
        return window.report();
    }

    /**
     * A view of this meter restricted to some domains (and the domains nested in them), sharing its
     * sensors and sampler: windows started on it report only those domains, and embodied carbon only for
     * the devices they cover. Closing the view does nothing; close the meter it came from.
     *
     * @param domainIds ids from {@link #domains()}, e.g. {@code "gpu:0"}
     * @return the view
     * @throws IllegalArgumentException naming an unknown id and listing the known ones
     */
    CarbonMeter forDomains(String... domainIds);

    /** @return every domain this meter (or view) reports */
    List<SensorDomain> domains();

    /**
     * The meter's running totals since it was built, as of its latest sample: per domain, the cumulative
     * energy (monotonic; intervals where a series broke are left out, never subtracted), the mean power over
     * the latest sample interval and the cumulative operational carbon; the intensity now; embodied carbon
     * over the elapsed time. This is what a metrics exporter publishes as counters and gauges (see the
     * {@code greenslice-micrometer} module).
     *
     * <p>Reads no sensor: it copies what the sampler has accumulated and asks the intensity source for the
     * current factor (a live source may fetch; the sample lock is never held meanwhile, so window edges are not
     * delayed). Call {@link #sampleNow()} first for a fresh sample. A view reports only its domains. Never
     * throws for a sensor or intensity fault: the snapshot's warnings and each domain's unavailable reason say
     * what is missing.
     *
     * @return a snapshot of the running totals, as of the latest sample added to them
     */
    MeterTotals totals();

    /**
     * Reads every sensor now, on the calling thread, and publishes the sample. The background sampler
     * does this periodically; call it yourself when background sampling is off (deterministic tests).
     */
    void sampleNow();

    /** Stops sampling and closes the sensors. Idempotent; never throws. */
    @Override
    void close();
}
