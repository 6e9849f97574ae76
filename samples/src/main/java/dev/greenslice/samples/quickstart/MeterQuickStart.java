package dev.greenslice.samples.quickstart;

import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.CpuTimeSensor;

/**
 * The README's quick start, compiled and run by the build so that it never drifts from the API: meters
 * a block of CPU work with the sensor that works everywhere and prints the report.
 */
public final class MeterQuickStart {

    private MeterQuickStart() {
    }

    /**
     * Runs the quick start and prints the report.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println(run());
    }

    /** @return the report of one metered block of work */
    public static CarbonReport run() {
        try (CarbonMeter meter = CarbonMeter.builder()
                .sensor(CpuTimeSensor.builder().open())      // runs anywhere; on GPU hosts add NvmlSensor.builder().open()
                .intensity(CarbonIntensities.of(EnergySource.GAS))
                .build()) {
            Measurement m;
            try (Measurement window = meter.start("inference")) {
                m = window;
                runInference();
            }                                                // close() never throws for a sensor fault
            return m.report();
        }
    }

    /** Stands in for a model: 50 ms of arithmetic. */
    static double runInference() {
        long until = System.nanoTime() + 50_000_000L;
        double x = 0;
        while (System.nanoTime() < until) {
            x += Math.sqrt(x + 1);
        }
        return x;
    }
}
