package dev.greenslice.samples.quickstart;

import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.sensor.CpuTimeSensor;
import dev.greenslice.opentelemetry.TracedWindow;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/**
 * The README's tracing quick start, compiled and run by the build: a span and its metering window in one
 * try-with-resources, so the span carries the work's energy and carbon.
 */
public final class TracingQuickStart {

    private TracingQuickStart() {
    }

    /**
     * Runs the quick start with the global OpenTelemetry (a no-op without an SDK or agent).
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(GlobalOpenTelemetry.getTracer("inference"));
    }

    /**
     * Meters one block of work inside a span of {@code tracer}.
     *
     * @param tracer the tracer, e.g. {@code GlobalOpenTelemetry.getTracer("inference")}
     */
    public static void run(Tracer tracer) {
        try (CarbonMeter meter = CarbonMeter.builder()
                .sensor(CpuTimeSensor.builder().open())
                .intensity(CarbonIntensities.of(EnergySource.GAS))
                .build()) {
            try (TracedWindow t = TracedWindow.start(tracer, meter, "predict")) {
                runInference();
            }   // the span "predict" now carries hw.energy (J) and greenslice.carbon.* (g)
        }
    }

    /** Stands in for a model. */
    static double runInference() {
        return MeterQuickStart.runInference();
    }
}
