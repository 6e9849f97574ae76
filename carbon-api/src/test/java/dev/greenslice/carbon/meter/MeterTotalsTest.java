package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.test.sensor.ScriptedSensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/** {@link CarbonMeter#totals()}: the running totals a metrics exporter publishes. */
class MeterTotalsTest {

    private static final Instant ORIGIN = Instant.parse("2024-01-01T00:00:00Z");
    private final MockClock clock = new MockClock(ORIGIN);

    private CarbonMeterBuilder manual() {
        return CarbonMeter.builder().clock(clock).backgroundSampling(false);
    }

    private void tick(CarbonMeter meter, Duration by) {
        clock.advance(by);
        meter.sampleNow();
    }

    @Test
    void accumulatesEnergyPowerAndCarbonPerDomain() {
        ScriptedSensor s = new ScriptedSensor("s", clock).constantPower("gpu:0", 250).constantPower("cpu:package-0", 50);
        try (CarbonMeter meter = manual().sensor(s).intensity(TestIntensity.constant(490)).build()) {
            for (int i = 0; i < 3; i++) {
                tick(meter, Duration.ofSeconds(1));
            }
            MeterTotals t = meter.totals();
            DomainTotal gpu = t.domain("gpu:0").orElseThrow();
            assertEquals(750, gpu.energy().joules(), 1e-9);
            assertEquals(Duration.ofSeconds(3), gpu.measured());
            assertEquals(250, gpu.power().orElseThrow().watts(), 1e-9);
            assertEquals(750 / 3.6e6 * 490, gpu.operational().orElseThrow().value().grams(), 1e-12);
            assertEquals(750 / 3.6e6 * 245, gpu.operational().orElseThrow().low().grams(), 1e-12);
            assertTrue(gpu.isAvailable());
            assertEquals(900, t.totalEnergy().joules(), 1e-9);
            assertEquals(900 / 3.6e6 * 490, t.operational().orElseThrow().value().grams(), 1e-12);
            assertEquals(490, t.intensity().orElseThrow().value().gramsPerKwh(), 1e-12);
            assertEquals(ORIGIN.plusSeconds(3), t.at());
            assertEquals(Duration.ofSeconds(3), t.elapsed());
            assertTrue(t.warnings().isEmpty(), t.warnings().toString());
        }
    }

    @Test
    void totalsAgreeWithAWindowOverTheSameSamples() {
        ScriptedSensor s = new ScriptedSensor("s", clock)
                .domain(SensorDomain.root("gpu:0", ReadingKind.POWER_SAMPLE, "ramp"), t -> 100.0 * t / 1e9);
        try (CarbonMeter meter = manual().sensor(s).intensity(TestIntensity.constant(100)).build()) {
            Measurement m = meter.start("all");
            for (int i = 0; i < 20; i++) {
                tick(meter, Duration.ofMillis(100));
            }
            m.close();
            MeterTotals t = meter.totals();
            // Power ramps 0 → 200 W over 2 s: 200 J, integrated by the meter.
            assertEquals(m.report().totalEnergy().joules(), t.totalEnergy().joules(), 1e-9);
            assertEquals(200, t.totalEnergy().joules(), 1e-9);
            assertEquals(m.report().operational().orElseThrow().value().grams(),
                    t.operational().orElseThrow().value().grams(), 1e-12);
            assertEquals(195, t.domain("gpu:0").orElseThrow().power().orElseThrow().watts(), 1e-9,
                    "mean power over the last interval (190 W → 200 W)");
        }
    }

