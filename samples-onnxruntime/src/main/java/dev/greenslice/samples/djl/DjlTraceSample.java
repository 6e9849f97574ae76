package dev.greenslice.samples.djl;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.opentelemetry.SpanEnergy;
import dev.greenslice.opentelemetry.TracedWindow;
import dev.greenslice.samples.onnxruntime.OnnxServingSample;
import dev.greenslice.samples.onnxruntime.TinyMlp;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;

/**
 * Runnable sample: every DJL prediction in its own OpenTelemetry span, whose attributes carry the request's energy
 * ({@code hw.energy}, J) and carbon ({@code greenslice.carbon.total}, g), as any trace backend would receive them.
 * The sample prints the spans its exporter receives.
 *
 * <pre>
 * java -cp samples-onnxruntime/target/greenslice-onnxruntime.jar dev.greenslice.samples.djl.DjlTraceSample [REQUESTS]
 * </pre>
 */
public final class DjlTraceSample {

    private static final AttributeKey<Double> ENERGY = AttributeKey.doubleKey(SpanEnergy.ENERGY);
    private static final AttributeKey<Double> CARBON = AttributeKey.doubleKey(SpanEnergy.CARBON_TOTAL);

    private DjlTraceSample() {
    }

    /**
     * Serves {@code requests} rows, each {@code predict} inside a {@link TracedWindow} (a span named "predict" and
     * its metering window).
     *
     * @param modelDir a writable directory for the model file
     */
    static void run(Path modelDir, CarbonMeter meter, Tracer tracer, int requests) throws Exception {
        if (requests < 1) {
            throw new IllegalArgumentException("Serve at least one request, got " + requests);
        }
        TinyMlp mlp = TinyMlp.standard();
        try (ZooModel<float[], float[]> model = DjlSample.criteria(modelDir, mlp).loadModel();
             Predictor<float[], float[]> predictor = model.newPredictor()) {
            for (float[] row : DjlSample.inputs(mlp, requests)) {
                try (TracedWindow t = TracedWindow.start(tracer, meter, "predict")) {
                    predictor.predict(row);
                }
            }
        }
    }

    /** A span exporter that prints each span's energy and carbon, standing in for a trace backend. */
    static final class PrintingExporter implements SpanExporter {
        private final PrintStream out;

        PrintingExporter(PrintStream out) {
            this.out = out;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            for (SpanData s : spans) {
                out.printf(Locale.ROOT, "span %s %s: %.3g J, %.3g gCO2e%n", s.getName(), s.getSpanId(),
                        s.getAttributes().get(ENERGY), s.getAttributes().get(CARBON));
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /**
     * Runs the sample and prints the spans as they are exported.
     *
     * @param args optional request count (default 8)
     * @throws Exception if DJL cannot load or run the model
     */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Path dir = DjlSample.privateModelDirectory("djl-trace-");
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new PrintingExporter(System.out))).build();
             CarbonMeter meter = CarbonMeter.builder().sensor(OnnxServingSample.cpuTimeOf(Thread.currentThread()))
                     .intensity(CarbonIntensities.of(EnergySource.GAS)).synchronous().build()) {
            run(dir, meter, provider.get("greenslice-djl-sample"), requests);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
