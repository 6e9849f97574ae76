package dev.greenslice.samples.quickstart;

import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerTerm;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.tune.ClockPoint;
import dev.greenslice.carbon.tune.TuningResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's quick starts do what the README says they do. */
class QuickStartsTest {

    @Test
    void estimateAddsUpItsTermsAndItsShares() {
        PowerEstimate e = EstimateQuickStart.run();
        double terms = e.terms().stream().mapToDouble(t -> t.power().watts()).sum();
        double shares = e.perPlacement().stream().mapToDouble(p -> p.watts()).sum();
        assertEquals(e.total().watts(), terms, 1e-9 * terms);
        assertEquals(e.total().watts(), shares, 1e-9 * shares);
        assertTrue(e.terms().stream().map(PowerTerm::model).anyMatch("whisper"::equals));
        // An A100 at 1050 MHz serving two models draws more than its static power and less than its 400 W limit.
        assertTrue(e.total().watts() > 50 && e.total().watts() < 400, e.toString());
    }

    @Test
    void planKeepsEverySloOnValidLayouts() {
        DeploymentPlan plan = PlanQuickStart.run();
        assertTrue(plan.meetsSlos(), plan::toString);
        assertEquals(3, plan.models().size());
        for (PlannedGpu g : plan.gpus()) {
            if (g.migEnabled()) {
                assertTrue(g.layout().isValid(), () -> g + ": " + g.layout().problems());
            }
        }
        assertEquals(plan.operational().value().grams() + plan.embodied().value().grams(), plan.total().value().grams(),
                1e-9 * plan.total().value().grams());
    }

    @Test
    void tuneChoosesTheLeastCarbonClockThatKeepsTheSlos() {
        TuningResult r = TuneQuickStart.run();
        ClockPoint chosen = r.chosen().orElseThrow();
        assertTrue(chosen.meetsSlos());
        for (ClockPoint p : r.feasible()) {
            assertTrue(chosen.total().value().grams() <= p.total().value().grams(), p::toString);
        }
    }

    @Test
    void metricsScrapeHasTheHardwareConventions() {
        String scrape = MetricsQuickStart.run();
        assertTrue(scrape.contains("hw_energy_joules_total{"), scrape);
        assertTrue(scrape.contains("hw_type=\"cpu\""), scrape);
        assertTrue(scrape.contains("greenslice_carbon_intensity_grams_per_kwh 490.0"), scrape);
    }

    @Test
    void tracingPutsTheWindowOnItsSpan() {
        io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter exporter =
                io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
        try (io.opentelemetry.sdk.trace.SdkTracerProvider provider = io.opentelemetry.sdk.trace.SdkTracerProvider
                .builder().addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(exporter))
                .build()) {
            TracingQuickStart.run(provider.get("test"));
            io.opentelemetry.sdk.trace.data.SpanData span = exporter.getFinishedSpanItems().get(0);
            assertEquals("predict", span.getName());
            Double joules = span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.doubleKey("hw.energy"));
            assertTrue(joules != null && joules > 0, span.toString());
        }
    }

    @Test
    void gpuShareRunsWithoutAGpuAndSaysSo() {
        dev.greenslice.carbon.meter.CarbonReport r = GpuShareQuickStart.run();
        // This build machine may or may not have NVML: either the share is there or the report says why not.
        assertTrue(r.domain("gpu:0/process").isPresent()
                || r.warnings().stream().anyMatch(w -> w.contains("nvml")), r.toString());
    }

    @Test
    void theSensorQuickStartMetersTheCpuWithRaplOrTheEstimate() {
        dev.greenslice.carbon.sensor.EnergySensor cpu = SensorQuickStart.cpuSensor();
        try (cpu) {
            // Whatever this machine offers, the sensor chosen reads something: RAPL's counters or the estimate.
            assertTrue(cpu.unavailability().isEmpty(), () -> cpu.unavailability().orElseThrow().getMessage());
            assertTrue(!cpu.domains().isEmpty(), cpu::name);
        }
        dev.greenslice.carbon.meter.CarbonReport r = SensorQuickStart.run();
        assertTrue(r.operational().isPresent(), r::toString);
        assertTrue(r.domains().stream().anyMatch(d -> d.domain().startsWith("cpu") || d.domain().startsWith("psys")),
                r::toString);
    }
}
