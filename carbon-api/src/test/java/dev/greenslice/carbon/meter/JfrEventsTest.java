package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.test.sensor.ScriptedSensor;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JFR events: one {@code dev.greenslice.EnergyWindow} per closed window, periodic device power. */
class JfrEventsTest {

    @TempDir
    Path dir;

    private final MockClock clock = new MockClock(Instant.parse("2024-01-01T00:00:00Z"));

    @Test
    void eachClosedWindowIsOneEventWithItsEnergyAndCarbon() throws Exception {
        try (CarbonMeter quiet = CarbonMeter.builder().clock(clock).backgroundSampling(false).synchronous()
                .sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 250))
                .intensity(TestIntensity.constant(490)).build()) {
            Measurement m = quiet.start("no recording");
            assertEquals(0, JfrEvents.pendingEvents(), "no recording: no event object, no report at close");
            m.close();
        }
        Path file = dir.resolve("r.jfr");
        CarbonReport report;
        try (Recording recording = new Recording()) {
            recording.enable("dev.greenslice.EnergyWindow");
            recording.start();
            try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).synchronous()
                    .sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 250).constantPower("cpu:package-0", 50))
                    .intensity(TestIntensity.constant(490)).build()) {
                Measurement m = meter.start("inference");
                clock.advance(Duration.ofSeconds(2));
                m.close();
                m.close(); // idempotent: still one event
                report = m.report();
                Measurement unrecorded = meter.start("second");
                unrecorded.close();
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.greenslice.EnergyWindow")).toList();
        assertEquals(2, events.size(), events.toString());
        RecordedEvent e = events.stream().filter(x -> x.getString("label").equals("inference")).findFirst().orElseThrow();
        assertEquals(600.0, e.getDouble("energyJoules"), 1e-9, "250 W + 50 W for 2 s");
        assertEquals(report.totalEnergy().toJoules(), e.getDouble("energyJoules"), 0);
        assertEquals(Duration.ofSeconds(2), e.getDuration("windowDuration"));
        assertTrue(e.getBoolean("complete"));
        assertEquals(600.0 / 3.6e6 * 490, e.getDouble("operationalGrams"), 1e-12);
        assertEquals(report.total().orElseThrow().value().toGrams(), e.getDouble("carbonGrams"), 1e-12);
        assertEquals(490, e.getDouble("intensityGramsPerKwh"), 0);
        assertEquals(report.attribution().name(), e.getString("attribution"));
        assertTrue(e.getString("domains").contains("gpu:0=500.0 J"), e.getString("domains"));
        assertTrue(e.getString("domains").contains("cpu:package-0=100.0 J"), e.getString("domains"));
        assertEquals(Thread.currentThread().getName(), e.getThread().getJavaName(), "on the closing thread");
    }

    @Test
    void openMetersReportTheirPowerPeriodically() throws Exception {
        Path file = dir.resolve("p.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.greenslice.DevicePower").withPeriod(Duration.ofMillis(20));
            recording.start();
            try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                    .sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 250)).build()) {
                Measurement m = meter.start("w"); // sampled mode: the meter samples at build ...
                clock.advance(Duration.ofSeconds(2));
                m.close();
                m.report(); // ... and, with no background sampler, when the report needs a sample after the end
                Thread.sleep(500); // the recorder's periodic thread emits every 20 ms meanwhile
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.greenslice.DevicePower")).toList();
        assertTrue(!events.isEmpty(), "at least one periodic event");
        for (RecordedEvent e : events) {
            assertEquals("gpu:0", e.getString("domain"));
            assertEquals(250.0, e.getDouble("watts"), 1e-9);
            assertEquals(Duration.ofSeconds(2), e.getDuration("interval"));
        }
    }
}
