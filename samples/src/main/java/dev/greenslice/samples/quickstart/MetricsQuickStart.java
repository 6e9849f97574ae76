package dev.greenslice.samples.quickstart;

import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.sensor.CpuTimeSensor;
import dev.greenslice.micrometer.CarbonMeterMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The README's metrics quick start, compiled by the build so that it never drifts from the API: a meter's
 * energy, power, intensity and carbon as Micrometer meters, scraped in the Prometheus text format.
 */
public final class MetricsQuickStart {

    private MetricsQuickStart() {
    }

    /**
     * Runs the quick start and prints the scrape.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println(run());
    }

    /** @return one Prometheus scrape of the meter's metrics */
    public static String run() {
        try (CarbonMeter meter = CarbonMeter.builder()
                .sensor(CpuTimeSensor.builder().open())
                .intensity(CarbonIntensities.of(EnergySource.GAS))
                .build()) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new CarbonMeterMetrics(meter).bindTo(registry);    // hw.energy (J), hw.power (W), greenslice.carbon.*
            MeterQuickStart.runInference();
            return registry.scrape();                          // serve this on /metrics
        }
    }
}
