package dev.greenslice.nvml;

import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.test.nvml.NvmlScenario;
import dev.greenslice.test.nvml.SimulatedNvml;
import dev.greenslice.test.sensor.EnergySensorContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The sensor contract for {@link NvmlSensor} against the simulated library: an A100 with two MIG instances
 * (energy counter, apportioned instance domains) and a GPU without an energy counter (power samples). Written
 * with the test kit's {@link SimulatedNvml} and {@link NvmlScenario}, as a user's test of its own NVML code would be.
 */
class NvmlSensorContractTest extends EnergySensorContract {

    @TempDir
    Path journal;

    @TempDir
    Path scenarios;

    private SimulatedNvml sim;

    @BeforeEach
    void scenario() {
        sim = SimulatedNvml.load();
        sim.reset(NvmlScenario.create()
                .device("A100-SXM4-80GB", "power 0:90000 1000:310000", "power_repeat 2000", "mig enabled",
                        "gi 4g.40gb@0", "gi 3g.40gb@4")
                .device("V100-SXM2-16GB", "energy_counter no", "power 0:120000"), scenarios);
    }

    @Override
    protected EnergySensor createSensor() {
        return NvmlSensors.builder().options(NvmlOptions.defaults().withLibrary(sim.file().toString())
                .withJournalDirectory(journal))
                .build();
    }

    @Override
    protected void generateActivity(EnergySensor sensor) {
        sim.advance(Duration.ofMillis(250));
    }

    @Override
    protected boolean energyAdvancesWithActivity() {
        return true;
    }
}
