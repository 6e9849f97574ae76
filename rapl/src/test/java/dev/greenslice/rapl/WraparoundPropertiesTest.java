package dev.greenslice.rapl;

import dev.greenslice.test.rapl.FakePowercapTree;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Properties of the wraparound correction: read at the stated rate, the sensor reports the true energy within
 * the counter's resolution, never negative and never decreasing; a delta that cannot be right is dropped, said,
 * and never counted.
 */
class WraparoundPropertiesTest {

    private static final double[] UNITS_UJ = {FakePowercapTree.INTEL_UNIT_UJ, FakePowercapTree.AMD_UNIT_UJ,
            FakePowercapTree.SERVER_DRAM_UNIT_UJ};
    private static final double TWO_TO_32 = 4294967296.0;

    @TempDir
    Path dir;

    /** One step of a schedule: the gap as a share of the allowed period, the power as a share of the maximum. */
    record Step(double gapShare, double powerShare) {
    }

    private static Gen<Step> steps() {
        return doubles().between(0, 1).zip(doubles().between(0, 1), Step::new);
    }

    @Test
    void atTheStatedRateReportedEnergyIsTheTrueSumWithinResolution() {
        // One tree on disk; each example serves its own range, maximum power and counter from memory, so that
        // examples (and shrinking) cost no file I/O.
        FakePowercapTree tree = new FakePowercapTree(dir);
        tree.zone("intel-rapl:0", "package-0", FakePowercapTree.INTEL_UNIT_UJ).maxPower(0, "long_term", 100);
        qt().withExamples(150).withShrinkCycles(200).forAll(
                integers().between(0, UNITS_UJ.length - 1),
                doubles().between(5, 400),
                longs().between(0, 0xFFFF_FFFFL),
                lists().of(steps()).ofSizeBetween(1, 60)
        ).checkAssert((unitIndex, wattsAsked, startTicks, schedule) -> {
            double unitUj = UNITS_UJ[unitIndex];
            long maxMicrowatts = Math.round(wattsAsked * 1e6);
            double maxWatts = maxMicrowatts / 1e6;
            long rangeUj = (long) Math.floor(4294967295.0 * unitUj);
            long[] ticks = {startTicks};
            InjectedSysfs sysfs = new InjectedSysfs()
                    .serve("intel-rapl:0/max_energy_range_uj", () -> rangeUj)
                    .serve("intel-rapl:0/constraint_0_max_power_uw", () -> maxMicrowatts)
                    // The kernel's model: a 32-bit count of hardware units, shown truncated to whole µJ.
                    .serve("intel-rapl:0/energy_uj", () -> (long) Math.floor((ticks[0] & 0xFFFF_FFFFL) * unitUj));
            MockClock clock = new MockClock();
            try (RaplSensor s = RaplSensor.builder().backends(RaplBackend.POWERCAP).powercapRoot(tree.powercapRoot())
                    .clock(clock).sysfs(sysfs).build()) {
                double wrapJoules = (rangeUj + Math.round(rangeUj / 4294967295.0)) / 1e6;
                // Half the wrap period at the declared maximum power, as promised.
                double expected = wrapJoules / maxWatts / 2;
                assertEquals(expected, s.maximumSamplingPeriod().toNanos() / 1e9, expected * 1e-9 + 1e-9);
                long period = s.maximumSamplingPeriod().toNanos();
                SensorReadout r = new SensorReadout(s.domains());
                long trueTicks = 0;
                long wraps = 0;
                double previous = 0;
                for (Step step : schedule) {
                    long gap = Math.max(1_000_000L, (long) (step.gapShare() * period));
                    long add = (long) Math.floor(step.powerShare() * maxWatts * (gap / 1e9) / (unitUj / 1e6));
                    wraps += ((ticks[0] & 0xFFFF_FFFFL) + add) >= (1L << 32) ? 1 : 0;
                    ticks[0] += add;
                    trueTicks += add;
                    clock.advanceNanos(gap);
                    s.read(r);
                    assertTrue(r.isAvailable(0), () -> "unavailable at the stated rate: " + r.failure(0));
                    double reported = r.value(0);
                    double truth = trueTicks * unitUj / 1e6;
                    // energy_uj truncates to whole µJ at each end; each corrected wrap may be off by the rounding of
                    // the range to whole µJ.
                    double tolerance = (2 + wraps) * 1e-6 + truth * 1e-12;
                    assertEquals(truth, reported, tolerance, "after " + wraps + " wraps");
                    assertTrue(reported >= previous, "never decreases");
                    assertTrue(reported >= 0, "never negative");
                    previous = reported;
                }
            } catch (RaplUnavailableException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void implausibleDeltasAreDroppedSaidAndNeverCounted() {
        Gen<int[]> resetsAt = lists().of(integers().between(0, 1)).ofSizeBetween(1, 40)
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
        qt().withExamples(300).forAll(
                doubles().between(1e-6, 1e-4),
                doubles().between(5, 1000),
                lists().of(steps()).ofSizeBetween(40, 40),
                resetsAt
        ).checkAssert((unitJoules, maxWatts, schedule, resets) -> {
            EnergyAccumulator acc = new EnergyAccumulator("counter", unitJoules, 1L << 32, 0xFFFF_FFFFL, maxWatts);
            double wrapSeconds = TWO_TO_32 * unitJoules / maxWatts;
            long raw = 123_456;
            long now = 0;
            assertNull(acc.update(raw, now));
            long countedTicks = 0;
            int dropped = 0;
            for (int i = 0; i < resets.length; i++) {
                Step step = schedule.get(i);
                if (resets[i] == 1) {
                    // A reset: the counter jumps back by up to a quarter of its range within 5% of its wrap time,
                    // which would read as at least 15 times the maximum power.
                    long back = 1 + (long) (step.powerShare() * (1L << 30));
                    now += 1_000_000L + (long) (step.gapShare() * 0.05 * wrapSeconds * 1e9);
                    raw = (raw - back) & 0xFFFF_FFFFL;
                    String reason = acc.update(raw, now);
                    assertNotNull(reason, "a reset must be dropped");
                    assertTrue(reason.contains("counter reset") && reason.contains("counter"), reason);
                    dropped++;
                } else {
                    long gap = 1_000_000L + (long) (step.gapShare() * wrapSeconds / 2 * 1e9);
                    long ticks = (long) Math.floor(step.powerShare() * maxWatts * (gap / 1e9) / unitJoules);
                    now += gap;
                    raw = (raw + ticks) & 0xFFFF_FFFFL;
                    assertNull(acc.update(raw, now), "a plausible delta is taken in");
                    countedTicks += ticks;
                }
                assertEquals(countedTicks * unitJoules, acc.totalJoules(), countedTicks * unitJoules * 1e-12 + 1e-15);
            }
            assertEquals(dropped, acc.droppedDeltas());
        });
    }

    @Test
    void whateverTheCounterShowsTheTotalNeverFallsAndNeverJumpsImplausibly() {
        qt().withExamples(300).forAll(
                lists().of(longs().between(-5, 0x1_0000_0005L)).ofSizeBetween(1, 50),
                lists().of(longs().between(0, 2_000_000_000_000L)).ofSizeBetween(50, 50),
                doubles().between(1e-6, 1e-3),
                doubles().between(1, 1000)
        ).checkAssert((raws, gaps, unitJoules, maxWatts) -> {
            EnergyAccumulator acc = new EnergyAccumulator("counter", unitJoules, 1L << 32, 0xFFFF_FFFFL, maxWatts);
            long now = 0;
            double total = 0;
            for (int i = 0; i < raws.size(); i++) {
                long gap = gaps.get(i);
                now += gap;
                String reason = acc.update(raws.get(i), now);
                double next = acc.totalJoules();
                assertTrue(next >= total, "never decreases");
                double bound = EnergyAccumulator.IMPLAUSIBLE_FACTOR * maxWatts * Math.max(gap, EnergyAccumulator.UPDATE_NANOS) / 1e9;
                assertTrue(next - total <= bound * (1 + 1e-12), "an accepted delta stays plausible");
                if (reason != null) {
                    assertEquals(total, next, 0.0, "a dropped delta is not counted");
                }
                total = next;
            }
        });
    }

    @Test
    void accumulatorStatesItsWrapTime() {
        EnergyAccumulator acc = new EnergyAccumulator("c", 1e-6, 262_143_328_850L, 262_143_328_850L, 100);
        assertEquals(Duration.ofNanos(acc.wrapNanosAtMaxPower()).toSeconds(), 2621);
        EnergyAccumulator never = new EnergyAccumulator("c", 1e-6, RaplCounter.NEVER_WRAPS, -1, 100);
        assertEquals(Long.MAX_VALUE, never.wrapNanosAtMaxPower());
    }
}
