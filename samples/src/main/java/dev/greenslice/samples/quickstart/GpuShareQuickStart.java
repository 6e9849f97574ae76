package dev.greenslice.samples.quickstart;

import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.CpuTimeSensor;
import dev.greenslice.nvml.NvmlSensor;
import dev.greenslice.nvml.StaticEnergyRule;

/**
 * The README's per-process GPU quick start, compiled and run by the build: this JVM's share of each GPU it shares
 * with other processes. Without NVML the meter has no GPU domains and the report says why.
 */
public final class GpuShareQuickStart {

    private GpuShareQuickStart() {
    }

    /**
     * Runs the quick start and prints the report.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println(run());
    }

    /** @return the report of one metered block of work, with gpu:N and gpu:N/process domains where NVML is */
    public static CarbonReport run() {
        try (CarbonMeter meter = CarbonMeter.builder()
                .sensor(CpuTimeSensor.builder().open())
                .sensor(NvmlSensor.builder()
                        .processShare(StaticEnergyRule.BY_ACTIVE_TIME)   // adds gpu:N/process: this JVM + children
                        .open())
                .build()) {
            Measurement m;
            try (Measurement window = meter.start("inference")) {
                m = window;
                runInference();
            }
            return m.report();   // gpu:0 (the board) and gpu:0/process (our share of it)
        }
    }

    /** Stands in for a model. */
    static double runInference() {
        return MeterQuickStart.runInference();
    }
}
