package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sensor can say that the energy before a reading is unknown; the meter never subtracts across it. */
class SeriesBreakTest {

    private final MockClock clock = new MockClock();

    /** Serves scripted cumulative readings; a reading with a reason starts a new series. */
    private static final class BreakingSensor implements EnergySensor {
        private final List<SensorDomain> domains = List.of(SensorDomain.root("cpu:package-0",
                ReadingKind.HARDWARE_ENERGY_COUNTER, "scripted"));
        private final Deque<Object[]> script = new ArrayDeque<>();
        private boolean closed;

        BreakingSensor then(double joules, String breakReason) {
            script.add(new Object[] {joules, breakReason});
            return this;
        }

        @Override
        public String name() {
            return "breaking";
        }

        @Override
        public List<SensorDomain> domains() {
            return domains;
        }

        @Override
        public void read(SensorReadout readout) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            Object[] next = script.isEmpty() ? new Object[] {Double.NaN, null} : script.poll();
            if (next[1] == null) {
                readout.energy(0, (Double) next[0]);
            } else {
                readout.energyAfterBreak(0, (Double) next[0], (String) next[1]);
            }
        }

        @Override
        public Duration maximumSamplingPeriod() {
            return Duration.ofMinutes(1);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aWindowAcrossABreakIsUnavailableAndAWindowFromItIsNot() {
        BreakingSensor sensor = new BreakingSensor().then(0, null)   // the meter's first tick
                .then(10, null)                                       // A starts
                .then(20, "delta dropped: counter reset")             // B starts on the break
                .then(30, null)                                       // A ends
                .then(40, null);                                      // B ends
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(sensor)
                .synchronous().build()) {
            Measurement a = meter.start("a");
            clock.advance(Duration.ofSeconds(1));
            Measurement b = meter.start("b");
            clock.advance(Duration.ofSeconds(1));
            a.close();
            clock.advance(Duration.ofSeconds(1));
            b.close();
            DomainEnergy da = a.report().domains().get(0);
            assertFalse(da.isAvailable(), da.toString());
            assertTrue(da.unavailableReason().orElseThrow().contains("series broken"), da.toString());
            DomainEnergy db = b.report().domains().get(0);
            assertEquals(20.0, db.energy().orElseThrow().joules(), 1e-12);
        }
    }

    @Test
    void readoutKeepsTheBreakOnlyWithItsReading() {
        SensorReadout r = new SensorReadout(List.of(SensorDomain.root("x", ReadingKind.HARDWARE_ENERGY_COUNTER, "x")));
        r.energyAfterBreak(0, 5, "reset");
        assertTrue(r.isAvailable(0));
        assertEquals("reset", r.seriesBreak(0));
        r.energy(0, 6);
        assertNull(r.seriesBreak(0));
        r.energyAfterBreak(0, 7, " ");
        assertEquals("series broken (no reason given)", r.seriesBreak(0));
        r.clear();
        assertNull(r.seriesBreak(0));
        r.energyAfterBreak(0, -1, "reset");
        assertFalse(r.isAvailable(0));
        assertNull(r.seriesBreak(0), "an invalid reading is unavailable, not a break");
    }
}
