package dev.greenslice.samples.quickstart;

import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.CpuTimeSensor;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.rapl.RaplSensor;

/**
 * The README's sensor quick start, compiled and run by the build: RAPL's hardware counters where this machine has a
 * readable one, else the CPU-time estimate, chosen with the one sensor idiom ({@code open()} never throws for
 * missing hardware; {@code unavailability()} says why).
 */
public final class SensorQuickStart {

    private SensorQuickStart() {
    }

    /**
     * Runs the quick start and prints the report.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println(run());
    }

    /** @return the CPU sensor this machine offers: RAPL where readable, else the CPU-time estimate */
    public static EnergySensor cpuSensor() {
        EnergySensor cpu = RaplSensor.builder().open();          // powercap, then perf_event, then MSR
        if (cpu.unavailability().isPresent()) {                   // each backend tried, why it failed, the fix
            cpu = CpuTimeSensor.builder().open();                 // the estimate that works everywhere
        }
        return cpu;
    }

    /** @return the report of one block of work metered with {@link #cpuSensor()} */
    public static CarbonReport run() {
        try (CarbonMeter meter = CarbonMeter.builder()
                .sensor(cpuSensor())
                .intensity(CarbonIntensities.of(EnergySource.GAS))
                .build()) {
            Measurement m;
            try (Measurement window = meter.start("inference")) {
                m = window;
                MeterQuickStart.runInference();
            }
            return m.report();
        }
    }
}
