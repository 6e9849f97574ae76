package dev.greenslice.test.generators;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.test.sensor.ScriptedSensor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * The generators make what they say, and together they drive a real meter: each of a set of overlapping windows
 * over a power trace reports the trace's exact energy between its edges (device-total attribution).
 */
class GeneratorsPropertiesTest {

    @Test
    void unitValuesAreWithinTheirBounds() {
        qt().forAll(UnitGenerators.energies(1e6), UnitGenerators.gpuPowers(), UnitGenerators.carbonMasses(5e3))
                .check((e, p, c) -> e.joules() >= 0 && e.joules() <= 1e6 && p.watts() <= 700 && c.grams() <= 5e3);
        assertThrows(IllegalArgumentException.class, () -> UnitGenerators.energies(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> UnitGenerators.powers(0));
        assertThrows(IllegalArgumentException.class, () -> UnitGenerators.carbonMasses(Double.POSITIVE_INFINITY));
    }

    @Test
    void aTracesEnergyIsAdditiveAndItsPowerTimesTimeInEachSegment() {
        qt().forAll(PowerTraces.gpu(), WindowSchedules.clockSteps(10, Duration.ofSeconds(20))).check((trace, steps) -> {
            long t = 0;
            double sum = 0;
            for (Duration d : steps) {
                sum += trace.energyBetween(t, t + d.toNanos()).joules();
                t += d.toNanos();
            }
            double whole = trace.energyBetween(0, t).joules();
            long end = trace.length().toNanos();
            double last = trace.energyBetween(end, end + 1_000_000_000L).joules();
            return Math.abs(sum - whole) <= 1e-9 * Math.max(1, whole)
                    && Math.abs(last - trace.powerAt(end).watts()) <= 1e-9 * Math.max(1, last);
        });
    }

    @Test
    void overlappingWindowsOnAMeterEachSeeTheTracesEnergyBetweenTheirEdges() {
        qt().withExamples(200).forAll(PowerTraces.gpu(), WindowSchedules.overlapping(8, Duration.ofSeconds(60)))
                .checkAssert((trace, schedule) -> {
                    MockClock clock = new MockClock();
                    ScriptedSensor sensor = trace.sensor("gpu:0", clock);
                    List<Measurement> windows = new ArrayList<>();
                    for (int i = 0; i < schedule.size(); i++) {
                        windows.add(null);
                    }
                    try (CarbonMeter meter = CarbonMeter.builder().sensor(sensor).clock(clock).synchronous().build()) {
                        schedule.play(clock, (edge, i) -> {
                            if (edge == WindowSchedule.Edge.OPEN) {
                                windows.set(i, meter.start("w" + i));
                            } else {
                                windows.get(i).close();
                            }
                        });
                        for (int i = 0; i < schedule.size(); i++) {
                            double expected = trace.energyBetween(schedule.startNanos(i), schedule.endNanos(i)).joules();
                            double got = windows.get(i).report().totalEnergy().joules();
                            assertEquals(expected, got, 1e-6 * Math.max(1, expected), "window " + i + " of " + schedule
                                    + " over " + trace);
                        }
                    }
                    assertTrue(schedule.maxOverlap() >= 1 && schedule.maxOverlap() <= schedule.size());
                });
    }

    @Test
    void playWalksEdgesInTimeOrderAndRefusesAClockPastTheFirstEdge() {
        WindowSchedule s = WindowSchedule.of(List.of(5_000_000L, 0L, 5_000_000L), List.of(9_000_000L, 5_000_000L, 5_000_000L));
        List<String> seen = new ArrayList<>();
        MockClock clock = new MockClock();
        s.play(clock, (edge, i) -> seen.add(clock.monotonicNanos() / 1_000_000 + " " + edge + " " + i));
        assertEquals(List.of("0 OPEN 1", "5 CLOSE 1", "5 OPEN 0", "5 OPEN 2", "5 CLOSE 2", "9 CLOSE 0"), seen.subList(0, 6));
        assertEquals(2, s.maxOverlap());
        assertThrows(IllegalArgumentException.class, () -> s.play(clock, (edge, i) -> { }));
        assertThrows(IllegalArgumentException.class, () -> WindowSchedule.of(List.of(2L), List.of(1L)));
    }

    @Test
    void intensityTracesAreHourlyFromTheirStartAndHoldEachValueForItsHour() {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        qt().forAll(IntensityTraces.hourly(t0, 48)).checkAssert(trace -> {
            assertEquals(t0, trace.start());
            assertEquals(Duration.ofHours(1), trace.step());
            assertTrue(trace.size() >= 2 && trace.size() <= 48, "size " + trace.size());
            assertEquals(t0.plus(Duration.ofHours(trace.size())), trace.end());
            for (int h = 0; h < trace.size(); h++) {
                Instant hour = t0.plus(Duration.ofHours(h));
                assertEquals(trace.at(hour).value(), trace.at(hour.plus(Duration.ofMinutes(59))).value());
                assertTrue(trace.at(hour).value().gramsPerKwh() <= 1200);
            }
        });
        assertThrows(IllegalArgumentException.class, () -> IntensityTraces.hourly(t0, 1));
    }
}
