package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.test.sensor.ScriptedSensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

/** Properties of {@link Measurement#count}, {@link CarbonMeter#measure} and the compact sampled window. */
class MeteringFormsPropertiesTest {

    private static final String[] UNITS = {"request", "token", "image", "batch"};

    /** Cumulative energy of a piecewise-constant power trace, one segment per 100 ms, the last held. */
    private static double energyAt(List<Double> watts, long nanos) {
        long seg = 100_000_000L;
        double e = 0;
        for (int i = 0; i < watts.size() && nanos > i * seg; i++) {
            long end = i == watts.size() - 1 ? nanos : Math.min(nanos, (i + 1) * seg);
            e += watts.get(i) * (end - i * seg) / 1e9;
        }
        return e;
    }

    private static CarbonMeter meter(MockClock clock, List<Double> watts, boolean synchronous) {
        ScriptedSensor s = new ScriptedSensor("trace", clock).domain(
                SensorDomain.root("gpu:0", ReadingKind.HARDWARE_ENERGY_COUNTER, "trace"), t -> energyAt(watts, t));
        CarbonMeterBuilder b = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(s)
                .intensity(TestIntensity.constant(250));
        return synchronous ? b.synchronous().build() : b.sampled(Duration.ofMillis(100)).build();
    }

    @Test
    void countsOfAUnitAddUpAndEveryFigureIsDividedByTheirSum() {
        qt().withExamples(300).forAll(
                lists().of(integers().between(0, 4 * 1000 - 1)).ofSizeBetween(0, 20),
                doubles().between(0, 500),
                integers().between(0, 3000))
            .checkAssert((codes, watts, millis) -> {
                MockClock clock = new MockClock(Instant.parse("2025-06-01T00:00:00Z"));
                try (CarbonMeter meter = meter(clock, List.of(watts), false)) {
                    Measurement w = meter.start("batch");
                    Map<String, Long> expected = new LinkedHashMap<>();
                    for (int c : codes) {
                        String unit = UNITS[c % 4];
                        long n = c / 4;
                        w.count(n, unit);
                        expected.merge(unit, n, Long::sum);
                    }
                    clock.advance(Duration.ofMillis(millis));
                    meter.sampleNow();
                    w.close();
                    CarbonReport r = w.report();
                    List<String> order = new ArrayList<>();
                    for (Map.Entry<String, Long> e : expected.entrySet()) {
                        if (e.getValue() == 0) {
                            assertFalse(r.per(e.getKey()).isPresent(), e.getKey());
                            assertTrue(r.warnings().contains("counted no " + e.getKey() + ": no figures per " + e.getKey()));
                            continue;
                        }
                        order.add(e.getKey());
                        FunctionalUnitReport f = r.per(e.getKey()).orElseThrow();
                        long n = e.getValue();
                        assertEquals(n, f.units());
                        assertEquals(r.totalEnergy().joules() / n, f.energyPerUnit().joules(),
                                1e-12 * Math.max(1, r.totalEnergy().joules()));
                        assertEquals(r.total().orElseThrow().value().grams() / n, f.carbonPerUnit().value().grams(),
                                1e-12 * Math.max(1, r.total().orElseThrow().value().grams()));
                        assertEquals(r.per(n, e.getKey()), f, "the same figures as report.per(n, unit)");
                    }
                    assertEquals(order, r.functionalUnits().stream().map(FunctionalUnitReport::unit).toList(),
                            "one entry per unit counted above zero, in order of first count");
                    assertEquals(watts * millis / 1e3, r.totalEnergy().joules(), 1e-9 * Math.max(1, watts * millis / 1e3),
                            "counting does not change the energy");
                }
            });
    }

    @Test
    void measureReturnsTheValueAndTheReportOfTheSameManualWindow() {
        qt().withExamples(200).forAll(
                lists().of(doubles().between(0, 400)).ofSizeBetween(1, 40),
                integers().between(0, 2000),
                integers().between(0, 3000),
                booleans().all())
            .checkAssert((watts, startMs, workMs, synchronous) -> {
                CarbonReport manual;
                Metered<Integer> measured;
                {
                    MockClock clock = new MockClock(Instant.parse("2025-06-01T00:00:00Z"));
                    try (CarbonMeter meter = meter(clock, watts, synchronous)) {
                        advanceSampling(clock, meter, startMs);
                        Measurement w = meter.start("predict");
                        try (w) {
                            advanceSampling(clock, meter, workMs);
                        }
                        manual = w.report();
                    }
                }
                {
                    MockClock clock = new MockClock(Instant.parse("2025-06-01T00:00:00Z"));
                    try (CarbonMeter meter = meter(clock, watts, synchronous)) {
                        advanceSampling(clock, meter, startMs);
                        measured = meter.measure("predict", () -> {
                            advanceSampling(clock, meter, workMs);
                            return startMs * 31 + workMs;
                        });
                    }
                }
                assertEquals(startMs * 31 + workMs, measured.value());
                assertEquals(manual, measured.report());
                double expected = energyAt(watts, (startMs + workMs) * 1_000_000L) - energyAt(watts, startMs * 1_000_000L);
                assertEquals(expected, measured.report().totalEnergy().joules(), 1e-9 * Math.max(1, expected));
            });
    }

    /** Advances the clock by {@code ms}, sampling at every whole 100 ms as a background sampler would. */
    private static void advanceSampling(MockClock clock, CarbonMeter meter, int ms) {
        for (int i = 0; i < ms; i++) {
            clock.advance(Duration.ofMillis(1));
            if ((clock.monotonicNanos() / 1_000_000L) % 100 == 0) {
                meter.sampleNow();
            }
        }
    }

    @Test
    void aSampledWindowsEdgesAreExactWhereverItStartsAndHoweverLongItLasts() {
        // Starts up to 10 s after its label's first window (so across several rebased sites) and lasts up to 10 s
        // (past the 4.29 s inline end range), to the nanosecond.
        qt().withExamples(300).forAll(
                longs().between(0, 10_000_000_000L),
                longs().between(0, 10_000_000_000L),
                doubles().between(0, 700))
            .checkAssert((startOffset, length, watts) -> {
                MockClock clock = new MockClock(Instant.parse("2025-06-01T00:00:00Z"));
                try (CarbonMeter meter = meter(clock, List.of(watts), false)) {
                    meter.start("w").close();
                    clock.advanceNanos(startOffset);
                    long t0 = clock.monotonicNanos();
                    Measurement w = meter.start("w");
                    clock.advanceNanos(length);
                    meter.sampleNow();
                    w.close();
                    CarbonReport r = w.report();
                    assertEquals(length, r.duration().toNanos());
                    assertEquals(t0, ((Window) w).startNanos());
                    assertEquals(t0 + length, ((Window) w).endNanos());
                    assertEquals(watts * length / 1e9, r.totalEnergy().joules(), 1e-9 * Math.max(1, watts * length / 1e9));
                    assertTrue(r.complete(), r.toString());
                }
            });
    }
}
