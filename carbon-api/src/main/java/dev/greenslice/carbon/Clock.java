package dev.greenslice.carbon;

import java.time.Duration;
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

    /**
     * Whether this clock's time passes by itself, without anyone acting on it.
     *
     * <p>Code that would wait for time to pass on another thread (a background sampler) asks this instead of
     * looking at the clock's type: on a clock whose time moves only when told, such a thread would wait in vain.
     *
     * @return true (the default) when time passes by itself, as on the {@link #system() system clock}; false for
     *         a clock whose time moves only when told ({@link MockClock})
     */
    default boolean advancesByItself() {
        return true;
    }

    /**
     * Lets {@code duration} of this clock's time pass for the caller, and returns once it has.
     *
     * <p>The default sleeps the calling thread ({@link Thread#sleep(long, int)}), which is right for any clock
     * whose time {@link #advancesByItself() passes by itself}; {@link MockClock} instead advances itself by
     * {@code duration} and returns at once. A simulated device that must let time pass calls this, so it runs in
     * wall time or in simulated time according to the clock it is given, never according to the clock's type.
     *
     * @param duration how long to let pass; zero or more
     * @throws InterruptedException     if the thread is interrupted while it sleeps (its interrupt status cleared)
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    default void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Cannot let a negative duration pass: " + duration);
        }
        long nanos = duration.toNanos();
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }

    /** @return the system clock: {@link System#nanoTime()} and {@link Instant#now()} */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
