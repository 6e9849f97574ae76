package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.intensity.IntensityTrace;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.estimators.sim.SimulatedGpu;
import dev.greenslice.estimators.sim.SimulatedTraffic;
import dev.greenslice.carbon.plan.ModelDemand;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Re-tuning as an hourly intensity trace moves: once on a lasting move from gas-heavy to wind-heavy hours, never
 * on a trace that oscillates around the threshold or flips every hour, and no clock switch for a saving inside
 * the margin.
 */
class RetuneTest {

    /** resnet50 and whisper on 4 + 3 slices: 1050 MHz is best on gas (490 g/kWh), 1140 MHz on wind (11 g/kWh). */
    static final List<TenantDemand> PAIR = List.of(
            TenantDemand.of(ModelDemand.closedLoop("resnet50", 8, 400), 4),
            TenantDemand.of(ModelDemand.closedLoop("whisper", 8, 200), 3));

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    /** An hourly trace of {@code hours} values from 2024-01-01T00:00Z. */
    static IntensityTrace hourly(int hours, IntToDoubleFunction gramsPerKwh) {
        TreeMap<Instant, CarbonIntensity> points = new TreeMap<>();
        for (int h = 0; h < hours; h++) {
            points.put(START.plus(Duration.ofHours(h)), CarbonIntensity.ofGramsPerKwh(gramsPerKwh.applyAsDouble(h)));
        }
        return IntensityTrace.of(points, IntensityBasis.LIFECYCLE, "test trace");
    }

    /** What happened over a day of checks every 15 minutes. */
    record Day(OnlineTuning first, List<OnlineTuning> retunes, List<Integer> clocks, List<String> deviceCalls) {
    }

    /** Tunes at the start, then calls maintain() every 15 minutes until an hour before the trace ends. */
    static Day replay(IntensitySource trace, int hours, RetunePolicy policy) {
        MockClock clock = new MockClock(START);
        try (SimulatedGpu sim = SimulatedGpu.a100(clock)) {
            RecordingGpu gpu = new RecordingGpu(sim);
            try (OnlineFrequencyTuner tuner = OnlineFrequencyTuner.builder(gpu, SimulatedTraffic.on(sim, PAIR, 1))
                    .intensity(trace).clock(clock).retune(policy).shutdownHook(false).build()) {
                OnlineTuning first = tuner.maintain().orElseThrow();
                List<OnlineTuning> retunes = new ArrayList<>();
                List<Integer> clocks = new ArrayList<>();
                Instant end = START.plus(Duration.ofHours(hours - 1));
                Instant next = START;
                while (true) {
                    next = next.plus(Duration.ofMinutes(15));
                    if (next.isAfter(end)) {
                        break;
                    }
                    Duration wait = Duration.between(clock.wallTime(), next);
                    if (!wait.isNegative()) {
                        sim.elapse(wait);
                    }
                    Optional<OnlineTuning> t = tuner.maintain();
                    t.ifPresent(retunes::add);
                    clocks.add(sim.smClockMhz());
                }
                return new Day(first, retunes, clocks, gpu.calls());
            }
        }
    }

