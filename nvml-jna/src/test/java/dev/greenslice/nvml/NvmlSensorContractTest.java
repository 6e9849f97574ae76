package dev.greenslice.nvml;

import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.test.sensor.EnergySensorContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The sensor contract for {@link NvmlSensor} against the simulated library: an A100 with two MIG instances
 * (energy counter, apportioned instance domains) and a GPU without an energy counter (power samples).
 */
class NvmlSensorContractTest extends EnergySensorContract {

    @TempDir
    Path journal;

    private SimulatedNvml.Hooks sim;

    @BeforeEach
    void scenario() {
        sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power 0:90000 1000:310000",
                "power_repeat 2000", "mig enabled", "gi 4g.40gb@0", "gi 3g.40gb@4")
                + SimulatedNvml.device("V100-SXM2-16GB", "energy_counter no", "power 0:120000"));
    }

    @Override
    protected EnergySensor createSensor() {
        return NvmlSensors.builder().options(SimulatedNvml.options(journal)).build();
    }

    @Override
    protected void generateActivity(EnergySensor sensor) {
        sim.simAdvanceMs(250);
    }

    @Override
    protected boolean energyAdvancesWithActivity() {
        return true;
    }
}
