package dev.greenslice.samples.quickstart;

import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.meter.Metered;
import dev.greenslice.carbon.sensor.CpuTimeSensor;

/**
 * The README's quick start, compiled and run by the build so that it never drifts from the API: meters a
 * call and a block of CPU work with the sensor that works everywhere, counts the block's requests and prints
 * the report with its figures per request.
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

    /** @return the report of one metered batch of 32 requests, with its figures per request */
    public static CarbonReport run() {
        double[][] batch = new double[32][16];
        try (CarbonMeter meter = CarbonMeter.builder()
                .sensor(CpuTimeSensor.builder().open())      // runs anywhere; on GPU hosts add NvmlSensor.builder().open()
                .intensity(CarbonIntensities.of(EnergySource.GAS))
                .build()) {
            Metered<double[]> scores = meter.measure("inference", () -> predict(batch));
            System.out.println(scores.value().length + " scores for " + scores.report().totalEnergy());

            Measurement window = meter.start("serving");      // a block of work: count what it served
            try (window) {
                predict(batch);
                window.count(batch.length, "request");
            }                                                // close() never throws for a sensor fault
            return window.report();                          // report.per("request"): J and gCO2e per request
        }
    }

    /** Stands in for a model's batch call: 50 ms of arithmetic, one score per input. */
    static double[] predict(double[][] batch) {
        double x = runInference();
        double[] scores = new double[batch.length];
        java.util.Arrays.fill(scores, x);
        return scores;
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
