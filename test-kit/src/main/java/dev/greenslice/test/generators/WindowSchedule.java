package dev.greenslice.test.generators;

import dev.greenslice.carbon.MockClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Metering windows on a mock clock's timeline, which may overlap: window {@code i} opens at
 * {@link #startNanos(int)} and closes at {@link #endNanos(int)}. {@link #play} walks the openings and closings in
 * time order, advancing a {@link MockClock} to each, so that a test opens and closes real measurements on it.
 *
 * <pre>{@code
 * Measurement[] open = new Measurement[schedule.size()];
 * schedule.play(clock, (edge, i) -> {
 *     if (edge == WindowSchedule.Edge.OPEN) open[i] = meter.start("w" + i); else open[i].close();
 * });
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@code play} is as thread-safe as the handler it calls.
 */
public final class WindowSchedule {

    /** A window's opening or closing. */
    public enum Edge {
        /** The window opens. */
        OPEN,
        /** The window closes. */
        CLOSE
    }

    /** What {@link #play} calls at each edge. */
    @FunctionalInterface
    public interface EdgeHandler {
        /**
         * Handles one edge, the clock standing at its time.
         *
         * @param edge   opening or closing
         * @param window the window's index
         */
        void at(Edge edge, int window);
    }

    private final long[] starts;
    private final long[] ends;

    private WindowSchedule(long[] starts, long[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /**
     * A schedule of windows given by their edges in monotonic nanoseconds from the clock's 0.
     *
     * @param startsNanos each window's opening; not negative
     * @param endsNanos   each window's closing; not before its opening
     * @return the schedule
     * @throws IllegalArgumentException for unequal lists, a negative start or an end before its start
     */
    public static WindowSchedule of(List<Long> startsNanos, List<Long> endsNanos) {
        if (startsNanos.size() != endsNanos.size()) {
            throw new IllegalArgumentException("One end per start; got " + startsNanos.size() + " starts and "
                    + endsNanos.size() + " ends");
        }
        long[] s = new long[startsNanos.size()];
        long[] e = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Objects.requireNonNull(startsNanos.get(i), "start");
            e[i] = Objects.requireNonNull(endsNanos.get(i), "end");
            if (s[i] < 0 || e[i] < s[i]) {
                throw new IllegalArgumentException("Window " + i + " opens at " + s[i] + " ns and closes at " + e[i]
                        + " ns; give 0 <= start <= end");
            }
        }
        return new WindowSchedule(s, e);
    }

    /** @return how many windows */
    public int size() {
        return starts.length;
    }

    /**
     * @param window the window's index
     * @return when it opens, in monotonic nanoseconds
     */
    public long startNanos(int window) {
        return starts[window];
    }

    /**
     * @param window the window's index
     * @return when it closes, in monotonic nanoseconds
     */
    public long endNanos(int window) {
        return ends[window];
    }

    /** @return the largest number of windows open at one moment (a window closing as another opens counts once) */
    public int maxOverlap() {
        int open = 0;
        int max = 0;
        for (long[] edge : edges()) {
            open += edge[1] == 0 ? 1 : -1;
            max = Math.max(max, open);
        }
        return max;
    }

    /**
     * Walks the edges in time order (at one moment: closings, then openings, then empty windows' closings; then by
     * window index), advancing
     * {@code clock} to each edge's time and calling {@code handler}.
     *
     * @param clock   a mock clock at or before the first edge; it ends at the last edge
     * @param handler what to do at each edge
     * @throws IllegalArgumentException if the clock is already past the first edge
     */
    public void play(MockClock clock, EdgeHandler handler) {
        for (long[] edge : edges()) {
            long now = clock.monotonicNanos();
            if (edge[0] < now) {
                throw new IllegalArgumentException("The clock stands at " + now + " ns, after the edge at " + edge[0]
                        + " ns; play a schedule on a clock at or before its first edge");
            }
            clock.advanceNanos(edge[0] - now);
            handler.at(edge[1] == 0 ? Edge.OPEN : Edge.CLOSE, (int) edge[2]);
        }
    }

    /**
     * {time, 0 open / 1 close, window, phase}. At one moment: closings of windows open before it first (so a
     * window can start where another ends), then openings, then closings of empty windows (after their opening).
     */
    private List<long[]> edges() {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            out.add(new long[] {starts[i], 0, i, 1});
            out.add(new long[] {ends[i], 1, i, ends[i] > starts[i] ? 0 : 2});
        }
        out.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[3]).thenComparingLong(e -> e[2]));
        return out;
    }

    @Override
    public String toString() {
        List<String> w = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            w.add("[" + Duration.ofNanos(starts[i]).toMillis() + " ms, " + Duration.ofNanos(ends[i]).toMillis() + " ms]");
        }
        return "WindowSchedule" + w;
    }
}