    @Test
    void aCounterResetIsSkippedNotSubtracted() {
        double[] offset = {0};
        ScriptedSensor s = new ScriptedSensor("s", clock).domain(
                SensorDomain.root("gpu:0", ReadingKind.HARDWARE_ENERGY_COUNTER, "resets"), t -> 5000 + 100 * t / 1e9 - offset[0]);
        try (CarbonMeter meter = manual().sensor(s).build()) {
            tick(meter, Duration.ofSeconds(1));
            double before = meter.totals().totalEnergy().joules();
            offset[0] = 5000 + 100 * 1.5; // driver reload: the counter restarts near zero
            tick(meter, Duration.ofSeconds(1));
            MeterTotals afterReset = meter.totals();
            assertEquals(before, afterReset.totalEnergy().joules(), 1e-9, "the broken interval adds nothing");
            tick(meter, Duration.ofSeconds(1));
            MeterTotals t = meter.totals();
            assertEquals(200, t.totalEnergy().joules(), 1e-9);
            assertEquals(Duration.ofSeconds(2), t.domain("gpu:0").orElseThrow().measured());
            assertTrue(t.warnings().stream().anyMatch(w -> w.contains("gpu:0") && w.contains("covers 2.000 s of the 3.000 s")),
                    t.warnings().toString());
            assertTrue(afterReset.domain("gpu:0").orElseThrow().power().isEmpty(), "no power over a broken interval");
        }
    }

    @Test
    void anUnreadableDomainSaysWhyAndResumesWhenHealed() {
        ScriptedSensor s = new ScriptedSensor("s", clock).constantPower("gpu:0", 100);
        try (CarbonMeter meter = manual().sensor(s).build()) {
            tick(meter, Duration.ofSeconds(1));
            s.fail(0, "GPU lost");
            tick(meter, Duration.ofSeconds(1));
            DomainTotal down = meter.totals().domain("gpu:0").orElseThrow();
            assertFalse(down.isAvailable());
            assertEquals("GPU lost", down.unavailableReason().orElseThrow());
            assertTrue(down.power().isEmpty());
            assertEquals(100, down.energy().joules(), 1e-9);
            s.fail(0, null);
            tick(meter, Duration.ofSeconds(1));
            tick(meter, Duration.ofSeconds(1));
            DomainTotal up = meter.totals().domain("gpu:0").orElseThrow();
            assertTrue(up.isAvailable());
            assertEquals(200, up.energy().joules(), 1e-9);
            assertEquals(100, up.power().orElseThrow().watts(), 1e-9);
        }
    }

    @Test
    void operationalCarbonFollowsTheIntensityAsItChanges() {
        // 300 g/kWh for the first 1.5 s, then 100 g/kWh; samples at 1 s and 2 s, so one interval straddles the change.
        TestIntensity steps = new TestIntensity(ORIGIN, Duration.ofMillis(1500), 300, 100);
        ScriptedSensor s = new ScriptedSensor("s", clock).constantPower("gpu:0", 3600);
        try (CarbonMeter meter = manual().sensor(s).intensity(steps).build()) {
            tick(meter, Duration.ofSeconds(1));
            tick(meter, Duration.ofSeconds(1));
            MeterTotals t = meter.totals();
            double kwhPerSecond = 3600 / 3.6e6;
            double expected = kwhPerSecond * 300 + kwhPerSecond * (0.5 * 300 + 0.5 * 100);
            assertEquals(expected, t.operational().orElseThrow().value().grams(), 1e-12);
            assertEquals(100, t.intensity().orElseThrow().value().gramsPerKwh(), 1e-12);
        }
    }