    private static long switches(List<Integer> clocks) {
        long n = 0;
        for (int i = 1; i < clocks.size(); i++) {
            if (!clocks.get(i).equals(clocks.get(i - 1))) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aLastingMoveFromGasToWindRetunesOnceAndRaisesTheClock() {
        IntensityTrace trace = hourly(13, h -> h < 6 ? 490 : 11);
        Day day = replay(trace, 13, RetunePolicy.DEFAULT);
        assertEquals(1050, day.first().clockMhz().getAsInt(), "gas favours the lower clock");
        assertEquals(1, day.retunes().size(), () -> "retunes: " + day.retunes());
        OnlineTuning retune = day.retunes().get(0);
        assertTrue(retune.trigger().contains("from 490 to 11"), retune.trigger());
        assertTrue(!retune.at().isBefore(START.plus(Duration.ofHours(7))), "acts after the move held an hour: "
                + retune.at());
        assertTrue(retune.at().isBefore(START.plus(Duration.ofHours(7).plusMinutes(16))), retune.at()::toString);
        assertEquals(OnlineTuning.Action.APPLIED, retune.action(), retune.notes()::toString);
        assertEquals(1140, retune.clockMhz().getAsInt(), "wind favours the higher clock: embodied carbon weighs more");
        assertEquals(11, retune.referenceIntensity().gramsPerKwh(), 1e-9);
        assertEquals(1140, day.clocks().get(day.clocks().size() - 1));
    }

    @Test
    void anIntensityOscillatingAroundTheThresholdNeverRetunes() {
        // Around 400 g/kWh, every other hour 27 % or 22 % higher: the 25 % threshold is crossed every few hours.
        IntensityTrace trace = hourly(13, h -> h % 2 == 0 ? 400 : (h % 4 == 1 ? 510 : 490));
        Day calm = replay(trace, 13, RetunePolicy.DEFAULT);
        assertEquals(0, calm.retunes().size(), () -> "retunes: " + calm.retunes());
        assertEquals(0, switches(calm.clocks()), calm.clocks()::toString);
        Day naive = replay(trace, 13, RetunePolicy.withoutHysteresis(0.25));
        System.out.printf("oscillating around the threshold, 12 h: %d re-tunes and %d clock calls with hysteresis,"
                + " %d re-tunes and %d clock calls without%n", calm.retunes().size(), calm.deviceCalls().size(),
                naive.retunes().size(), naive.deviceCalls().size());
        assertTrue(naive.retunes().size() >= 5, "without hysteresis each crossing re-tunes: " + naive.retunes().size());
        assertTrue(naive.deviceCalls().size() >= 5 * calm.deviceCalls().size(), () -> "each re-tune moves the clock"
                + " through its probes: " + naive.deviceCalls().size() + " clock changes against "
                + calm.deviceCalls().size());
    }

    @Test
    void anIntensityFlippingEveryHourBetweenGasAndWindKeepsOneClock() {
        IntensityTrace trace = hourly(13, h -> h % 2 == 0 ? 490 : 11);
        Day calm = replay(trace, 13, RetunePolicy.DEFAULT);
        assertEquals(0, calm.retunes().size());
        assertEquals(0, switches(calm.clocks()), calm.clocks()::toString);
        Day naive = replay(trace, 13, RetunePolicy.withoutHysteresis(0.25));
        System.out.printf("flipping gas/wind hourly, 12 h: %d re-tunes and %d applied-clock switches with hysteresis,"
                + " %d and %d without%n", calm.retunes().size(), switches(calm.clocks()), naive.retunes().size(),
                switches(naive.clocks()));
        assertTrue(naive.retunes().size() >= 10, "re-tunes every hour: " + naive.retunes().size());
        assertTrue(switches(naive.clocks()) >= 10, "the applied clock flaps between 1050 and 1140: " + naive.clocks());
    }

    @Test
    void aSavingInsideTheSwitchMarginKeepsTheClockInUse() {
        // Find the intensity at which 1140 MHz starts to beat 1050 MHz, from a sweep's measured points.
        OnlineTuning sweep;
        try (ModelSets.Tuned t = ModelSets.tuner(new ModelSets.ModelSet(PAIR, 490, 1), ClockSearch.exhaustive())) {
            sweep = t.tuner().tune();
        }
        ProbePoint at1050 = sweep.probeAt(1050).orElseThrow();
        ProbePoint at1140 = sweep.probeAt(1140).orElseThrow();
        double gramsPerJoule = (at1140.embodiedPerRequest().value().grams() - at1050.embodiedPerRequest().value().grams())
                / (at1050.energyPerRequest().joules() - at1140.energyPerRequest().joules());
        double crossover = gramsPerJoule * 3.6e6;
        assertTrue(crossover > 11 && crossover < 490, "crossover at " + crossover + " g/kWh");
        // Just below it 1140 MHz is best by a hair; far enough below, by more than 1 %.
        double hair = crossover * 0.97;
        IntensityTrace trace = hourly(6, h -> h < 2 ? 490 : hair);
        Day kept = replay(trace, 6, RetunePolicy.DEFAULT);
        assertEquals(1, kept.retunes().size());
        OnlineTuning k = kept.retunes().get(0);
        assertEquals(1140, k.result().chosenClockMhz().getAsInt(), "1140 MHz is the new best");
        assertEquals(OnlineTuning.Action.KEPT, k.action(), k.notes()::toString);
        assertEquals(1050, k.clockMhz().getAsInt());
        assertTrue(k.notes().get(0).contains("switch margin"), k.notes()::toString);
        assertEquals(1050, kept.clocks().get(kept.clocks().size() - 1));
        Day switched = replay(trace, 6, new RetunePolicy(0.25, Duration.ofHours(1), 0));
        assertEquals(OnlineTuning.Action.APPLIED, switched.retunes().get(0).action());
        assertEquals(1140, switched.clocks().get(switched.clocks().size() - 1));
    }
}
