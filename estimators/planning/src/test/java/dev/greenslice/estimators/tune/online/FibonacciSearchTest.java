package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.CarbonIntensity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/** The Fibonacci search on synthetic curves: unimodal, with clocks missing the SLO below some clock. */
class FibonacciSearchTest {

    /** Reference intensity 0: a probe's value is its embodied carbon, so curves are given directly. */
    private static final CarbonIntensity ZERO = CarbonIntensity.ofGramsPerKwh(0);

    private record Outcome(List<Integer> probed, int best) {
    }

    /** Runs {@code search} over clocks 100, 200, … with the given values; infinite values miss the SLO. */
    private static Outcome run(ClockSearch search, double[] values) {
        List<Integer> clocks = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            clocks.add(100 * (i + 1));
        }
        ClockSearch.Session s = search.start(clocks, ZERO);
        List<Integer> probed = new ArrayList<>();
        int best = -1;
        for (OptionalInt next = s.next(); next.isPresent(); next = s.next()) {
            int i = clocks.indexOf(next.getAsInt());
            assertTrue(i >= 0, "probed a clock that is not a candidate: " + next);
            probed.add(i);
            boolean met = Double.isFinite(values[i]);
            s.observe(SyntheticProbes.probe(clocks.get(i), 1, met ? values[i] : 1, met));
            if (met && (best < 0 || values[i] < values[best])) {
                best = i;
            }
        }
        return new Outcome(probed, best);
    }

    /** A random unimodal curve of {@code n} values, minimum at {@code min}, infinite below {@code firstMet}. */
    private static double[] curve(int n, int min, int firstMet, Random r) {
        double[] v = new double[n];
        v[min] = 1 + r.nextDouble();
        for (int i = min - 1; i >= 0; i--) {
            v[i] = v[i + 1] + 1e-6 + r.nextDouble();
        }
        for (int i = min + 1; i < n; i++) {
            v[i] = v[i - 1] + 1e-6 + r.nextDouble();
        }
        for (int i = 0; i < firstMet; i++) {
            v[i] = Double.POSITIVE_INFINITY;
        }
        return v;
    }

    @Test
    void spansFollowTheFibonacciRecurrence() {
        assertEquals(List.of(1, 2, 4, 7, 12, 20, 33), List.of(FibonacciSearch.span(1), FibonacciSearch.span(2),
                FibonacciSearch.span(3), FibonacciSearch.span(4), FibonacciSearch.span(5), FibonacciSearch.span(6),
                FibonacciSearch.span(7)));
    }

    @Test
    void findsTheExactMinimumOfAUnimodalCurveWithinItsWindow() {
        qt().withExamples(3000).forAll(integers().between(1, 25), integers().between(1, 7), longs().all())
                .checkAssert((n, k, seed) -> {
                    Random r = new Random(seed);
                    int window = Math.min(n, FibonacciSearch.span(k));
                    int min = n - window + r.nextInt(window);
                    int firstMet = r.nextInt(min + 1);
                    double[] v = curve(n, min, firstMet, r);
                    Outcome o = run(ClockSearch.fibonacci(k), v);
                    assertTrue(o.probed().size() <= Math.min(n, k), () -> o.probed() + " with " + k + " probes");
                    Set<Integer> distinct = new HashSet<>(o.probed());
                    assertEquals(o.probed().size(), distinct.size(), () -> "probed twice: " + o.probed());
                    assertEquals(min, o.best(), () -> "curve of " + n + ", minimum at " + min + ", met from " + firstMet
                            + ", probes " + o.probed());
                });
    }

    @Test
    void whenNoClockMeetsTheSloItStillProbesTheFastest() {
        for (int n = 1; n <= 20; n++) {
            double[] v = new double[n];
            java.util.Arrays.fill(v, Double.POSITIVE_INFINITY);
            for (int k = 1; k <= 6; k++) {
                Outcome o = run(ClockSearch.fibonacci(k), v);
                assertTrue(o.probed().contains(n - 1), "n " + n + ", k " + k + ": " + o.probed());
                assertEquals(-1, o.best());
            }
        }
    }

    @Test
    void fiveProbesOnFifteenClocksStartAtTheFibonacciPointsOfTheTopTwelve() {
        double[] v = curve(15, 10, 0, new Random(1));
        Outcome o = run(ClockSearch.fibonacci(), v);
        assertEquals(List.of(7, 10), o.probed().subList(0, 2), "780 and 1050 MHz on the A100's 15 clocks");
        assertEquals(10, o.best());
        assertTrue(o.probed().size() <= 5);
    }

    @Test
    void theExhaustiveSweepProbesEveryCandidateFromTheTop() {
        Outcome o = run(ClockSearch.exhaustive(), curve(6, 2, 1, new Random(2)));
        assertEquals(List.of(5, 4, 3, 2, 1, 0), o.probed());
        assertEquals(2, o.best());
    }

    @Test
    void rejectsBadBudgetsAndCandidates() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClockSearch.fibonacci(0)).getMessage()
                .contains("1 to 20 probes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClockSearch.fibonacci().start(List.of(), ZERO))
                .getMessage().contains("at least one candidate"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ClockSearch.fibonacci().start(List.of(900, 600), ZERO)).getMessage().contains("ascending"));
    }

    @Test
    void refusesAProbeItDidNotAskFor() {
        ClockSearch.Session s = ClockSearch.fibonacci().start(List.of(100, 200, 300), ZERO);
        int asked = s.next().getAsInt();
        int other = asked == 100 ? 200 : 100;
        assertThrows(IllegalStateException.class, () -> s.observe(SyntheticProbes.probe(other, 1, 1, true)));
    }
}
