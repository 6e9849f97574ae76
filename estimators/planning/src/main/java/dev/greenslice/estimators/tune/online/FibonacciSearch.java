package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.CarbonIntensity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Discrete Fibonacci search (golden-section search on a grid) for the least carbon per request, with clocks
 * that miss an SLO counted as infinitely bad. See {@link ClockSearch#fibonacci(int)}.
 *
 * <p>With {@code k} probes it resolves {@code span(k)} candidates, {@code span(k) = span(k-1) + span(k-2) + 1}
 * (1, 2, 4, 7, 12, 20, …): it works on the window of the top {@code span(k)} candidates, padded below with
 * virtual clocks that count as missing the SLO (never probed). Two probes at {@code a + span(k-2)} and
 * {@code a + span(k-1)} split the window; the worse side is dropped, the better probe becomes one of the two
 * probes of the smaller window, and one new probe splits that, until one candidate is left. Probes left over
 * (when there are fewer candidates than the window, or clocks below the window miss the SLO) go to the unprobed
 * neighbours of the best probe, walking on while they improve: a check against the small bumps of measured
 * curves.
 */
final class FibonacciSearch implements ClockSearch {

    private final int maxProbes;

    FibonacciSearch(int maxProbes) {
        if (maxProbes < 1 || maxProbes > 20) {
            throw new IllegalArgumentException("A Fibonacci search takes 1 to 20 probes, got " + maxProbes);
        }
        this.maxProbes = maxProbes;
    }

    /** The candidates {@code probes} probes resolve exactly on a unimodal curve: 1, 2, 4, 7, 12, 20, 33, … */
    static int span(int probes) {
        if (probes <= 2) {
            return Math.max(probes, 0);
        }
        int a = 1;
        int b = 2;
        for (int i = 3; i <= probes; i++) {
            int c = a + b + 1;
            a = b;
            b = c;
        }
        return b;
    }

    @Override
    public String name() {
        return "Fibonacci search (at most " + maxProbes + " probes, exact over the top " + span(maxProbes)
                + " candidates of a unimodal curve)";
    }

    @Override
    public int maxProbes(int candidates) {
        return Math.min(candidates, maxProbes);
    }

    /** @return how many of {@code candidates} candidates, counted from the top, the search can reach */
    int window(int candidates) {
        return Math.min(candidates, span(maxProbes));
    }

    @Override
    public Session start(List<Integer> clocksMhz, CarbonIntensity reference) {
        return new Run(Candidates.check(clocksMhz), Objects.requireNonNull(reference, "reference"));
    }

    private final class Run implements Session {
        private final List<Integer> clocks;
        private final CarbonIntensity reference;
        private final Map<Integer, ProbePoint> seen = new HashMap<>();
        /** The window's lowest index; negative indices are virtual clocks that miss the SLO. */
        private int low;
        /** The window's size. */
        private int size;
        private int pending = Integer.MIN_VALUE;

        Run(List<Integer> clocks, CarbonIntensity reference) {
            this.clocks = clocks;
            this.reference = reference;
            int k = 1;
            while (span(k) < Math.min(clocks.size(), span(maxProbes))) {
                k++;
            }
            this.size = span(k);
            this.low = clocks.size() - size;
        }

        @Override
        public OptionalInt next() {
            if (pending == Integer.MIN_VALUE) {
                pending = step();
            }
            return pending < 0 ? OptionalInt.empty() : OptionalInt.of(clocks.get(pending));
        }

        @Override
        public void observe(ProbePoint point) {
            int i = clocks.indexOf(point.clockMhz());
            if (pending < 0 || i != pending) {
                throw new IllegalStateException("Observed a probe at " + point.clockMhz() + " MHz; the search asked for "
                        + (pending < 0 ? "none" : clocks.get(pending) + " MHz"));
            }
            seen.put(i, point);
            pending = Integer.MIN_VALUE;
        }

        private double value(int i) {
            if (i < 0) {
                return Double.POSITIVE_INFINITY;
            }
            ProbePoint p = seen.get(i);
            return p.meetsSlo() ? p.carbonPerRequestAt(reference).grams() : Double.POSITIVE_INFINITY;
        }

        private boolean known(int i) {
            return i < 0 || seen.containsKey(i);
        }

        /** @return the next index to probe, or -1 when done */
        private int step() {
            int i = fibonacci();
            return i >= 0 ? i : refine();
        }

        /** @return an unprobed neighbour of the best probe while the budget lasts, or -1 */
        private int refine() {
            if (seen.size() >= maxProbes(clocks.size())) {
                return -1;
            }
            int best = -1;
            for (int i : seen.keySet()) {
                if (value(i) < Double.POSITIVE_INFINITY && (best < 0 || value(i) < value(best))) {
                    best = i;
                }
            }
            if (best < 0) {
                return -1;
            }
            // Below first: the window leaves out the lowest clocks.
            if (best - 1 >= 0 && !seen.containsKey(best - 1)) {
                return best - 1;
            }
            if (best + 1 < clocks.size() && !seen.containsKey(best + 1)) {
                return best + 1;
            }
            return -1;
        }

        /** @return the next index of the Fibonacci search proper, or -1 when its window is resolved */
        private int fibonacci() {
            while (true) {
                if (size <= 2) {
                    for (int i = low; i < low + size; i++) {
                        if (!known(i)) {
                            return i;
                        }
                    }
                    return -1;
                }
                int k = 3;
                while (span(k) < size) {
                    k++;
                }
                int x1 = low + span(k - 2);
                int x2 = low + span(k - 1);
                if (!known(x1)) {
                    return x1;
                }
                if (!known(x2)) {
                    return x2;
                }
                // Ties and two clocks missing the SLO both move up: missing clocks are a prefix of the grid.
                if (value(x1) < value(x2)) {
                    size = x2 - low;
                } else {
                    int from = x1 + 1;
                    size = low + size - from;
                    low = from;
                }
            }
        }
    }
}
