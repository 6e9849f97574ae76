package dev.greenslice.micrometer;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.test.sensor.ScriptedSensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

class CarbonMeterMetricsTest {

    private final MockClock clock = new MockClock();
    /** The registries' clock, moved with the meter's so that every poll after a tick takes a fresh snapshot. */
    private final io.micrometer.core.instrument.MockClock registryClock = new io.micrometer.core.instrument.MockClock();

    private SimpleMeterRegistry simple() {
        return new SimpleMeterRegistry(SimpleConfig.DEFAULT, registryClock);
    }

    private ScriptedSensor gpuAndDram() {
        return new ScriptedSensor("scripted", clock)
                .constantPower("gpu:0", 250)
                .domain(SensorDomain.within("gpu:0/mig:1", "gpu:0", ReadingKind.APPORTIONED_ENERGY, "mig"), t -> 100 * t / 1e9)
                .domain(SensorDomain.root("dram:0", ReadingKind.POWER_SAMPLE, "dimms"), t -> 20);
    }

    private void tick(CarbonMeter meter, Duration by) {
        clock.advance(by);
        registryClock.add(by);
        meter.sampleNow();
    }

    private static double counter(SimpleMeterRegistry r, String name, String domain) {
        return r.get(name).tag(CarbonMeterMetrics.HW_ID, domain).functionCounter().count();
    }

    private static double gauge(SimpleMeterRegistry r, String name, String domain) {
        return r.get(name).tag(CarbonMeterMetrics.HW_ID, domain).gauge().value();
    }

