package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.test.sensor.ScriptedSensor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CarbonMeter#measure}, {@link Measurement#count} and the compact sampled window's edges. */
class MeteringFormsTest {

    private final MockClock clock = new MockClock(Instant.parse("2024-01-01T00:00:00Z"));

    private CarbonMeter meter(boolean synchronous) {
        CarbonMeterBuilder b = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                .sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 100))
                .intensity(TestIntensity.constant(400));
        return synchronous ? b.synchronous().build() : b.sampled(Duration.ofMillis(100)).build();
    }

    /** Measurement's class javadoc example, verbatim but for the stand-ins it calls. */
    @Test
    void theMeasurementJavadocExampleCompilesAndCounts() {
        try (CarbonMeter meter = meter(true)) {
            Measurement window = meter.start("whisper");
            try (window) {
                runInference();
                window.count(32, "request");
            }
            CarbonReport r = window.report();
            r.per("request").ifPresent(System.out::println);

            assertEquals(10.0, r.totalEnergy().joules(), 1e-9);
            FunctionalUnitReport per = r.per("request").orElseThrow();
            assertEquals(32, per.units());
            assertEquals(10.0 / 32, per.energyPerUnit().joules(), 1e-12);
            assertEquals(r.total().orElseThrow().value().grams() / 32, per.carbonPerUnit().value().grams(), 1e-15);
            assertTrue(r.toJson().contains("\"functionalUnits\":[{\"unit\":\"request\",\"units\":32"), r.toJson());
            assertTrue(r.toString().contains("per request (32)"), r.toString());
        }
    }

    private void runInference() {
        clock.advance(Duration.ofMillis(100));
    }

    @Test
    void measureReturnsTheValueWithItsReport() {
        try (CarbonMeter meter = meter(false)) {
            Metered<String> m = meter.measure("predict", () -> {
                clock.advance(Duration.ofMillis(250));
                return "cat";
            });
            assertEquals("cat", m.value());
            assertEquals("predict", m.report().label());
            assertEquals(Duration.ofMillis(250), m.report().duration());
            assertEquals(25.0, m.report().totalEnergy().joules(), 1e-9);

            CarbonReport r = meter.measure("warm-up", () -> {
                clock.advance(Duration.ofMillis(30));
            });
            assertEquals(3.0, r.totalEnergy().joules(), 1e-9);
        }
    }

    @Test
    void measurePassesTheWorksExceptionOnAfterClosingTheWindow() {
        try (CarbonMeter meter = meter(false)) {
            IllegalStateException thrown = new IllegalStateException("model failed");
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> meter.measure("x", () -> {
                throw thrown;
            })));
            assertThrows(NullPointerException.class, () -> meter.measure("x", (Runnable) null));
        }
    }

    @Test
    void countsAddUpPerUnitAndRefuseNonsense() {
        try (CarbonMeter meter = meter(false)) {
            AtomicReference<Measurement> held = new AtomicReference<>();
            Measurement w = meter.start("batch");
            held.set(w);
            w.count(3, "request").count(100, "token").count(5, "request").count(0, "image");
            assertThrows(IllegalArgumentException.class, () -> w.count(-1, "request"));
            assertThrows(IllegalArgumentException.class, () -> w.count(1, " "));
            assertThrows(NullPointerException.class, () -> w.count(1, null));
            assertThrows(IllegalArgumentException.class, () -> w.count(Long.MAX_VALUE, "request"), "overflow");
            clock.advance(Duration.ofSeconds(1));
            w.close();
            assertThrows(IllegalStateException.class, () -> w.count(1, "request"));
            CarbonReport r = w.report();
            assertEquals(100.0, r.totalEnergy().joules(), 1e-9);
            assertEquals(8, r.per("request").orElseThrow().units());
            assertEquals(12.5, r.per("request").orElseThrow().energyPerUnit().joules(), 1e-12);
            assertEquals(1.0, r.per("token").orElseThrow().energyPerUnit().joules(), 1e-12);
            assertFalse(r.per("image").isPresent(), "counted zero times: no figures");
            assertTrue(r.warnings().contains("counted no image: no figures per image"), r.warnings().toString());
            assertEquals(2, r.functionalUnits().size());
            assertSame(r, held.get().report(), "cached");
        }
    }

    @Test
    void aNoopWindowAcceptsCounts() {
        Measurement w = CarbonMeter.noop().start("x");
        assertSame(w, w.count(1, "request"));
        assertThrows(IllegalArgumentException.class, () -> w.count(-1, "request"));
        w.close();
        assertTrue(w.report().functionalUnits().isEmpty());
    }

    @Test
    void sampledWindowsKeepExactEdgesFarFromTheirSitesBaseAndLongerThanTheInlineRange() {
        try (CarbonMeter meter = meter(false)) {
            // Started 3 s after the label's first window (past the 2^31 ns start range: a rebased site), lasting
            // 5 s (past the 2^32 ns inline end range: the end is stored in full).
            meter.start("long").close();
            clock.advanceNanos(3_000_000_007L);
            Measurement w = meter.start("long");
            for (int i = 0; i < 50; i++) {
                clock.advance(Duration.ofMillis(100));
                meter.sampleNow();
            }
            clock.advanceNanos(13);
            w.close();
            CarbonReport r = w.report();
            assertEquals(5_000_000_013L, r.duration().toNanos());
            assertEquals(500.0000013, r.totalEnergy().joules(), 1e-6);
            assertTrue(r.complete(), r.toString());
            Window win = (Window) w;
            assertEquals(win.endNanos() - win.startNanos(), r.duration().toNanos());
        }
    }
}
