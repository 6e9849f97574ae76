package dev.greenslice.estimators.tune.online;

import java.util.List;

/**
 * The work an {@link OnlineFrequencyTuner} meters at each candidate clock: one call of {@link #serve()} is
 * one probe's worth of inference, run (or awaited) on the tuned GPU at whatever clock the tuner has locked.
 *
 * <p>The tuner opens a meter window, calls {@code serve()}, closes the window and divides the window's carbon
 * by {@link ServedWork#requests()}. For the comparison across clocks to be fair, each call should serve the
 * same kind and amount of work: the simulator's {@code SimulatedTraffic} replays the same seeded requests on the simulated
 * GPU; against a live server, an implementation typically waits until the server has completed a fixed number
 * of requests and reports their latencies.
 *
 * <p><b>Failures.</b> An exception from {@code serve()} aborts the tuning: the tuner restores the GPU's clock
 * and rethrows it. Implementations are called from one thread at a time.
 */
@FunctionalInterface
public interface ProbeLoad {

    /**
     * The SM clocks this load can be served at, in MHz, if it is restricted: the tuner probes only these.
     * the simulator's {@code SimulatedTraffic} names the clocks its models' profiles have; a live load can run at any clock.
     *
     * @return the clocks, or an empty list for any clock the device supports
     */
    default List<Integer> clocksMhz() {
        return List.of();
    }

    /**
     * Serves one probe's work on the GPU at its current clock and returns what was served.
     *
     * @return the requests served and their latencies; at least one request in all
     */
    ServedWork serve();
}
