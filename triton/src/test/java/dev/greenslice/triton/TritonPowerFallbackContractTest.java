package dev.greenslice.triton;

import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.test.sensor.EnergySensorContract;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;

/** The contract again for GPUs Triton publishes only power for (no nv_energy_consumption on the page). */
class TritonPowerFallbackContractTest extends EnergySensorContract {

    private final TritonMetricsServer server = TritonMetricsServer.twoA100s();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Override
    protected EnergySensor createSensor() {
        server.withoutEnergyMetric();
        return TritonMetricsSensor.builder(server.uri()).scrapeInterval(Duration.ZERO).build();
    }
}
