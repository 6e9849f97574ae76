package dev.greenslice.test.generators;

import org.quicktheories.core.Gen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * QuickTheories generators of {@link WindowSchedule}s (metering windows that may overlap, on a mock clock's
 * timeline) and of mock-clock schedules (the steps a test advances a {@code MockClock} by).
 *
 * <pre>{@code
 * qt().forAll(PowerTraces.gpu(), WindowSchedules.overlapping(8, Duration.ofSeconds(30)))
 *     .check((trace, windows) -> ...);
 * }</pre>
 *
 * <p>Edges fall on whole milliseconds, so that windows often share an edge (one closing as another opens).
 * Stateless; the generators are immutable and may be shared between threads.
 */
public final class WindowSchedules {

    private WindowSchedules() {
    }

    /**
     * One to {@code maxWindows} windows, each opening and closing within {@code [0, horizon]} (a window may
     * open and close at the same moment: empty), freely overlapping.
     *
     * @param maxWindows the most windows; at least 1
     * @param horizon    the time every window ends by; at least 1 ms, at most {@code Integer.MAX_VALUE} ms
     * @return the generator
     * @throws IllegalArgumentException for bounds outside those ranges
     */
    public static Gen<WindowSchedule> overlapping(int maxWindows, Duration horizon) {
        if (maxWindows < 1) {
            throw new IllegalArgumentException("A schedule has at least one window; got maxWindows " + maxWindows);
        }
        int ms = horizonMillis(horizon);
        Gen<List<Integer>> a = lists().of(integers().between(0, ms)).ofSizeBetween(1, maxWindows);
        Gen<List<Integer>> b = lists().of(integers().between(0, ms)).ofSize(maxWindows);
        return a.zip(b, (x, y) -> {
            List<Long> starts = new ArrayList<>();
            List<Long> ends = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) {
                long p = x.get(i) * 1_000_000L;
                long q = y.get(i) * 1_000_000L;
                starts.add(Math.min(p, q));
                ends.add(Math.max(p, q));
            }
            return WindowSchedule.of(starts, ends);
        });
    }

    /**
     * Mock-clock schedules: 1 to {@code maxSteps} steps of 0 to {@code maxStep} each (whole milliseconds), to
     * advance a {@code MockClock} by in turn; zero steps included, as two readings at one moment are.
     *
     * @param maxSteps the most steps; at least 1
     * @param maxStep  the longest step; at least 1 ms, at most {@code Integer.MAX_VALUE} ms
     * @return the generator
     * @throws IllegalArgumentException for bounds outside those ranges
     */
    public static Gen<List<Duration>> clockSteps(int maxSteps, Duration maxStep) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("A clock schedule has at least one step; got maxSteps " + maxSteps);
        }
        int ms = horizonMillis(maxStep);
        return lists().of(integers().between(0, ms).map(m -> Duration.ofMillis(m))).ofSizeBetween(1, maxSteps);
    }

    private static int horizonMillis(Duration d) {
        long ms = d.toMillis();
        if (ms < 1 || ms > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Give 1 ms to " + Integer.MAX_VALUE + " ms; got " + d);
        }
        return (int) ms;
    }
}
