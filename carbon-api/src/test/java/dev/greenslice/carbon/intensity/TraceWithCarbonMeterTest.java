package dev.greenslice.carbon.intensity;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.test.sensor.ScriptedSensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trace driving a meter: a window across an hour boundary is charged each hour's intensity for its part. */
class TraceWithCarbonMeterTest {

    @Test
    void aWindowAcrossAnHourBoundaryUsesBothHoursOfTheTrace() throws Exception {
        IntensityTrace trace = CarbonIntensities.trace(
                Path.of(TraceWithCarbonMeterTest.class.getResource("DE_2023-01-01_hourly.csv").toURI()));
        for (boolean synchronous : new boolean[]{true, false}) {
            MockClock clock = new MockClock(Instant.parse("2023-01-01T04:30:00Z"));
            ScriptedSensor sensor = new ScriptedSensor("s", clock).constantPower("gpu:0", 1000);
            CarbonMeterBuilderChoice choice = synchronous ? CarbonMeterBuilderChoice.SYNC : CarbonMeterBuilderChoice.SAMPLED;
            try (CarbonMeter meter = choice.apply(CarbonMeter.builder().clock(clock).backgroundSampling(false)
                    .sensor(sensor).intensity(trace)).build()) {
                Measurement m = meter.start("inference");
                for (int i = 0; i < 60; i++) {
                    clock.advance(Duration.ofMinutes(1));
                    meter.sampleNow();
                }
                m.close();
                CarbonReport r = m.report();
                assertEquals(3.6e6, r.totalEnergy().toJoules(), 1e-3, "1 kW for 1 h");
                // Half a kWh at 04:00's 233 g/kWh, half at 05:00's 231 g/kWh.
                assertEquals(232, r.operational().orElseThrow().value().toGrams(), 1e-6, choice.name());
                assertTrue(r.intensity().orElseThrow().source().contains("DE_2023-01-01_hourly.csv"),
                        r.intensity().toString());
            }
        }
    }

    private enum CarbonMeterBuilderChoice {
        SYNC, SAMPLED;

        dev.greenslice.carbon.meter.CarbonMeterBuilder apply(dev.greenslice.carbon.meter.CarbonMeterBuilder b) {
            return this == SYNC ? b.synchronous() : b.sampled(Duration.ofMinutes(1));
        }
    }
}
