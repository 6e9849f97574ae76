package example.consumer;

import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Metered;
import dev.greenslice.carbon.sensor.CpuTimeSensor;

/** What a user's server does: meter one block of work and hand back its report. */
public final class MeteredService {

    private MeteredService() {
    }

    /**
     * Meters one block and prints its report, as a server's start-up check would.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println(meterOneBlock());
    }

    /** @return the report of one metered block of about 20 ms of arithmetic */
    public static CarbonReport meterOneBlock() {
        try (CarbonMeter meter = CarbonMeter.builder()
                .sensor(CpuTimeSensor.builder().open())
                .intensity(CarbonIntensities.of(EnergySource.GAS))
                .build()) {
            Metered<Double> result = meter.measure("inference", MeteredService::spin);
            return result.report();
        }
    }

    private static Double spin() {
        long until = System.nanoTime() + 20_000_000L;
        double x = 0;
        while (System.nanoTime() < until) {
            x += Math.sqrt(x + 1);
        }
        return x;
    }
}
