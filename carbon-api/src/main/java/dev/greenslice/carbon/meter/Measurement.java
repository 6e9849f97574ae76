package dev.greenslice.carbon.meter;

/**
 * One metering window, opened by {@link CarbonMeter#start(String)} and closed by {@link #close()}:
 * use it with try-with-resources around the work to meter.
 *
 * <pre>{@code
 * Measurement window = meter.start("whisper");
 * try (window) {
 *     runInference();
 *     window.count(32, "request");
 * }
 * CarbonReport r = window.report();
 * r.per("request").ifPresent(System.out::println);
 * }</pre>
 *
 * <p>{@link CarbonMeter#measure(String, java.util.function.Supplier)} does the same around one call and returns its
 * value with the report.
 *
 * <p><b>Cost.</b> In sampled mode {@code start} and {@code close} do no I/O and take no lock shared with
 * other windows: they read the clock and the sampler's latest published sample (in shared attribution, a
 * window also joins a lock-free queue that the sampler drains). All arithmetic happens in {@link #report()}
 * (shared attribution: in the sampler, interval by interval).
 * While a JDK Flight Recorder recording enables the {@code dev.greenslice.EnergyWindow} event, {@code close} also
 * computes the report (once, cached) and commits the event on the closing thread; without such a recording no event
 * object exists and nothing more is done.
 *
 * <p><b>Threading.</b> Windows nest and overlap freely; a window may be closed and reported from any
 * thread. {@link #close()} is idempotent and never throws, whatever the sensors do.
 */
public interface Measurement extends AutoCloseable {

    /** @return the label given at start */
    String label();

    /** Ends the window. Idempotent; never throws: a sensor fault shows up in the report instead. */
    @Override
    void close();

    /**
     * Counts functional units served inside this window, e.g. {@code count(32, "request")} after a batch of 32
     * requests: the report then gives its figures per unit ({@link CarbonReport#per(String)}, the SCI score per
     * request). Counts of one unit add up; several units (requests and tokens) may be counted in one window. The
     * count state is allocated on the first call, so a window that counts nothing costs nothing more.
     *
     * <p>Thread-safe: any thread may count while the window is open.
     *
     * @param units how many, {@code >= 0}
     * @param unit  the unit's name, e.g. {@code "request"} or {@code "token"}
     * @return this window
     * @throws IllegalArgumentException for a negative count, a blank name or a total beyond {@link Long#MAX_VALUE}
     * @throws IllegalStateException    if the window is closed
     * @throws NullPointerException     if {@code unit} is null
     */
    Measurement count(long units, String unit);

    /** @return whether {@link #close()} has been called */
    boolean isClosed();

    /**
     * The window's report. Computed on first call after close and cached; may read the sensors once
     * (on the calling thread) to resolve the window's end.
     *
     * @return the report; never null, with unavailable domains and missing figures stated in it
     * @throws IllegalStateException if the window is still open
     */
    CarbonReport report();
}
