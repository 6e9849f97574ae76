package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.test.sensor.ScriptedSensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Shared attribution on random piecewise power traces and random overlapping windows, against an oracle that
 * walks the timeline millisecond by millisecond: the meter's samples, interpolated linearly, give each
 * millisecond's energy, shared equally among the windows open in it.
 */
class SharedAttributionPropertiesTest {

    private static final int END_MS = 2000;
    private static final double TOL = 1e-9;

    /** Cumulative energy of piecewise-constant power: segment i lasts {@code lengthsMs[i]}, the last one forever. */
    private static double energyAt(List<Double> watts, List<Integer> lengthsMs, long nanos) {
        double e = 0;
        long a = 0;
        for (int i = 0; i < watts.size(); i++) {
            long len = i < watts.size() - 1 ? lengthsMs.get(i % lengthsMs.size()) * 1_000_000L : Long.MAX_VALUE / 4;
            long b = a + len;
            if (nanos <= a) {
                break;
            }
            e += watts.get(i) * (Math.min(nanos, b) - a) / 1e9;
            a = b;
        }
        return e;
    }

    @Test
    void sampledMode() {
        check(false);
    }

    @Test
    void synchronousMode() {
        check(true);
    }

    private void check(boolean synchronous) {
        qt().withExamples(Integer.getInteger("greenslice.qt.examples", 120)).forAll(
                lists().of(doubles().between(0, 400)).ofSizeBetween(1, 12),
                lists().of(integers().between(1, 400)).ofSizeBetween(1, 12),
                lists().of(integers().between(0, END_MS)).ofSizeBetween(0, 30),
                integers().between(0, Integer.MAX_VALUE))
            .checkAssert((watts, lengths, edges, mix) -> {
                // One number, two choices (QuickTheories takes four sources): the sampling period and which windows are on the gpu:1 view.
                int periodMs = 5 + mix % 296;
                int onView = mix / 296;
                MockClock clock = new MockClock();
                List<Double> watts1 = new ArrayList<>(watts);
                java.util.Collections.reverse(watts1);
                ScriptedSensor sensor = new ScriptedSensor("trace", clock)
                        .domain(SensorDomain.root("gpu:0", ReadingKind.HARDWARE_ENERGY_COUNTER, "t0"),
                                t -> energyAt(watts, lengths, t))
                        .domain(SensorDomain.root("gpu:1", ReadingKind.HARDWARE_ENERGY_COUNTER, "t1"),
                                t -> energyAt(watts1, lengths, t));
                CarbonMeterBuilder b = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                        .attributeSharedEnergy().sensor(sensor);
                b = synchronous ? b.synchronous() : b.sampled(Duration.ofMillis(periodMs));
                try (CarbonMeter meter = b.build()) {
                    CarbonMeter view = meter.forDomains("gpu:1");
                    int w = edges.size() / 2;
                    long[] from = new long[w];
                    long[] to = new long[w];
                    boolean[] gpu1Only = new boolean[w];
                    for (int i = 0; i < w; i++) {
                        from[i] = Math.min(edges.get(2 * i), edges.get(2 * i + 1));
                        to[i] = Math.max(edges.get(2 * i), edges.get(2 * i + 1));
                        gpu1Only[i] = (onView >> i & 1) == 1;
                    }
                    Measurement[] windows = new Measurement[w];
                    TreeSet<Long> sampleMs = new TreeSet<>();
                    sampleMs.add(0L);
                    for (long t = 0; t <= END_MS; t++) {
                        clock.advanceNanos(t * 1_000_000L - clock.monotonicNanos());
                        for (int i = 0; i < w; i++) {
                            if (from[i] == t) {
                                windows[i] = (gpu1Only[i] ? view : meter).start("w" + i);
                                if (synchronous) {
                                    sampleMs.add(t);
                                }
                            }
                        }
                        for (int i = 0; i < w; i++) {
                            if (to[i] == t) {
                                windows[i].close();
                                if (synchronous) {
                                    sampleMs.add(t);
                                }
                            }
                        }
                        if (t > 0 && t % periodMs == 0) {
                            meter.sampleNow();
                            sampleMs.add(t);
                        }
                    }
                    meter.sampleNow();
                    sampleMs.add((long) END_MS);

                    // The oracle: energy per millisecond from the samples, shared equally among the windows open in it.
                    Long[] s = sampleMs.toArray(new Long[0]);
                    double[][] expected = new double[w][2];
                    double[] union = new double[2];
                    double[] idle = new double[2];
                    for (int d = 0; d < 2; d++) {
                        List<Double> tr = d == 0 ? watts : watts1;
                        for (long t = 0; t < END_MS; t++) {
                            double e = interp(s, tr, lengths, t + 1) - interp(s, tr, lengths, t);
                            int open = 0;
                            for (int i = 0; i < w; i++) {
                                if (covers(i, d, gpu1Only) && from[i] <= t && to[i] >= t + 1) {
                                    open++;
                                }
                            }
                            if (open == 0) {
                                idle[d] += e;
                                continue;
                            }
                            union[d] += e;
                            for (int i = 0; i < w; i++) {
                                if (covers(i, d, gpu1Only) && from[i] <= t && to[i] >= t + 1) {
                                    expected[i][d] += e / open;
                                }
                            }
                        }
                    }
                    double[] sum = new double[2];
                    for (int i = 0; i < w; i++) {
                        CarbonReport r = windows[i].report();
                        for (int d = 0; d < 2; d++) {
                            if (!covers(i, d, gpu1Only)) {
                                assertTrue(r.energyOf("gpu:" + d).isEmpty());
                                continue;
                            }
                            double got = r.energyOf("gpu:" + d).orElseThrow().joules();
                            double deviceTotal = interp(s, d == 0 ? watts : watts1, lengths, to[i])
                                    - interp(s, d == 0 ? watts : watts1, lengths, from[i]);
                            double tol = TOL * Math.max(1, deviceTotal);
                            assertEquals(expected[i][d], got, tol, "window " + i + " on gpu:" + d);
                            assertTrue(got >= 0 && got <= deviceTotal + tol,
                                    "window " + i + ": " + got + " J outside [0, device total " + deviceTotal + " J]");
                            sum[d] += got;
                        }
                    }
                    MeterTotals totals = meter.totals();
                    for (int d = 0; d < 2; d++) {
                        double total = totals.domain("gpu:" + d).orElseThrow().energy().joules();
                        double un = totals.domain("gpu:" + d).orElseThrow().unattributed().orElseThrow().joules();
                        double tol = TOL * Math.max(1, total);
                        assertEquals(union[d], sum[d], tol, "windows add up to the energy of their union on gpu:" + d);
                        assertEquals(idle[d], un, tol, "unattributed = energy while no window was open on gpu:" + d);
                        assertEquals(total, sum[d] + un, tol, "attributed + unattributed = device total on gpu:" + d);
                    }
                }
            });
    }

    private static boolean covers(int window, int domain, boolean[] gpu1Only) {
        return domain == 1 || !gpu1Only[window];
    }

    /** The meter's view of the cumulative energy at {@code ms}: linear between the samples around it. */
    private static double interp(Long[] samplesMs, List<Double> watts, List<Integer> lengths, long ms) {
        int i = 0;
        while (i + 1 < samplesMs.length && samplesMs[i + 1] <= ms) {
            i++;
        }
        long a = samplesMs[i];
        double ea = energyAt(watts, lengths, a * 1_000_000L);
        if (a == ms || i + 1 == samplesMs.length) {
            return ea;
        }
        long b = samplesMs[i + 1];
        double eb = energyAt(watts, lengths, b * 1_000_000L);
        return ea + (eb - ea) * (ms - a) / (double) (b - a);
    }
}
