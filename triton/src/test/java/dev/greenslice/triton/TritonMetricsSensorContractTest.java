package dev.greenslice.triton;

import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.test.sensor.EnergySensorContract;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;

/** The sensor SPI contract, against a loopback server serving a recorded Triton page whose counters advance. */
class TritonMetricsSensorContractTest extends EnergySensorContract {

    static final String GPU_A = "GPU-2c8e7b90-1f4d-4a36-b5d8-0e9a3c71f2b4";
    static final String GPU_B = "GPU-d3f1c2a8-5b71-4e0c-9a2e-61b7c04f9e13";

    private final TritonMetricsServer server = TritonMetricsServer.twoA100s();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Override
    protected EnergySensor createSensor() {
        // A generous timeout: a loopback answer can take over a second on a loaded 2-core machine.
        return TritonMetricsSensor.builder(server.uri()).scrapeInterval(Duration.ZERO).timeout(Duration.ofSeconds(20))
                .build();
    }

    @Override
    protected void generateActivity(EnergySensor sensor) {
        server.run(GPU_A, 250, Duration.ofMillis(400)).run(GPU_B, 90, Duration.ofMillis(400));
    }

    @Override
    protected boolean energyAdvancesWithActivity() {
        return true;
    }
}