    @Test
    void energyTheIntensitySourceCannotPriceIsCountedAndFlagged() {
        Instant coveredUntil = ORIGIN.plusSeconds(1);
        IntensitySource partial = new IntensitySource() {
            @Override
            public IntensityFactor at(Instant instant) {
                if (instant.isAfter(coveredUntil)) {
                    throw new IllegalArgumentException("no intensity data after " + coveredUntil);
                }
                return IntensityFactor.exact(CarbonIntensity.ofGramsPerKwh(400), IntensityBasis.LIFECYCLE, "test", 2024);
            }

            @Override
            public List<Instant> changesBetween(Instant from, Instant to) {
                return List.of();
            }

            @Override
            public String description() {
                return "one second of data";
            }
        };
        ScriptedSensor s = new ScriptedSensor("s", clock).constantPower("gpu:0", 360);
        try (CarbonMeter meter = manual().sensor(s).intensity(partial).build()) {
            tick(meter, Duration.ofSeconds(1));
            tick(meter, Duration.ofSeconds(1));
            tick(meter, Duration.ofSeconds(1));
            MeterTotals t = meter.totals();
            assertEquals(1080, t.totalEnergy().joules(), 1e-9);
            // Each interval is priced at the intensity at its start: [0 s, 1 s] and [1 s, 2 s] are, [2 s, 3 s] is not.
            assertEquals(720 / 3.6e6 * 400, t.operational().orElseThrow().value().grams(), 1e-12);
            assertTrue(t.intensity().isEmpty());
            assertTrue(t.warnings().stream().anyMatch(w -> w.contains("excludes 360 J") && w.contains("no intensity data after")),
                    t.warnings().toString());
        }
    }

    @Test
    void aViewReportsItsDomainsAndNestedDomainsNeverAddToTheTotal() {
        ScriptedSensor s = new ScriptedSensor("s", clock)
                .constantPower("gpu:0", 300)
                .domain(SensorDomain.within("gpu:0/mig:1", "gpu:0", ReadingKind.APPORTIONED_ENERGY, "mig"), t -> 100 * t / 1e9)
                .constantPower("gpu:1", 50);
        try (CarbonMeter meter = manual().sensor(s).build()) {
            tick(meter, Duration.ofSeconds(2));
            MeterTotals all = meter.totals();
            assertEquals(700, all.totalEnergy().joules(), 1e-9);
            assertEquals("gpu:0", all.domain("gpu:0/mig:1").orElseThrow().parent());
            MeterTotals gpu0 = meter.forDomains("gpu:0").totals();
            assertEquals(List.of("gpu:0", "gpu:0/mig:1"), gpu0.domains().stream().map(DomainTotal::domain).toList());
            assertEquals(600, gpu0.totalEnergy().joules(), 1e-9);
            MeterTotals mig = meter.forDomains("gpu:0/mig:1").totals();
            assertTrue(mig.domain("gpu:0/mig:1").orElseThrow().isRoot(), "a view's top domain is its root");
            assertEquals(200, mig.totalEnergy().joules(), 1e-9);
            assertTrue(all.operational().isEmpty());
            assertTrue(all.warnings().stream().anyMatch(w -> w.contains("no intensity source")));
        }
    }

    @Test
    void embodiedCarbonIsChargedForTheElapsedTime() {
        ScriptedSensor s = new ScriptedSensor("s", clock).constantPower("gpu:0", 300);
        try (CarbonMeter meter = manual().sensor(s)
                .embodied(CarbonMeterTest.footprint(100, Duration.ofDays(1000))).build()) {
            tick(meter, Duration.ofDays(10));
            MeterTotals t = meter.totals();
            assertEquals(1, t.embodied().size());
            assertEquals("gpu:0", t.embodied().get(0).device());
            assertEquals(1000.0, t.embodiedTotal().orElseThrow().value().grams(), 1e-6, "10 of 1000 days of 100 kg");
        }
    }

