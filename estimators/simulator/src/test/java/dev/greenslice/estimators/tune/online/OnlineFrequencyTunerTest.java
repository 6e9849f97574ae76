package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.tune.ClockPoint;
import dev.greenslice.carbon.tune.TuningResult;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.estimators.sim.SimulatedGpu;
import dev.greenslice.estimators.sim.SimulatedTraffic;
import dev.greenslice.estimators.tune.FrequencyTuners;
import dev.greenslice.carbon.plan.ModelDemand;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnlineFrequencyTunerTest {

    /** The study's kind of pair: two vision models sharing an A100 on 4 + 3 slices, closed loop. */
    static final List<TenantDemand> PAIR = List.of(
            TenantDemand.of(ModelDemand.closedLoop("resnet50", 8, 400), 4),
            TenantDemand.of(ModelDemand.closedLoop("vgg19", 8, 200), 3));

    private static OnlineFrequencyTuner.Builder tuner(SimulatedGpu gpu, MockClock clock, ProbeLoad load) {
        return OnlineFrequencyTuner.builder(gpu, load).intensity(CarbonIntensities.of(EnergySource.GAS)).clock(clock)
                .shutdownHook(false);
    }

    @Test
    void locksTheCheapestFeasibleClockAfterAtMostFiveProbes() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock);
             OnlineFrequencyTuner tuner = tuner(gpu, clock, SimulatedTraffic.on(gpu, PAIR, 1)).build()) {
            assertEquals(15, tuner.candidateClocksMhz().size());
            OnlineTuning t = tuner.tune();
            assertEquals(OnlineTuning.Action.APPLIED, t.action());
            assertTrue(t.probeCount() <= 5, t::toString);
            int chosen = t.clockMhz().getAsInt();
            assertEquals(chosen, gpu.smClockMhz(), "the device runs at the chosen clock");
            assertEquals(chosen, tuner.lockedClockMhz().getAsInt());
            ProbePoint best = t.probes().stream().filter(ProbePoint::meetsSlo)
                    .min(Comparator.comparingDouble(p -> p.carbonPerRequest().value().grams())).orElseThrow();
            assertEquals(best.clockMhz(), chosen);
            assertTrue(chosen < 1410, "sharing at full clock is not the carbon optimum on gas: " + t.result().curve());
        }
    }

    @Test
    void theCurveIsPerRequestAtTheReferenceIntensity() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock);
             OnlineFrequencyTuner tuner = tuner(gpu, clock, SimulatedTraffic.on(gpu, PAIR, 1)).build()) {
            OnlineTuning t = tuner.tune();
            assertEquals(490, t.referenceIntensity().gramsPerKwh(), 1e-9);
            assertEquals("online", t.result().tuner());
            List<ClockPoint> curve = t.result().curve();
            assertEquals(t.probeCount(), curve.size());
            for (ClockPoint c : curve) {
                ProbePoint p = t.probeAt(c.clockMhz()).orElseThrow();
                assertEquals(600, p.requests());
                assertEquals(p.energyPerRequest().joules(), c.energy().joules(), 1e-12);
                assertEquals(p.report().totalEnergy().joules() / 600 * 490 / 3.6e6, c.operational().value().grams(), 1e-15);
                assertEquals(p.embodiedPerRequest().value().grams(), c.embodied().value().grams(), 1e-15);
                // The fixed gas figure carries the IPCC range; the metered figure matches the re-priced one.
                assertTrue(c.operational().low().grams() < c.operational().value().grams());
                assertEquals(p.operationalPerRequest().value().grams(), c.operational().value().grams(), 1e-15);
                assertEquals(2, c.slos().size());
                assertEquals(p.meetsSlo(), c.meetsSlos());
            }
        }
    }

    @Test
    void closeReleasesTheLockAndTheShutdownHook() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            OnlineFrequencyTuner tuner = tuner(gpu, clock, SimulatedTraffic.on(gpu, PAIR, 1)).shutdownHook(true).build();
            tuner.tune();
            assertTrue(gpu.smClockMhz() < 1410);
            tuner.close();
            assertEquals(1410, gpu.smClockMhz(), "the driver's default clock again");
            assertTrue(tuner.lockedClockMhz().isEmpty());
            assertFalse(Runtime.getRuntime().removeShutdownHook(tuner.shutdownHookThread()), "hook removed on close");
            tuner.close();
            assertThrows(IllegalStateException.class, tuner::tune);
        }
    }

    @Test
    void theShutdownHookIsRegisteredWhileALockIsHeldAndReleasesIt() {
        MockClock clock = new MockClock();
        try (SimulatedGpu sim = SimulatedGpu.a100(clock)) {
            RecordingGpu gpu = new RecordingGpu(sim);
            OnlineFrequencyTuner tuner = OnlineFrequencyTuner.builder(gpu, SimulatedTraffic.on(sim, PAIR, 1))
                    .intensity(CarbonIntensities.of(EnergySource.GAS)).clock(clock).build();
            tuner.tune();
            assertTrue(Runtime.getRuntime().removeShutdownHook(tuner.shutdownHookThread()), "hook registered");
            tuner.shutdownAction().run();
            assertEquals(1410, sim.smClockMhz());
            assertEquals("reset", gpu.calls().get(gpu.calls().size() - 1));
            assertTrue(tuner.lockedClockMhz().isEmpty());
            tuner.close();
            assertEquals(1, gpu.calls().stream().filter("reset"::equals).count(), "released once: " + gpu.calls());
        }
    }

    @Test
    void aLoadFailingMidSearchReleasesTheLockAndRethrows() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            SimulatedTraffic traffic = SimulatedTraffic.on(gpu, PAIR, 1);
            AtomicInteger calls = new AtomicInteger();
            IllegalStateException gone = new IllegalStateException("the model server went away");
            ProbeLoad flaky = new ProbeLoad() {
                @Override
                public ServedWork serve() {
                    if (calls.incrementAndGet() == 3) {
                        throw gone;
                    }
                    return traffic.serve();
                }

                @Override
                public List<Integer> clocksMhz() {
                    return traffic.clocksMhz();
                }
            };
            try (OnlineFrequencyTuner tuner = tuner(gpu, clock, flaky).build()) {
                assertSame(gone, assertThrows(IllegalStateException.class, tuner::tune));
                assertEquals(1410, gpu.smClockMhz(), "released to the default clock");
                assertTrue(tuner.lockedClockMhz().isEmpty());
                assertTrue(tuner.current().isEmpty());
                OnlineTuning again = tuner.tune();
                assertEquals(OnlineTuning.Action.APPLIED, again.action(), "usable after a failure");
            }
        }
    }

    @Test
    void aDeviceFailingMidSearchReleasesTheLockAndRethrows() {
        MockClock clock = new MockClock();
        try (SimulatedGpu sim = SimulatedGpu.a100(clock)) {
            RecordingGpu gpu = new RecordingGpu(sim).failLockAt(1050, GpuDeviceException.Reason.DEVICE_LOST);
            try (OnlineFrequencyTuner tuner = OnlineFrequencyTuner.builder(gpu, SimulatedTraffic.on(sim, PAIR, 1))
                    .intensity(CarbonIntensities.of(EnergySource.GAS)).clock(clock).shutdownHook(false).build()) {
                GpuDeviceException e = assertThrows(GpuDeviceException.class, tuner::tune);
                assertEquals(GpuDeviceException.Reason.DEVICE_LOST, e.reason());
                assertEquals(List.of("lock 780", "refused 1050", "reset"), gpu.calls());
                assertEquals(1410, sim.smClockMhz());
            }
        }
    }

    @Test
    void withoutPermissionItMetersTheCurrentClockChangesNothingAndNamesThePrivilege() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.builder().clock(clock).denyClockControl().build();
             OnlineFrequencyTuner tuner = tuner(gpu, clock, SimulatedTraffic.on(gpu, PAIR, 1)).build()) {
            OnlineTuning t = tuner.tune();
            assertEquals(OnlineTuning.Action.DRY_RUN, t.action());
            assertFalse(t.applied());
            assertEquals(1, t.probeCount());
            assertEquals(1410, t.probes().get(0).clockMhz(), "measured at the clock the GPU runs at");
            String notes = String.join(" ", t.notes());
            assertTrue(notes.contains("root") && notes.contains("CAP_SYS_ADMIN") && notes.contains("nvidia-smi -lgc"),
                    notes);
            assertTrue(t.result().reason().orElseThrow().contains("CAP_SYS_ADMIN"));
            assertTrue(t.clockMhz().isEmpty(), "without a prior it cannot tell which clock it would set");
            assertTrue(notes.contains("give the tuner a prior"), notes);
            assertEquals(1410, gpu.smClockMhz());
            assertTrue(tuner.lockedClockMhz().isEmpty());
            assertTrue(tuner.maintain().isEmpty(), "nothing moved: no retune");
        }
    }

    @Test
    void withoutPermissionAndWithAnOfflinePriorItSaysWhichClockItWouldSet() {
        MockClock clock = new MockClock();
        int online;
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock);
             OnlineFrequencyTuner tuner = tuner(gpu, clock, SimulatedTraffic.on(gpu, PAIR, 1)).build()) {
            online = tuner.tune().clockMhz().getAsInt();
        }
        try (SimulatedGpu gpu = SimulatedGpu.builder().clock(clock).denyClockControl().build()) {
            SimulatedTraffic traffic = SimulatedTraffic.on(gpu, PAIR, 1);
            var gas = CarbonIntensities.of(EnergySource.GAS);
            var request = traffic.tuningRequest(gas, EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB));
            try (OnlineFrequencyTuner tuner = tuner(gpu, clock, traffic)
                    .prior(FrequencyTuners.offline(gpu.profiles(), gpu.devicePower()), request).build()) {
                OnlineTuning t = tuner.tune();
                assertEquals(OnlineTuning.Action.DRY_RUN, t.action());
                TuningResult offline = t.prediction().orElseThrow();
                assertEquals("offline", offline.tuner());
                assertEquals(offline.chosenClockMhz(), t.clockMhz());
                int would = t.clockMhz().getAsInt();
                assertEquals(online, would, "the profiles predict the clock the online tuner measures as best");
                assertTrue(t.notes().get(0).contains("nvidia-smi -i 0 -lgc " + would + "," + would), t.notes()::toString);
                assertEquals(1410, gpu.smClockMhz(), "nothing changed");
            }
        }
    }

    @Test
    void whenNoClockMeetsTheSlosItReleasesTheLockAndSaysWhichModelMisses() {
        MockClock clock = new MockClock();
        List<TenantDemand> strict = List.of(TenantDemand.of(ModelDemand.closedLoop("resnet50", 8, 400).withSloMs(1), 4),
                TenantDemand.of(ModelDemand.closedLoop("vgg19", 8, 200), 3));
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock);
             OnlineFrequencyTuner tuner = tuner(gpu, clock, SimulatedTraffic.on(gpu, strict, 1)).build()) {
            OnlineTuning t = tuner.tune();
            assertEquals(OnlineTuning.Action.NO_CLOCK_MEETS_SLOS, t.action());
            assertTrue(t.probeAt(1410).isPresent(), "the verdict rests on the fastest clock");
            String reason = t.result().reason().orElseThrow();
            assertTrue(reason.contains("resnet50") && reason.contains("1410 MHz") && !reason.contains("vgg19"), reason);
            assertTrue(tuner.lockedClockMhz().isEmpty());
            assertEquals(1410, gpu.smClockMhz());
        }
    }

    @Test
    void badSettingsFailAtBuildNamingTheFix() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            SimulatedTraffic traffic = SimulatedTraffic.on(gpu, PAIR, 1);
            String noIntensity = assertThrows(IllegalStateException.class,
                    () -> OnlineFrequencyTuner.builder(gpu, traffic).build()).getMessage();
            assertTrue(noIntensity.contains("intensity(...)"), noIntensity);
            String badClock = assertThrows(IllegalArgumentException.class,
                    () -> tuner(gpu, clock, traffic).candidateClocksMhz(List.of(1000)).build()).getMessage();
            assertTrue(badClock.contains("1000 MHz") && badClock.contains("choose among"), badClock);
            RecordingGpu unknown = new RecordingGpu(gpu).hideModel();
            String noModel = assertThrows(IllegalStateException.class, () -> OnlineFrequencyTuner.builder(unknown, traffic)
                    .intensity(CarbonIntensities.of(EnergySource.GAS)).build()).getMessage();
            assertTrue(noModel.contains("embodied(EmbodiedCarbon.act"), noModel);
        }
    }

    @Test
    void givenCandidatesAreTheOnlyClocksProbed() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock);
             OnlineFrequencyTuner tuner = tuner(gpu, clock, SimulatedTraffic.on(gpu, PAIR, 1))
                     .candidateClocksMhz(List.of(1410, 960, 1230)).build()) {
            assertEquals(List.of(960, 1230, 1410), tuner.candidateClocksMhz());
            OnlineTuning t = tuner.tune();
            assertEquals(3, t.candidates());
            assertTrue(t.probes().stream().allMatch(p -> List.of(960, 1230, 1410).contains(p.clockMhz())));
        }
    }
}
