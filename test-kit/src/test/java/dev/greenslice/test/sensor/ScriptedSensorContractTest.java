package dev.greenslice.test.sensor;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorDomain;

import java.time.Duration;

/** The test-kit's own scripted sensor meets the contract, so tests built on it stand on solid ground. */
class ScriptedSensorContractTest extends EnergySensorContract {

    private final MockClock clock = new MockClock();

    @Override
    protected EnergySensor createSensor() {
        return new ScriptedSensor("scripted", clock)
                .constantPower("gpu:0", 250)
                .domain(SensorDomain.within("gpu:0/mig:1", "gpu:0", ReadingKind.APPORTIONED_ENERGY, "share"), t -> 100 * t / 1e9)
                .domain(SensorDomain.root("psys", ReadingKind.POWER_SAMPLE, "power"), t -> 40);
    }

    @Override
    protected void generateActivity(EnergySensor sensor) {
        clock.advance(Duration.ofMillis(250));
    }

    @Override
    protected boolean energyAdvancesWithActivity() {
        return true;
    }
}