    @Test
    void energyCountersPowerGaugesAndCarbonFollowTheMeter() {
        ScriptedSensor sensor = gpuAndDram();
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(sensor)
                .intensity(CarbonIntensities.of(EnergySource.GAS))
                .embodied(EmbodiedCarbon.act(GpuCatalog.A100_PCIE_40GB)).build()) {
            SimpleMeterRegistry registry = simple();
            new CarbonMeterMetrics(meter, Tags.of("service", "test")).bindTo(registry);
            assertEquals(0, counter(registry, CarbonMeterMetrics.ENERGY, "gpu:0"));

            for (int i = 0; i < 4; i++) {
                tick(meter, Duration.ofMillis(500));
            }
            assertEquals(500, counter(registry, CarbonMeterMetrics.ENERGY, "gpu:0"), 1e-9);
            assertEquals(200, counter(registry, CarbonMeterMetrics.ENERGY, "gpu:0/mig:1"), 1e-9);
            assertEquals(40, counter(registry, CarbonMeterMetrics.ENERGY, "dram:0"), 1e-9);
            assertEquals(250, gauge(registry, CarbonMeterMetrics.POWER, "gpu:0"), 1e-9);
            assertEquals(20, gauge(registry, CarbonMeterMetrics.POWER, "dram:0"), 1e-9);
            assertEquals(1, gauge(registry, CarbonMeterMetrics.AVAILABLE, "gpu:0"));
            assertEquals(2.0, counter(registry, CarbonMeterMetrics.MEASURED, "gpu:0"), 1e-9);
            assertEquals(500 / 3.6e6 * 490, counter(registry, CarbonMeterMetrics.OPERATIONAL, "gpu:0"), 1e-12);
            assertEquals(490, registry.get(CarbonMeterMetrics.INTENSITY).gauge().value(), 1e-9);
            double embodied = counter(registry, CarbonMeterMetrics.EMBODIED, "gpu:0");
            assertEquals(meter.totals().embodiedTotal().orElseThrow().value().grams(), embodied, 1e-12);
            assertTrue(embodied > 0);

            FunctionCounter energy = registry.get(CarbonMeterMetrics.ENERGY).tag(CarbonMeterMetrics.HW_ID, "gpu:0").functionCounter();
            assertEquals("joules", energy.getId().getBaseUnit());
            assertEquals("gpu", energy.getId().getTag(CarbonMeterMetrics.HW_TYPE));
            assertEquals("", energy.getId().getTag(CarbonMeterMetrics.HW_PARENT));
            assertEquals("hardware_energy_counter", energy.getId().getTag(CarbonMeterMetrics.READING));
            assertEquals("scripted", energy.getId().getTag(CarbonMeterMetrics.SENSOR));
            assertEquals("test", energy.getId().getTag("service"));
            FunctionCounter mig = registry.get(CarbonMeterMetrics.ENERGY).tag(CarbonMeterMetrics.HW_ID, "gpu:0/mig:1").functionCounter();
            assertEquals("gpu:0", mig.getId().getTag(CarbonMeterMetrics.HW_PARENT));
            assertEquals("gpu", mig.getId().getTag(CarbonMeterMetrics.HW_TYPE));
            Gauge dram = registry.get(CarbonMeterMetrics.POWER).tag(CarbonMeterMetrics.HW_ID, "dram:0").gauge();
            assertEquals("memory", dram.getId().getTag(CarbonMeterMetrics.HW_TYPE));
            assertEquals("watts", dram.getId().getBaseUnit());
        }
    }

    @Test
    void anUnreadableDomainShowsNaNPowerAndAHeldCounter() {
        ScriptedSensor sensor = gpuAndDram();
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(sensor).build()) {
            SimpleMeterRegistry registry = simple();
            new CarbonMeterMetrics(meter).bindTo(registry);
            tick(meter, Duration.ofSeconds(1));
            sensor.fail(0, "GPU fell off the bus");
            tick(meter, Duration.ofSeconds(1));
            assertEquals(250, counter(registry, CarbonMeterMetrics.ENERGY, "gpu:0"), 1e-9);
            assertTrue(Double.isNaN(gauge(registry, CarbonMeterMetrics.POWER, "gpu:0")));
            assertEquals(0, gauge(registry, CarbonMeterMetrics.AVAILABLE, "gpu:0"));
            assertEquals(1.0, counter(registry, CarbonMeterMetrics.MEASURED, "gpu:0"), 1e-9);
            // No intensity source: no carbon meters rather than zeros.
            assertTrue(registry.find(CarbonMeterMetrics.OPERATIONAL).meters().isEmpty());
            assertTrue(registry.find(CarbonMeterMetrics.INTENSITY).meters().isEmpty());
            assertTrue(registry.find(CarbonMeterMetrics.EMBODIED).meters().isEmpty());
        }
    }

    @Test
    void prometheusExpositionUsesOpenTelemetryNamesAndUnits() {
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(gpuAndDram())
                .intensity(CarbonIntensities.fixed(CarbonIntensity.ofGramsPerKwh(100), "test grid")).build()) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(),
                    registryClock);
            new CarbonMeterMetrics(meter).bindTo(registry);
            tick(meter, Duration.ofSeconds(4));
            String page = registry.scrape();
            assertTrue(page.contains("# TYPE hw_energy_joules_total counter"), page);
            assertTrue(page.contains("hw_energy_joules_total{greenslice_reading=\"hardware_energy_counter\",greenslice_sensor=\"scripted\","
                    + "hw_id=\"gpu:0\",hw_parent=\"\",hw_type=\"gpu\"} 1000.0"), page);
            assertTrue(page.contains("hw_power_watts{greenslice_reading=\"power_sample\",greenslice_sensor=\"scripted\","
                    + "hw_id=\"dram:0\",hw_parent=\"\",hw_type=\"memory\"} 20.0"), page);
            assertTrue(page.contains("greenslice_carbon_intensity_grams_per_kwh 100.0"), page);
            assertTrue(page.contains("greenslice_carbon_operational_grams_total{"), page);
            assertTrue(page.contains("greenslice_domain_measured_seconds_total{"), page);
        }
    }

    @Test
    void countersNeverDecreaseWhateverTheSensorDoes() {
        qt().withExamples(60).forAll(
                lists().of(integers().between(1, 2000)).ofSizeBetween(1, 25),
                lists().of(integers().between(0, 2)).ofSizeBetween(25, 25))
            .checkAssert((steps, faults) -> {
                MockClock c = new MockClock();
                io.micrometer.core.instrument.MockClock rc = new io.micrometer.core.instrument.MockClock();
                double[] offset = {0};
                double[] lastRead = {5e5};
                ScriptedSensor s = new ScriptedSensor("s", c).domain(
                        SensorDomain.root("gpu:0", ReadingKind.HARDWARE_ENERGY_COUNTER, "c"), t -> 5e5 + 300 * t / 1e9 - offset[0]);
                try (CarbonMeter meter = CarbonMeter.builder().clock(c).backgroundSampling(false).sensor(s)
                        .intensity(CarbonIntensities.of(EnergySource.COAL)).build()) {
                    SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, rc);
                    new CarbonMeterMetrics(meter).bindTo(registry);
                    double[] last = new double[3];
                    for (int i = 0; i < steps.size(); i++) {
                        c.advance(Duration.ofMillis(steps.get(i)));
                        rc.add(Duration.ofMillis(100));
                        s.fail(0, faults.get(i) == 1 ? "unreadable" : null);
                        double reading = 5e5 + 300 * c.monotonicNanos() / 1e9;
                        if (faults.get(i) == 2) {
                            offset[0] = reading - lastRead[0] / 2; // a counter reset, below the last reading
                        }
                        meter.sampleNow();
                        if (faults.get(i) != 1) {
                            lastRead[0] = reading - offset[0];
                        }
                        double[] now = {
                                counter(registry, CarbonMeterMetrics.ENERGY, "gpu:0"),
                                counter(registry, CarbonMeterMetrics.MEASURED, "gpu:0"),
                                counter(registry, CarbonMeterMetrics.OPERATIONAL, "gpu:0")};
                        for (int k = 0; k < 3; k++) {
                            assertTrue(now[k] >= last[k] - 1e-9, "counter " + k + " went from " + last[k] + " to " + now[k]);
                        }
                        assertEquals(300 * now[1], now[0], 1e-6, "energy = power × measured time");
                        last = now;
                    }
                }
            });
    }

    @Test
    void oneScrapeReadsOneSnapshot() {
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(gpuAndDram()).build()) {
            SimpleMeterRegistry registry = simple();
            new CarbonMeterMetrics(meter).bindTo(registry);
            tick(meter, Duration.ofSeconds(1));
            assertEquals(250, counter(registry, CarbonMeterMetrics.ENERGY, "gpu:0"), 1e-9);
            // A sample lands in the middle of a scrape: the rest of the scrape still sees the snapshot it began with.
            clock.advance(Duration.ofSeconds(1));
            meter.sampleNow();
            registryClock.add(Duration.ofMillis(99));
            assertEquals(250, counter(registry, CarbonMeterMetrics.ENERGY, "gpu:0"), 1e-9);
            assertEquals(1.0, counter(registry, CarbonMeterMetrics.MEASURED, "gpu:0"), 1e-9);
            registryClock.add(Duration.ofMillis(1));
            assertEquals(500, counter(registry, CarbonMeterMetrics.ENERGY, "gpu:0"), 1e-9);
        }
    }

    @Test
    void theRegistryKeepsTheBindingAlive() {
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(gpuAndDram()).build()) {
            SimpleMeterRegistry registry = simple();
            new CarbonMeterMetrics(meter).bindTo(registry);
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            tick(meter, Duration.ofSeconds(2));
            assertEquals(500, counter(registry, CarbonMeterMetrics.ENERGY, "gpu:0"), 1e-9,
                    "function meters must not lose their state to the garbage collector");
        }
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new CarbonMeterMetrics(null));
        assertEquals("meter", e.getMessage());
        assertThrows(NullPointerException.class, () -> new CarbonMeterMetrics(CarbonMeter.noop()).bindTo(null));
    }

    @Test
    void hardwareTypesFollowOpenTelemetryWhereItHasOne() {
        assertEquals(List.of("gpu", "gpu", "cpu", "cpu", "memory", "psys"),
                List.of("gpu:0", "gpu:0/mig:3", "cpu:package-0", "cpu:package-0/core", "dram:0", "psys").stream()
                        .map(CarbonMeterMetrics::hardwareType).toList());
    }
}
