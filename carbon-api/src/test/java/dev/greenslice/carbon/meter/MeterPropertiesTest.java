package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.test.sensor.ScriptedSensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/** Invariants of the meter, checked on random power traces, sampling schedules and windows. */
class MeterPropertiesTest {

    /** Cumulative energy of a piecewise-constant power trace with one segment per 100 ms. */
    private static double energyAt(List<Double> watts, long nanos) {
        long seg = 100_000_000L;
        double e = 0;
        for (int i = 0; i < watts.size(); i++) {
            long a = i * seg;
            if (nanos <= a) {
                break;
            }
            long b = Math.min(nanos, a + seg);
            e += watts.get(i) * (b - a) / 1e9;
        }
        if (nanos > watts.size() * seg) {
            e += watts.get(watts.size() - 1) * (nanos - watts.size() * seg) / 1e9;
        }
        return e;
    }

    @Test
    void sharedAttributionConservesEnergy() {
        qt().withExamples(150).forAll(
                lists().of(doubles().between(0, 400)).ofSizeBetween(1, 30),
                lists().of(integers().between(0, 3000)).ofSizeBetween(0, 16),
                integers().between(10, 250))
            .checkAssert((watts, edges, periodMs) -> {
                MockClock clock = new MockClock();
                ScriptedSensor s = new ScriptedSensor("trace", clock).domain(
                        SensorDomain.root("gpu:0", ReadingKind.HARDWARE_ENERGY_COUNTER, "trace"), t -> energyAt(watts, t));
                long endNanos = 3_000_000_000L;
                try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                        .attributeSharedEnergy().sensor(s).build()) {
                    Measurement background = meter.start("everything");
                    // Random windows: pairs of edges (ms); events processed in time order with periodic samples.
                    List<long[]> spans = new ArrayList<>();
                    for (int i = 0; i + 1 < edges.size(); i += 2) {
                        long a = Math.min(edges.get(i), edges.get(i + 1)) * 1_000_000L;
                        long b = Math.max(edges.get(i), edges.get(i + 1)) * 1_000_000L;
                        spans.add(new long[] {a, b});
                    }
                    List<Measurement> windows = new ArrayList<>();
                    for (int i = 0; i < spans.size(); i++) {
                        windows.add(null);
                    }
                    long period = periodMs * 1_000_000L;
                    long nextSample = period;
                    for (long t = 0; t <= endNanos; t += 1_000_000L) {
                        if (clock.monotonicNanos() < t) {
                            clock.advanceNanos(t - clock.monotonicNanos());
                        }
                        for (int i = 0; i < spans.size(); i++) {
                            if (spans.get(i)[0] == t && windows.get(i) == null) {
                                windows.set(i, meter.start("w" + i));
                            }
                            if (spans.get(i)[1] == t && windows.get(i) != null) {
                                windows.get(i).close();
                            }
                        }
                        if (t == nextSample) {
                            meter.sampleNow();
                            nextSample += period;
                        }
                    }
                    background.close();
                    meter.sampleNow();
                    double sum = background.report().totalEnergy().joules();
                    for (Measurement w : windows) {
                        double e = w.report().totalEnergy().joules();
                        assertTrue(e >= 0, "negative attributed energy " + e);
                        sum += e;
                    }
                    double total = energyAt(watts, endNanos);
                    assertEquals(total, sum, 1e-9 * Math.max(1, total), "attributed parts must add up to the device total");
                }
            });
    }

    @Test
    void operationalCarbonIsAdditiveOverSplitWindows() {
        qt().withExamples(150).forAll(
                lists().of(doubles().between(0, 400)).ofSizeBetween(1, 40),
                lists().of(doubles().between(0, 900)).ofSizeBetween(1, 6),
                integers().between(1, 3999),
                integers().between(50, 500))
            .checkAssert((watts, hourly, splitMs, periodMs) -> {
                // Compress "hours" to 1 s steps so a few seconds cross several intensity changes.
                MockClock clock = new MockClock(Instant.parse("2024-01-01T00:00:00Z"));
                TestIntensity trace = new TestIntensity(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofSeconds(1),
                        hourly.stream().mapToDouble(Double::doubleValue).toArray());
                ScriptedSensor s = new ScriptedSensor("trace", clock).domain(
                        SensorDomain.root("gpu:0", ReadingKind.HARDWARE_ENERGY_COUNTER, "trace"), t -> energyAt(watts, t));
                try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                        .sampled(Duration.ofMillis(periodMs)).intensity(trace).sensor(s).build()) {
                    Measurement whole = meter.start("whole");
                    Measurement first = meter.start("first");
                    Measurement second = null;
                    long period = periodMs * 1_000_000L;
                    for (long t = 1_000_000L; t <= 4_000_000_000L; t += 1_000_000L) {
                        clock.advanceNanos(1_000_000L);
                        if (t == splitMs * 1_000_000L) {
                            first.close();
                            second = meter.start("second");
                        }
                        if (t % period == 0) {
                            meter.sampleNow();
                        }
                    }
                    whole.close();
                    second.close();
                    double w = whole.report().operational().orElseThrow().value().grams();
                    double parts = first.report().operational().orElseThrow().value().grams()
                            + second.report().operational().orElseThrow().value().grams();
                    assertEquals(w, parts, 1e-9 * Math.max(1e-6, w), "carbon of a window must equal the sum of its halves");
                    double e = whole.report().totalEnergy().joules();
                    assertEquals(energyAt(watts, 4_000_000_000L), e, 1e-9 * Math.max(1, e));
                }
            });
    }
}
