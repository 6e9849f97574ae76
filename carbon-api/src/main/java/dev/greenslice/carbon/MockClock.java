package dev.greenslice.carbon;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that moves only when told to, for deterministic tests and property harnesses.
 *
 * <p>Both readings advance together: the wall clock is the start instant plus the monotonic time
 * elapsed. Its time never {@link #advancesByItself() passes by itself}; {@link #sleep(Duration)} advances it.
 * Thread-safe: {@link #advance(Duration)} may be called from any thread.
 */
public final class MockClock implements Clock {

    private final Instant origin;
    private final AtomicLong nanos = new AtomicLong();

    /** A mock clock whose wall time starts at 2024-01-01T00:00:00Z. */
    public MockClock() {
        this(Instant.parse("2024-01-01T00:00:00Z"));
    }

    /**
     * A mock clock whose wall time starts at {@code origin}; its monotonic reading starts at 0.
     *
     * @param origin the wall time at monotonic reading 0
     */
    public MockClock(Instant origin) {
        this.origin = origin;
    }

    /**
     * Moves both readings forward.
     *
     * @param by how far; zero or more
     * @return this clock, for chaining
     * @throws IllegalArgumentException if {@code by} is negative: a monotonic clock never goes back
     */
    public MockClock advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("A monotonic clock cannot go back; got " + by);
        }
        nanos.addAndGet(by.toNanos());
        return this;
    }

    /**
     * Moves both readings forward by a number of nanoseconds.
     *
     * @param by nanoseconds; zero or more
     * @return this clock, for chaining
     * @throws IllegalArgumentException if {@code by} is negative
     */
    public MockClock advanceNanos(long by) {
        return advance(Duration.ofNanos(by));
    }

    /** @return false: this clock's time moves only when {@link #advance advanced} or {@link #sleep slept} on */
    @Override
    public boolean advancesByItself() {
        return false;
    }

    /**
     * Advances this clock by {@code duration} and returns at once: the caller's time passes instantly and
     * deterministically, as with {@link #advance(Duration)}.
     *
     * @param duration how long to let pass; zero or more
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    @Override
    public void sleep(Duration duration) {
        advance(duration);
    }

    @Override
    public long monotonicNanos() {
        return nanos.get();
    }

    @Override
    public Instant wallTime() {
        return origin.plusNanos(nanos.get());
    }

    @Override
    public String toString() {
        return "MockClock[" + wallTime() + "]";
    }
}
