package dev.greenslice.carbon.sensor;

import dev.greenslice.test.sensor.EnergySensorContract;

/** {@link CpuTimeSensor} meets the sensor contract. */
class CpuTimeSensorContractTest extends EnergySensorContract {

    @Override
    protected EnergySensor createSensor() {
        return CpuTimeSensor.builder().open();
    }

    @Override
    protected void generateActivity(EnergySensor sensor) {
        // Burn ~30 ms of CPU so that process CPU time (and so the estimate) advances.
        long until = System.nanoTime() + 30_000_000L;
        double x = 0;
        while (System.nanoTime() < until) {
            x += Math.sqrt(x + 1);
        }
        if (x < 0) {
            throw new AssertionError();
        }
    }

    @Override
    protected boolean energyAdvancesWithActivity() {
        return true;
    }
}
