package dev.greenslice.carbon;

import java.time.Instant;

/**
 * The source of time for meters, samplers, tuners and simulated devices.
 *
 * <p>Two readings, as in Micrometer: a monotonic one for measuring intervals (never goes backwards,
 * unrelated to the calendar) and a wall-clock one for placing intervals against time series such as an
 * hourly carbon-intensity trace. Inject {@link MockClock} to make tests and property harnesses
 * deterministic.
 *
 * <p>Implementations must be thread-safe and cheap: meters read the monotonic clock on every window edge.
 */
public interface Clock {

    /** @return a monotonic reading in nanoseconds; only differences between readings are meaningful */
    long monotonicNanos();

    /** @return the current instant on the wall clock */
    Instant wallTime();

    /** @return the system clock: {@link System#nanoTime()} and {@link Instant#now()} */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