    @Test
    void aSlowIntensitySourceDelaysOnlyTheTotalsNeverAWindowEdge() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        boolean[] slow = {false};
        IntensitySource live = new IntensitySource() {
            @Override
            public IntensityFactor at(Instant instant) {
                if (slow[0]) {
                    entered.countDown();
                    try {
                        release.await(); // a live provider fetching over a slow network
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return IntensityFactor.exact(CarbonIntensity.ofGramsPerKwh(300), IntensityBasis.LIFECYCLE, "live", 2024);
            }

            @Override
            public List<Instant> changesBetween(Instant from, Instant to) {
                return List.of();
            }

            @Override
            public String description() {
                return "slow live source";
            }
        };
        ScriptedSensor s = new ScriptedSensor("s", clock).constantPower("gpu:0", 3600);
        try (CarbonMeter meter = manual().sensor(s).intensity(live).synchronous().attributeSharedEnergy().build()) {
            slow[0] = true;
            clock.advance(Duration.ofSeconds(1));
            Thread sampler = new Thread(meter::sampleNow, "test-sampler");
            sampler.start();
            assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS), "the sampler reached the intensity source");
            // The sampler is stuck pricing its interval; window edges (which tick under the sample lock) still go through.
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                Measurement w = meter.start("request");
                clock.advance(Duration.ofSeconds(1));
                w.close();
            });
            slow[0] = false;
            release.countDown();
            sampler.join(10_000);
            MeterTotals t = meter.totals();
            assertEquals(7200, t.totalEnergy().joules(), 1e-9, "every interval reached the totals, in order");
            assertEquals(7200 / 3.6e6 * 300, t.operational().orElseThrow().value().grams(), 1e-12);
        }
    }

    @Test
    void theNoopMeterHasEmptyTotals() {
        MeterTotals t = CarbonMeter.noop().totals();
        assertTrue(t.domains().isEmpty());
        assertEquals(0, t.totalEnergy().joules());
        assertFalse(t.warnings().isEmpty());
    }

    @Test
    void totalsNeverDecreaseAndEqualPowerTimesMeasuredTimeWhateverFails() {
        // Each step: advance 1..500 ms, then 0 = read fine, 1 = domain unreadable, 2 = counter reset.
        qt().withExamples(200).forAll(
                lists().of(integers().between(1, 500)).ofSizeBetween(1, 40),
                lists().of(integers().between(0, 2)).ofSizeBetween(40, 40))
            .checkAssert((steps, faults) -> {
                MockClock c = new MockClock(ORIGIN);
                double[] offset = {0};
                double[] lastRead = {1e6};
                double watts = 120;
                ScriptedSensor s = new ScriptedSensor("s", c).domain(
                        SensorDomain.root("gpu:0", ReadingKind.HARDWARE_ENERGY_COUNTER, "c"),
                        t -> 1e6 + watts * t / 1e9 - offset[0]);
                try (CarbonMeter meter = CarbonMeter.builder().clock(c).backgroundSampling(false).sensor(s)
                        .intensity(TestIntensity.constant(200)).build()) {
                    double last = 0;
                    double lastCarbon = 0;
                    for (int i = 0; i < steps.size(); i++) {
                        c.advance(Duration.ofMillis(steps.get(i)));
                        int fault = faults.get(i);
                        s.fail(0, fault == 1 ? "unreadable" : null);
                        double now = 1e6 + watts * c.monotonicNanos() / 1e9;
                        if (fault == 2) {
                            // The counter restarts below its last reading (at half of it), as a reset does;
                            // a reset that lands above the last reading could not be told from energy use.
                            offset[0] = now - lastRead[0] / 2;
                        }
                        meter.sampleNow();
                        if (fault != 1) {
                            lastRead[0] = now - offset[0];
                        }
                        MeterTotals t = meter.totals();
                        DomainTotal d = t.domain("gpu:0").orElseThrow();
                        assertTrue(d.energy().joules() >= last - 1e-9, "energy went down");
                        double carbon = t.operational().orElseThrow().value().grams();
                        assertTrue(carbon >= lastCarbon - 1e-12, "carbon went down");
                        last = d.energy().joules();
                        lastCarbon = carbon;
                        assertEquals(watts * d.measured().toNanos() / 1e9, d.energy().joules(), 1e-6);
                        assertTrue(d.measured().compareTo(t.elapsed()) <= 0);
                        assertEquals(d.energy().joules() / 3.6e6 * 200, carbon, 1e-9);
                    }
                }
            });
    }
}
