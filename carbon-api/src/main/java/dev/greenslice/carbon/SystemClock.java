package dev.greenslice.carbon;

import java.time.Instant;

/** The JVM's clocks. */
enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long monotonicNanos() {
        return System.nanoTime();
    }

    @Override
    public Instant wallTime() {
        return Instant.now();
    }
}
