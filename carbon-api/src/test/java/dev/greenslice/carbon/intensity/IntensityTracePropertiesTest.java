package dev.greenslice.carbon.intensity;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Properties of traces on random piecewise series: integration equals the hand computation, operational carbon
 * is additive over split intervals, and {@code at}/{@code changesBetween} agree with the series.
 */
class IntensityTracePropertiesTest {

    private static final List<Duration> STEPS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofMinutes(30), Duration.ofHours(1));

    /** A random series, written as CSV and read back, so the reader is exercised too. */
    record Series(Instant start, Duration step, List<Double> values, IntensityTrace trace) {
        Instant end() {
            return start.plus(step.multipliedBy(values.size()));
        }

        long spanNanos() {
            return Duration.between(start, end()).toNanos();
        }

        @Override
        public String toString() {
            return "Series[" + start + " step " + step + " " + values + "]";
        }
    }

    private static Gen<Series> series() {
        // Values from a small set make equal neighbours (no change at the boundary) common.
        Gen<Double> value = doubles().between(0, 1200).mix(integers().between(0, 3).map(i -> 100.0 * i), 40);
        return lists().of(value).ofSizeBetween(2, 48)
                .zip(integers().between(0, STEPS.size() - 1), longs().between(1_600_000_000L, 1_800_000_000L),
                        (values, stepIndex, epochHour) -> {
                            Duration step = STEPS.get(stepIndex);
                            Instant start = Instant.ofEpochSecond(epochHour / 3600 * 3600);
                            StringBuilder csv = new StringBuilder("timestamp,carbon_intensity_g_per_kwh\n");
                            for (int i = 0; i < values.size(); i++) {
                                csv.append(start.plus(step.multipliedBy(i))).append(',').append(values.get(i)).append('\n');
                            }
                            IntensityTrace trace = CarbonIntensities.trace(new StringReader(csv.toString()), "random.csv");
                            return new Series(start, step, values, trace);
                        });
    }

    /** An instant inside the series at a random fraction of its span (nanosecond resolution). */
    private static Instant inside(Series s, double fraction) {
        return s.start().plusNanos((long) (fraction * (s.spanNanos() - 1)));
    }

    /** The hand computation: Σ over steps of (energy share in that step) × (that step's intensity). */
    private static double handGrams(Series s, double joules, Instant from, Instant to) {
        long total = Duration.between(from, to).toNanos();
        if (total == 0) {
            int i = (int) (Duration.between(s.start(), from).toNanos() / s.step().toNanos());
            return joules / 3.6e6 * s.values().get(i);
        }
        double grams = 0;
        for (int i = 0; i < s.values().size(); i++) {
            Instant a = s.start().plus(s.step().multipliedBy(i));
            Instant b = a.plus(s.step());
            Instant lo = a.isAfter(from) ? a : from;
            Instant hi = b.isBefore(to) ? b : to;
            if (hi.isAfter(lo)) {
                double share = Duration.between(lo, hi).toNanos() / (double) total;
                grams += joules * share / 3.6e6 * s.values().get(i);
            }
        }
        return grams;
    }

    private static void close(double expected, double actual) {
        double tol = 1e-9 * Math.max(1, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= tol, () -> "expected " + expected + " but was " + actual);
    }

    @Test
    void integratingUniformEnergyEqualsTheHandComputation() {
        qt().withExamples(300).forAll(series(), doubles().between(0, 1), doubles().between(0, 1), doubles().between(0, 1e8))
                .checkAssert((s, a, b, joules) -> {
                    Instant from = inside(s, Math.min(a, b));
                    Instant to = inside(s, Math.max(a, b));
                    CarbonFigure c = s.trace().carbonOf(Energy.ofJoules(joules), from, to);
                    close(handGrams(s, joules, from, to), c.value().grams());
                    assertTrue(c.isExact(), "measured traces carry no range");
                });
    }

    @Test
    void integratingOverTheWholeTraceWeighsEveryStepEqually() {
        qt().withExamples(300).forAll(series(), doubles().between(0, 1e8)).checkAssert((s, joules) -> {
            double mean = s.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            close(joules / 3.6e6 * mean, s.trace().carbonOf(Energy.ofJoules(joules), s.start(), s.end()).value().grams());
        });
    }

    @Test
    void operationalCarbonIsAdditiveOverSplitIntervals() {
        qt().withExamples(300).forAll(series(), doubles().between(0, 1), doubles().between(0, 1), doubles().between(0, 1))
                .checkAssert((s, a, b, c) -> {
                    double[] f = {a, b, c};
                    java.util.Arrays.sort(f);
                    Instant from = inside(s, f[0]);
                    Instant mid = inside(s, f[1]);
                    Instant to = inside(s, f[2]);
                    if (!from.isBefore(mid) || !mid.isBefore(to)) {
                        return;
                    }
                    double joules = 5e6;
                    double total = Duration.between(from, to).toNanos();
                    Energy first = Energy.ofJoules(joules * Duration.between(from, mid).toNanos() / total);
                    Energy second = Energy.ofJoules(joules * Duration.between(mid, to).toNanos() / total);
                    IntensitySource t = s.trace();
                    close(t.carbonOf(Energy.ofJoules(joules), from, to).value().grams(),
                            t.carbonOf(first, from, mid).plus(t.carbonOf(second, mid, to)).value().grams());
                });
    }

    @Test
    void atReturnsTheValueOfTheStepThatHolds() {
        qt().withExamples(300).forAll(series(), doubles().between(0, 1)).checkAssert((s, f) -> {
            Instant t = inside(s, f);
            int i = (int) (Duration.between(s.start(), t).toNanos() / s.step().toNanos());
            assertEquals(s.values().get(i), s.trace().at(t).value().gramsPerKwh(), 0.0);
            assertThrows(IllegalArgumentException.class, () -> s.trace().at(s.end()));
            assertThrows(IllegalArgumentException.class, () -> s.trace().at(s.start().minusNanos(1)));
        });
    }

    @Test
    void changesBetweenListsExactlyTheBoundariesWhereTheValueChanges() {
        qt().withExamples(300).forAll(series(), doubles().between(0, 1), doubles().between(0, 1)).checkAssert((s, a, b) -> {
            Instant from = inside(s, Math.min(a, b));
            Instant to = inside(s, Math.max(a, b));
            List<Instant> expected = new ArrayList<>();
            for (int i = 1; i < s.values().size(); i++) {
                Instant boundary = s.start().plus(s.step().multipliedBy(i));
                if (boundary.isAfter(from) && boundary.isBefore(to)
                        && !s.values().get(i).equals(s.values().get(i - 1))) {
                    expected.add(boundary);
                }
            }
            assertEquals(expected, s.trace().changesBetween(from, to));
        });
    }
}
