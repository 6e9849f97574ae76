package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.test.sensor.ScriptedSensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eight threads open and close overlapping (and nested) windows in real time against the background sampler,
 * while another thread asks for reports and totals: the windows' shares must add up exactly to the energy of
 * the union of their open time (from the meter's own samples, interpolated), each stay within its device-total
 * figure, and shares plus unattributed energy must equal the meter's total. Bounded to about 1.5 s per sampling
 * period ({@code -Dgreenslice.stress.millis=N} to run longer).
 */
class SharedAttributionStressTest {

    private static final int THREADS = 8;

    @Test
    void conservedUnderConcurrentWindowsSampledEvery100Ms() throws Exception {
        run(Duration.ofMillis(100), Long.getLong("greenslice.stress.millis", 1_500));
    }

    @Test
    void conservedUnderConcurrentWindowsSampledEveryMillisecond() throws Exception {
        run(Duration.ofMillis(1), Long.getLong("greenslice.stress.millis", 1_500));
    }

    private void run(Duration period, long runMillis) throws Exception {
        Clock clock = Clock.system();
        long origin = clock.monotonicNanos(); // joules from 0, not from the machine's boot: keeps the doubles' ulp small
        ScriptedSensor sensor = new ScriptedSensor("s", clock).domain(
                SensorDomain.root("gpu:0", ReadingKind.HARDWARE_ENERGY_COUNTER, "constant 100 W"), t -> 100.0 * (t - origin) / 1e9);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).sampled(period).history(1 << 16)
                .attributeSharedEnergy().sensor(sensor).build()) {
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<List<Measurement>> perThread = new ArrayList<>();
            ConcurrentLinkedQueue<Measurement> closed = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<Measurement> mine = new ArrayList<>();
                perThread.add(mine);
                long seed = t;
                threads.add(new Thread(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    try {
                        go.await();
                        while (!stop.get()) {
                            Measurement outer = meter.start("outer");
                            spin(rnd.nextInt(200));
                            Measurement inner = rnd.nextBoolean() ? meter.start("inner") : null;
                            spin(rnd.nextInt(200));
                            if (inner != null) {
                                inner.close();
                                mine.add(inner);
                                closed.add(inner);
                            }
                            spin(rnd.nextInt(50));
                            outer.close();
                            mine.add(outer);
                            closed.add(outer);
                            if (rnd.nextInt(1000) == 0) {
                                Thread.yield(); // gaps with no window open on this thread
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "stress-" + t));
            }
            // Reports and totals while the windows run: report() may tick from this thread, racing the sampler.
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    while (!stop.get()) {
                        Measurement m = closed.poll();
                        if (m != null) {
                            assertTrue(m.report().totalEnergy().joules() >= 0);
                        }
                        if (m == null || closed.size() % 64 == 0) {
                            meter.totals();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "stress-reports"));
            threads.forEach(Thread::start);
            go.countDown();
            Thread.sleep(runMillis);
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
                assertTrue(!t.isAlive(), t.getName() + " finished");
            }
            assertTrue(failures.isEmpty(), () -> "exceptions: " + failures);
            meter.sampleNow();

            MeterCore core = ((MeterView) meter).core();
            Sample latest = core.ring.latest();
            Sample[] samples = new Sample[(int) latest.seq + 1];
            for (long q = 0; q <= latest.seq; q++) {
                samples[(int) q] = core.ring.get(q);
                assertTrue(samples[(int) q] != null, "history holds every sample (make it larger)");
            }
            double sum = 0;
            int count = 0;
            List<long[]> spans = new ArrayList<>();
            for (List<Measurement> mine : perThread) {
                for (Measurement m : mine) {
                    Window w = (Window) m;
                    long s = w.startNanos();
                    long e = w.endNanos();
                    double got = m.report().totalEnergy().joules();
                    double deviceTotal = interp(samples, e) - interp(samples, s);
                    assertTrue(got >= 0 && got <= deviceTotal + 1e-9 * Math.max(1, deviceTotal),
                            got + " J outside [0, device total " + deviceTotal + " J]");
                    assertTrue(m.report().complete());
                    sum += got;
                    count++;
                    spans.add(new long[] {s, e});
                }
            }
            spans.sort(Comparator.comparingLong(x -> x[0]));
            double union = 0;
            long unionNanos = 0;
            long cs = spans.get(0)[0];
            long ce = spans.get(0)[1];
            for (long[] sp : spans) {
                if (sp[0] > ce) {
                    union += interp(samples, ce) - interp(samples, cs);
                    unionNanos += ce - cs;
                    cs = sp[0];
                    ce = sp[1];
                } else {
                    ce = Math.max(ce, sp[1]);
                }
            }
            union += interp(samples, ce) - interp(samples, cs);
            unionNanos += ce - cs;
            MeterTotals totals = meter.totals();
            double total = totals.totalEnergy().joules();
            double unattributed = totals.unattributedEnergy().orElseThrow().joules();
            System.out.printf("shared attribution stress, sampled every %s: %d windows, sum %.9f J, union %.9f J "
                            + "(100 W x union time %.9f J), sum - union %.3e J; total %.9f J, sum + unattributed - total %.3e J%n",
                    period, count, sum, union, 100 * unionNanos / 1e9, sum - union, total, sum + unattributed - total);
            assertTrue(count > THREADS * 10, "windows ran: " + count);
            assertEquals(union, sum, 1e-9 * union, "the windows add up to the energy of their union");
            assertEquals(total, sum + unattributed, 1e-9 * total, "attributed + unattributed = the meter's total");
        }
    }

    private static void spin(int n) {
        for (int i = 0; i < n; i++) {
            Thread.onSpinWait();
        }
    }

    /** Cumulative joules of the only domain at {@code t}, linear between the samples around it (as the meter does). */
    private static double interp(Sample[] samples, long t) {
        int lo = 0;
        int hi = samples.length - 1;
        if (t >= samples[hi].nanos) {
            return samples[hi].joules[0];
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (samples[mid].nanos <= t) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Sample a = samples[lo];
        Sample b = samples[hi];
        if (t <= a.nanos) {
            return a.joules[0];
        }
        return a.joules[0] + (b.joules[0] - a.joules[0]) * ((t - a.nanos) / (double) (b.nanos - a.nanos));
    }
}
