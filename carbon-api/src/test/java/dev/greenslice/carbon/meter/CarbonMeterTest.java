package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.embodied.EmbodiedFootprint;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.test.sensor.ScriptedSensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CarbonMeterTest {

    private final MockClock clock = new MockClock(Instant.parse("2024-01-01T00:00:00Z"));

    static EmbodiedCarbon footprint(double kilograms, Duration lifetime) {
        EmbodiedFootprint f = EmbodiedFootprint.builder().device("test-gpu")
                .carbon(CarbonFigure.exact(CarbonMass.ofKilograms(kilograms))).model("test").parameterSet("test")
                .boundary("die + memory").parameters(List.of(Assumption.of("x", "y", "z"))).build();
        return new EmbodiedCarbon() {
            @Override
            public EmbodiedFootprint footprint() {
                return f;
            }

            @Override
            public Duration lifetime() {
                return lifetime;
            }
        };
    }

    private CarbonMeterBuilder manual() {
        return CarbonMeter.builder().clock(clock).backgroundSampling(false);
    }

    @Test
    void synchronousWindowReportsEnergyBetweenItsEdges() {
        try (CarbonMeter meter = manual().sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 250))
                .synchronous().intensity(TestIntensity.constant(490)).build()) {
            clock.advance(Duration.ofSeconds(3));
            Measurement m = meter.start("w");
            clock.advance(Duration.ofSeconds(2));
            m.close();
            CarbonReport r = m.report();
            assertEquals(500.0, r.totalEnergy().joules(), 1e-9);
            assertEquals(Duration.ofSeconds(2), r.duration());
            assertEquals(500.0 / 3.6e6 * 490, r.operational().orElseThrow().value().grams(), 1e-12);
            assertTrue(r.complete());
        }
    }

    @Test
    void aWindowOutlivingTheSampleHistoryIsStillMeasuredAcrossIt() {
        try (CarbonMeter meter = manual().sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 100))
                .sampled(Duration.ofMillis(100)).history(16).build()) {
            clock.advance(Duration.ofMillis(50));
            Measurement m = meter.start("long");
            for (int i = 0; i < 80; i++) {
                clock.advance(Duration.ofMillis(50));
                if (i % 2 == 1) {
                    meter.sampleNow(); // samples every 100 ms: the window's start leaves the 16-sample history
                }
            }
            m.close();
            CarbonReport r = m.report();
            assertEquals(100 * 4.0, r.totalEnergy().joules(), 1e-9, "constant power: interpolation over the gap is exact");
            assertTrue(r.domain("gpu:0").orElseThrow().notes().stream().anyMatch(n -> n.contains("history")),
                    "the note says the start was interpolated over overwritten history: " + r);
        }
    }

    @Test
    void sampledWindowInterpolatesBetweenSamples() {
        try (CarbonMeter meter = manual().sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 100))
                .sampled(Duration.ofMillis(100)).build()) {
            clock.advance(Duration.ofMillis(50));
            Measurement m = meter.start("w");
            clock.advance(Duration.ofMillis(100));
            meter.sampleNow();
            clock.advance(Duration.ofMillis(137));
            meter.sampleNow();
            clock.advance(Duration.ofMillis(13));
            m.close();
            clock.advance(Duration.ofMillis(40));
            // The report needs a sample after the end: it takes one itself.
            CarbonReport r = m.report();
            assertEquals(100 * 0.25, r.totalEnergy().joules(), 1e-9);
        }
    }

    @Test
    void powerOnlyDomainsAreIntegratedByTrapezoid() {
        // Power ramps linearly 0 → 200 W over 2 s: energy 200 J; trapezoid is exact on a ramp.
        ScriptedSensor s = new ScriptedSensor("ramp", clock)
                .domain(SensorDomain.root("gpu:0", ReadingKind.POWER_SAMPLE, "ramp"), t -> 100.0 * t / 1e9);
        try (CarbonMeter meter = manual().sensor(s).build()) {
            Measurement m = meter.start("ramp");
            for (int i = 0; i < 20; i++) {
                clock.advance(Duration.ofMillis(100));
                meter.sampleNow();
            }
            m.close();
            assertEquals(200.0, m.report().totalEnergy().joules(), 1e-9);
        }
    }

    @Test
    void nestedDomainsNeverAddToTheTotal() {
        ScriptedSensor s = new ScriptedSensor("s", clock)
                .constantPower("gpu:0", 300)
                .domain(SensorDomain.within("gpu:0/mig:1", "gpu:0", ReadingKind.APPORTIONED_ENERGY, "mig"), t -> 100 * t / 1e9);
        try (CarbonMeter meter = manual().sensor(s).synchronous().build()) {
            Measurement m = meter.start("w");
            clock.advance(Duration.ofSeconds(1));
            m.close();
            CarbonReport r = m.report();
            assertEquals(300, r.totalEnergy().joules(), 1e-9);
            assertEquals(100, r.energyOf("gpu:0/mig:1").orElseThrow().joules(), 1e-9);
        }
    }

    @Test
    void aFailingSensorNeverThrowsFromCloseAndIsReportedUnavailable() {
        ScriptedSensor good = new ScriptedSensor("good", clock).constantPower("cpu:package-0", 50);
        ScriptedSensor bad = new ScriptedSensor("bad", clock).constantPower("gpu:0", 250);
        try (CarbonMeter meter = manual().sensor(good).sensor(bad).synchronous().intensity(TestIntensity.constant(100)).build()) {
            Measurement m = meter.start("w");
            clock.advance(Duration.ofSeconds(1));
            bad.failEveryRead(new IllegalStateException("GPU fell off the bus"));
            assertDoesNotThrow(m::close);
            CarbonReport r = m.report();
            assertFalse(r.complete());
            assertEquals(50, r.totalEnergy().joules(), 1e-9);
            DomainEnergy gpu = r.domain("gpu:0").orElseThrow();
            assertFalse(gpu.isAvailable());
            assertTrue(gpu.unavailableReason().orElseThrow().contains("GPU fell off the bus"));
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("gpu:0")));
        }
    }

    @Test
    void aCounterResetMakesTheDomainUnavailableInsteadOfNegative() {
        long[] offset = {0};
        ScriptedSensor s = new ScriptedSensor("s", clock).domain(
                SensorDomain.root("gpu:0", ReadingKind.HARDWARE_ENERGY_COUNTER, "resets"), t -> 1000 + 10 * t / 1e9 - offset[0]);
        try (CarbonMeter meter = manual().sensor(s).synchronous().build()) {
            Measurement m = meter.start("w");
            clock.advance(Duration.ofSeconds(1));
            offset[0] = 900;
            m.close();
            assertFalse(m.report().domain("gpu:0").orElseThrow().isAvailable());
            assertEquals(0, m.report().totalEnergy().joules());
        }
    }

    @Test
    void aSeriesBreakNamesTheSensorsReasonInTheReport() {
        ScriptedSensor s = new ScriptedSensor("s", clock)
                .domain(SensorDomain.root("gpu:0", ReadingKind.POWER_SAMPLE, "power"), t -> 100);
        try (CarbonMeter meter = manual().sensor(s).build()) {
            Measurement m = meter.start("w");
            clock.advance(Duration.ofMillis(100));
            s.fail(0, "GPU is lost");
            meter.sampleNow();
            s.fail(0, null);
            clock.advance(Duration.ofMillis(100));
            meter.sampleNow();
            m.close();
            String why = m.report().domain("gpu:0").orElseThrow().unavailableReason().orElseThrow();
            assertTrue(why.contains("GPU is lost"), why);
        }
    }

    @Test
    void operationalCarbonUsesEachHourOfTheTraceInSampledMode() {
        // 1000 W constant = 1 kWh per hour; intensity 100 then 300 g/kWh at the hour.
        TestIntensity trace = new TestIntensity(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1), 100, 300);
        try (CarbonMeter meter = manual().sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 1000))
                .intensity(trace).build()) {
            clock.advance(Duration.ofMinutes(30));
            Measurement m = meter.start("w");
            for (int i = 0; i < 60; i++) {
                clock.advance(Duration.ofMinutes(1));
                meter.sampleNow();
            }
            m.close();
            CarbonReport r = m.report();
            assertEquals(0.5 * 100 + 0.5 * 300, r.operational().orElseThrow().value().grams(), 1e-6);
            assertEquals(0.5 * 50 + 0.5 * 150, r.operational().orElseThrow().low().grams(), 1e-6);
        }
    }

    @Test
    void embodiedCarbonIsTimeOverLifetimeTimesFootprintTimesShare() {
        ScriptedSensor s = new ScriptedSensor("s", clock)
                .constantPower("gpu:0", 300)
                .domain(new SensorDomain("gpu:0/mig:3", ReadingKind.APPORTIONED_ENERGY, "gpu:0", 3 / 7.0, "3g"), t -> 0);
        Duration lifetime = Duration.ofDays(5 * 365);
        try (CarbonMeter meter = manual().sensor(s).synchronous().intensity(TestIntensity.constant(0))
                .embodied(footprint(21.56, lifetime)).build()) {
            Measurement whole = meter.start("whole");
            Measurement mig = meter.forDomains("gpu:0/mig:3").start("mig");
            clock.advance(Duration.ofHours(1));
            whole.close();
            mig.close();
            double expected = 3600.0 / lifetime.toSeconds() * 21560;
            assertEquals(expected, whole.report().embodiedTotal().orElseThrow().value().grams(), 1e-9);
            assertEquals(expected * 3 / 7, mig.report().embodiedTotal().orElseThrow().value().grams(), 1e-9);
            assertEquals(expected, whole.report().total().orElseThrow().value().grams(), 1e-9);
        }
    }

    @Test
    void withoutIntensityThereIsNoCarbonFigureRatherThanAZero() {
        try (CarbonMeter meter = manual().sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 1)).build()) {
            Measurement m = meter.start("w");
            m.close();
            assertTrue(m.report().operational().isEmpty());
            assertTrue(m.report().total().isEmpty());
            assertTrue(m.report().warnings().stream().anyMatch(w -> w.contains("no intensity")));
        }
    }

    @Test
    void closeIsIdempotentAndReportNeedsAClosedWindow() {
        try (CarbonMeter meter = manual().sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 1)).build()) {
            Measurement m = meter.start("w");
            assertThrows(IllegalStateException.class, m::report);
            clock.advance(Duration.ofSeconds(1));
            m.close();
            clock.advance(Duration.ofSeconds(1));
            m.close();
            assertEquals(1.0, m.report().totalEnergy().joules(), 1e-9);
            assertTrue(m.isClosed());
        }
    }

    @Test
    void shortWindowsAreFlagged() {
        ScriptedSensor s = new ScriptedSensor("s", clock).constantPower("gpu:0", 100).updatePeriod(Duration.ofMillis(100));
        try (CarbonMeter meter = manual().sensor(s).synchronous().build()) {
            Measurement m = meter.start("w");
            clock.advance(Duration.ofMillis(5));
            m.close();
            assertTrue(m.report().domain("gpu:0").orElseThrow().notes().stream().anyMatch(n -> n.contains("update period")));
        }
    }

    @Test
    void viewsReportOnlyTheirDomains() {
        ScriptedSensor s = new ScriptedSensor("s", clock).constantPower("gpu:0", 100).constantPower("gpu:1", 200);
        try (CarbonMeter meter = manual().sensor(s).synchronous().build()) {
            CarbonMeter gpu1 = meter.forDomains("gpu:1");
            Measurement m = gpu1.start("w");
            clock.advance(Duration.ofSeconds(1));
            m.close();
            assertEquals(1, m.report().domains().size());
            assertEquals(200, m.report().totalEnergy().joules(), 1e-9);
            assertThrows(IllegalArgumentException.class, () -> meter.forDomains("gpu:7"));
        }
    }

    @Test
    void builderRejectsMistakesWhereTheyAreMade() {
        CarbonMeterBuilder b = CarbonMeter.builder();
        assertThrows(IllegalArgumentException.class, () -> b.sampled(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.history(100));
        assertThrows(IllegalStateException.class, b::build);
        b.sensor(new ScriptedSensor("a", clock).constantPower("gpu:0", 1));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> b.sensor(new ScriptedSensor("b", clock).constantPower("gpu:0", 1)));
        assertTrue(dup.getMessage().contains("gpu:0"));
        b.embodied("gpu:9", footprint(1, Duration.ofDays(365)));
        assertThrows(IllegalStateException.class, b::build);
    }

    @Test
    void reportSerialisesToJsonAndCsv() {
        try (CarbonMeter meter = manual().sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 100))
                .synchronous().intensity(TestIntensity.constant(490)).build()) {
            Measurement m = meter.start("label, \"quoted\"");
            clock.advance(Duration.ofSeconds(1));
            m.close();
            CarbonReport r = m.report();
            String json = r.toJson();
            assertTrue(json.contains("\"energyJoules\":100"), json);
            assertTrue(json.contains("\"operationalCarbonGrams\":"), json);
            assertTrue(json.contains("\\\"quoted\\\""), json);
            assertEquals(CarbonReport.csvHeader().split(",").length, r.toCsvRow().replaceAll("\"[^\"]*(\"\"[^\"]*)*\"", "x").split(",", -1).length);
            assertTrue(r.toString().contains("gpu:0"));
            // Text says each thing once: the attribution and sampling lines are not repeated among the assumptions.
            String text = r.toString();
            assertEquals(text.indexOf(r.attribution().description()), text.lastIndexOf(r.attribution().description()),
                    text);
            assertEquals(text.indexOf(r.sampling()), text.lastIndexOf(r.sampling()), text);
            assertEquals(100, r.per(4, "request").energyPerUnit().joules() * 4, 1e-9);
            // Readable, not a record dump; the accessors keep full precision.
            String per = r.per(3, "request").toString();
            assertTrue(per.startsWith("per request, over 3 requests: 33.33 J, "), per);
            assertFalse(per.contains("["), per);
        }
    }

    /** Splits one RFC 4180 record into its fields. */
    private static List<String> rfc4180(String row) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                assertFalse(c == '\n' || c == '\r', "a line break outside quotes splits the record: " + row);
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    @Test
    void aCsvRowKeepsAHostileLabelInItsOneCellAndDisarmsFormulas() {
        for (String label : List.of("a\rb", "line\nbreak,\"x\"", "=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+1", "-1",
                "\tx", "plain")) {
            try (CarbonMeter meter = manual().sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 100))
                    .synchronous().intensity(TestIntensity.constant(490)).build()) {
                Measurement m = meter.start(label);
                clock.advance(Duration.ofSeconds(1));
                m.close();
                List<String> cells = rfc4180(m.report().toCsvRow());
                assertEquals(CarbonReport.csvHeader().split(",").length, cells.size(), label);
                String expected = "=+-@\t".indexOf(label.charAt(0)) >= 0 ? "'" + label : label;
                assertEquals(expected, cells.get(0));
                assertEquals("100", cells.get(4), "energyJoules stays in its column");
            }
        }
    }

    @Test
    void aSensorWithoutDomainsIsSaidInEveryReportNotFatal() {
        EnergySensorWithoutDomains none = new EnergySensorWithoutDomains();
        try (CarbonMeter meter = manual().sensor(none).sensor(new ScriptedSensor("s", clock).constantPower("cpu:package-0", 10))
                .synchronous().build()) {
            Measurement m = meter.start("w");
            clock.advance(Duration.ofSeconds(1));
            m.close();
            assertEquals(10, m.report().totalEnergy().joules(), 1e-9);
            assertTrue(m.report().warnings().stream().anyMatch(w -> w.contains("nvml") && w.contains("no GPU found")),
                    m.report().warnings().toString());
        }
        assertTrue(none.closed);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CarbonMeter.builder().sensor(new EnergySensorWithoutDomains()).build());
        assertTrue(e.getMessage().contains("nvml"), e.getMessage());
    }

    /** Like an NVML sensor on a machine without GPUs. */
    private static final class EnergySensorWithoutDomains implements dev.greenslice.carbon.sensor.EnergySensor {
        boolean closed;

        @Override
        public String name() {
            return "nvml";
        }

        @Override
        public List<SensorDomain> domains() {
            return List.of();
        }

        @Override
        public void read(dev.greenslice.carbon.sensor.SensorReadout readout) {
        }

        @Override
        public List<Assumption> assumptions() {
            return List.of(Assumption.of("GPUs", "none", "no GPU found: libnvidia-ml.so.1 not loadable"));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void noopMeterMeasuresNothing() {
        try (CarbonMeter meter = CarbonMeter.noop()) {
            Measurement m = meter.start("w");
            m.close();
            assertEquals(0, m.report().domains().size());
            assertTrue(m.report().total().isEmpty());
        }
    }

    @Test
    void backgroundSamplerRunsOnItsOwn() throws InterruptedException {
        ScriptedSensor s = new ScriptedSensor("s", clock).constantPower("gpu:0", 1);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).sensor(s).sampled(Duration.ofMillis(2)).build()) {
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (s.reads() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(s.reads() >= 5, "sampler read only " + s.reads() + " times");
        }
        int after = s.reads();
        Thread.sleep(20);
        assertEquals(after, s.reads(), "sampler kept reading after close");
    }
}
