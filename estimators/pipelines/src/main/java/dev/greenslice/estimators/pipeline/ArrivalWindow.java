package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.Clock;

/**
 * Requests counted per second of the injected clock, in a ring of the last {@code capacity} seconds.
 * Thread-safe: one short critical section per call (a few array writes), cheap enough per request.
 */
final class ArrivalWindow {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Clock clock;
    private final long originNanos;
    private final double[] counts;
    private long newest = -1;

    ArrivalWindow(Clock clock, int capacitySeconds) {
        this.clock = clock;
        this.originNanos = clock.monotonicNanos();
        this.counts = new double[Math.max(2, capacitySeconds + 1)];
    }

    synchronized void record(double requests) {
        long second = advance();
        counts[(int) (second % counts.length)] += requests;
    }

    /** Counts of up to {@code maxSeconds} completed seconds (the current one excluded), oldest first. */
    synchronized double[] completed(int maxSeconds) {
        long second = advance();
        int n = (int) Math.min(Math.min(second, maxSeconds), counts.length - 1);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            long s = second - n + i;
            out[i] = counts[(int) (s % counts.length)];
        }
        return out;
    }

    private long advance() {
        long second = Math.max(0, (clock.monotonicNanos() - originNanos) / NANOS_PER_SECOND);
        if (second > newest) {
            long from = Math.max(newest + 1, second - counts.length + 1);
            for (long s = from; s <= second; s++) {
                counts[(int) (s % counts.length)] = 0;
            }
            newest = second;
        }
        return newest;
    }
}
