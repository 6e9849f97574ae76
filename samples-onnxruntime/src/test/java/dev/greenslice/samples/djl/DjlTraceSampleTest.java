package dev.greenslice.samples.djl;

import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.samples.onnxruntime.OnnxServingSample;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-request energy and carbon of DJL predictions reach the trace, through the OpenTelemetry SDK. */
class DjlTraceSampleTest {

    @TempDir
    Path dir;

    @Test
    void everyPredictionIsASpanWithItsEnergyAndCarbon() throws Exception {
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<SpanData> spans;
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(memory))
                .addSpanProcessor(SimpleSpanProcessor.create(new DjlTraceSample.PrintingExporter(
                        new PrintStream(printed, true, StandardCharsets.UTF_8)))).build();
             CarbonMeter meter = CarbonMeter.builder().sensor(OnnxServingSample.cpuTimeOf(Thread.currentThread()))
                     .intensity(CarbonIntensities.of(EnergySource.GAS)).synchronous().build()) {
            DjlTraceSample.run(dir, meter, provider.get("test"), 6);
            spans = memory.getFinishedSpanItems(); // before the provider's shutdown empties the exporter
        }
        assertEquals(6, spans.size());
        double sum = 0;
        for (SpanData s : spans) {
            assertEquals("predict", s.getName());
            Double joules = s.getAttributes().get(AttributeKey.doubleKey("hw.energy"));
            Double grams = s.getAttributes().get(AttributeKey.doubleKey("greenslice.carbon.total"));
            assertTrue(joules != null && joules >= 0, s.toString());
            assertTrue(grams != null && grams >= 0, s.toString());
            assertEquals(joules / 3.6e6 * 490, s.getAttributes().get(AttributeKey.doubleKey(
                    "greenslice.carbon.operational")), 1e-15, "gas at 490 gCO2e/kWh");
            assertEquals(List.of("cpu:process"), s.getAttributes().get(AttributeKey.stringArrayKey("greenslice.domain.ids")));
            sum += joules;
        }
        assertTrue(sum > 0, "six predictions take CPU time on the calling thread");
        String out = printed.toString(StandardCharsets.UTF_8);
        assertEquals(6, out.lines().filter(l -> l.startsWith("span predict ")).count(), out);
    }
}
