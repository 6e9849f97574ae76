package dev.greenslice.opentelemetry;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.test.sensor.ScriptedSensor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Energy and carbon on spans, checked through the OpenTelemetry SDK's in-memory exporter. */
class SpanEnergyTest {

    private final MockClock clock = new MockClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final Tracer tracer = provider.get("greenslice-test");

    @AfterEach
    void shutDown() {
        provider.close();
    }

    private CarbonMeter meter(ScriptedSensor sensor) {
        return CarbonMeter.builder().clock(clock).backgroundSampling(false).synchronous().sensor(sensor)
                .intensity(CarbonIntensities.of(EnergySource.GAS)).build();
    }

    @Test
    void aWindowInsideASpanPutsItsEnergyAndCarbonOnTheSpan() {
        try (CarbonMeter meter = meter(new ScriptedSensor("s", clock).constantPower("gpu:0", 300)
                .constantPower("cpu:package-0", 60))) {
            Span span = tracer.spanBuilder("predict").startSpan();
            Measurement m;
            try (Scope scope = span.makeCurrent(); Measurement window = SpanEnergy.start(meter, "predict")) {
                m = window;
                clock.advance(Duration.ofMillis(500));
            } finally {
                span.end();
            }
            SpanData s = exporter.getFinishedSpanItems().get(0);
            assertEquals(180.0, s.getAttributes().get(AttributeKey.doubleKey("hw.energy")), 1e-9, "360 W for 0.5 s");
            assertEquals(m.report().totalEnergy().toJoules(), s.getAttributes().get(AttributeKey.doubleKey("hw.energy")));
            assertEquals(List.of("gpu:0", "cpu:package-0"),
                    s.getAttributes().get(AttributeKey.stringArrayKey("greenslice.domain.ids")));
            List<Double> perDomain = s.getAttributes().get(AttributeKey.doubleArrayKey("greenslice.domain.energy"));
            assertEquals(150.0, perDomain.get(0), 1e-9);
            assertEquals(30.0, perDomain.get(1), 1e-9);
            double grams = 180.0 / 3.6e6 * 490;
            assertEquals(grams, s.getAttributes().get(AttributeKey.doubleKey("greenslice.carbon.operational")), 1e-12);
            assertEquals(m.report().total().orElseThrow().value().toGrams(),
                    s.getAttributes().get(AttributeKey.doubleKey("greenslice.carbon.total")), 1e-15);
            assertEquals(490.0, s.getAttributes().get(AttributeKey.doubleKey("greenslice.carbon.intensity")));
            assertEquals(Boolean.TRUE, s.getAttributes().get(AttributeKey.booleanKey("greenslice.energy.complete")));
            assertEquals("predict", s.getAttributes().get(AttributeKey.stringKey("greenslice.window.label")));
            assertTrue(s.getEvents().isEmpty(), s.getEvents().toString());
        }
    }

    @Test
    void anUnreadableDomainIsAnEventAndTheFigureSaysItIsIncomplete() {
        ScriptedSensor sensor = new ScriptedSensor("s", clock).constantPower("gpu:0", 300).constantPower("gpu:1", 100);
        try (CarbonMeter meter = meter(sensor)) {
            sensor.fail(1, "NVML: GPU_IS_LOST");
            try (TracedWindow t = TracedWindow.start(tracer, meter, "predict")) {
                clock.advance(Duration.ofSeconds(1));
                assertTrue(t.span().isRecording());
            }
            SpanData s = exporter.getFinishedSpanItems().get(0);
            assertEquals("predict", s.getName());
            assertEquals(300.0, s.getAttributes().get(AttributeKey.doubleKey("hw.energy")), 1e-9);
            assertEquals(Boolean.FALSE, s.getAttributes().get(AttributeKey.booleanKey("greenslice.energy.complete")));
            assertEquals(List.of("gpu:0"), s.getAttributes().get(AttributeKey.stringArrayKey("greenslice.domain.ids")));
            EventData e = s.getEvents().get(0);
            assertEquals("greenslice.energy.unavailable", e.getName());
            assertEquals("gpu:1", e.getAttributes().get(AttributeKey.stringKey("hw.id")));
            assertTrue(e.getAttributes().get(AttributeKey.stringKey("greenslice.unavailable.reason"))
                    .contains("GPU_IS_LOST"));
        }
    }

    @Test
    void theHelperNestsUnderTheCurrentSpanAndEndsItsSpan() {
        try (CarbonMeter meter = meter(new ScriptedSensor("s", clock).constantPower("gpu:0", 200))) {
            Span parent = tracer.spanBuilder("request").startSpan();
            try (Scope scope = parent.makeCurrent()) {
                TracedWindow t = TracedWindow.start(tracer, meter, "batch");
                clock.advance(Duration.ofSeconds(2));
                t.close();
                t.close(); // idempotent
                assertEquals(400.0, t.report().totalEnergy().toJoules(), 1e-9);
                assertEquals(parent, Span.current(), "the helper's scope is closed");
            } finally {
                parent.end();
            }
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertEquals(2, spans.size());
            SpanData child = spans.get(0);
            assertEquals("batch", child.getName());
            assertEquals(parent.getSpanContext().getSpanId(), child.getParentSpanId());
            assertEquals(400.0, child.getAttributes().get(AttributeKey.doubleKey("hw.energy")), 1e-9);
            assertNull(spans.get(1).getAttributes().get(AttributeKey.doubleKey("hw.energy")), "the parent gets nothing");
        }
    }

    @Test
    void anUnsampledSpanGetsNothingAndNoReportIsComputed() {
        SdkTracerProvider never = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff())
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        ScriptedSensor sensor = new ScriptedSensor("s", clock).constantPower("gpu:0", 200);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(sensor).build()) {
            int before;
            try (TracedWindow t = TracedWindow.start(never.get("x"), meter, "w")) {
                assertFalse(t.span().isRecording());
                clock.advance(Duration.ofSeconds(1));
                before = sensor.reads();
            }
            assertEquals(before, sensor.reads(), "closing read no sensor: the report was not computed");
            assertTrue(exporter.getFinishedSpanItems().isEmpty());
        } finally {
            never.close();
        }
    }
}
