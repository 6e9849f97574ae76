package dev.greenslice.test.sensor;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The in-memory constant-power sensor meets the contract and integrates its power exactly. */
class ConstantPowerSensorContractTest extends EnergySensorContract {

    private final MockClock clock = new MockClock();

    @Override
    protected EnergySensor createSensor() {
        return ConstantPowerSensor.of("gpu:0", Power.ofWatts(250), clock);
    }

    @Override
    protected void generateActivity(EnergySensor sensor) {
        clock.advance(Duration.ofMillis(100));
    }

    @Override
    protected boolean energyAdvancesWithActivity() {
        return true;
    }

    @Test
    void energyIsPowerTimesTimeSinceCreation() {
        clock.advance(Duration.ofSeconds(3));
        try (ConstantPowerSensor s = ConstantPowerSensor.of("gpu:0", Power.ofWatts(250), clock)) {
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertEquals(0.0, r.value(0), 0.0);
            clock.advance(Duration.ofMillis(1500));
            s.read(r);
            assertEquals(375.0, r.value(0), 1e-9);
        }
    }
}
