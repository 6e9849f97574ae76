package dev.greenslice.estimators.sim;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.gpu.GpuDeviceSensor;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.test.sensor.EnergySensorContract;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The simulated A100, read through {@link GpuDeviceSensor}, against the {@link EnergySensor} contract. */
class SimulatedGpuSensorContractTest extends EnergySensorContract {

    private final Map<EnergySensor, SimulatedGpu> devices = new IdentityHashMap<>();

    @Override
    protected EnergySensor createSensor() {
        SimulatedGpu gpu = SimulatedGpu.builder().clock(new MockClock()).build();
        gpu.startServing(null, "resnet50", 8);
        GpuDeviceSensor sensor = GpuDeviceSensor.of(List.of(gpu));
        devices.put(sensor, gpu);
        return sensor;
    }

    @Override
    protected void generateActivity(EnergySensor sensor) {
        devices.get(sensor).elapse(Duration.ofMillis(100));
    }

    @Override
    protected boolean energyAdvancesWithActivity() {
        return true;
    }
}
