package dev.greenslice.estimators.sim;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ProfilePoint;
import dev.greenslice.estimators.sim.SimulatedGpu;
import dev.greenslice.estimators.tune.online.ServedWork;
import dev.greenslice.estimators.workload.ServingModel;
import dev.greenslice.carbon.plan.ModelDemand;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedTrafficTest {

    @Test
    void aClosedLoopTenantServesBatchesBackToBackAtItsProfiledPower() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            SimulatedTraffic traffic = SimulatedTraffic.on(gpu, List.of(TenantDemand.of(ModelDemand.closedLoop("whisper", 8, 64), 7)), 1);
            assertNull(traffic.instances().get(0), "the whole GPU, MIG disabled");
            gpu.lockSmClock(1140, 1140);
            ProfilePoint p = EnerTuneA100.profiles().profile("whisper").require(8, 7, 1140);
            double busyS = 8 * p.batchIntervalMs() / 1e3;
            double tailS = Math.max(0, p.latencyMs() - p.batchIntervalMs()) / 1e3;
            double before = gpu.totalEnergy().orElseThrow().joules();
            long t0 = clock.monotonicNanos();
            ServedWork w = traffic.serve();
            assertEquals((busyS + tailS) * 1e9, clock.monotonicNanos() - t0, 8);
            double busyW = gpu.boardPower(1140, List.of(new ModelPlacement("whisper", 8, 7))).watts();
            double idleW = EnerTuneA100.devicePower().baseline(1140).watts();
            assertEquals(busyW * busyS + idleW * tailS, gpu.totalEnergy().orElseThrow().joules() - before, 1e-6);
            assertEquals(64, w.requests());
            assertEquals(p.latencyMs(), w.models().get(0).meanLatencyMs(), 1e-6);
            var slo = ServingModel.sloMs(EnerTuneA100.profiles().profile("whisper"), ModelDemand.closedLoop("whisper", 8, 64));
            assertEquals(slo, w.models().get(0).sloMs().getAsDouble(), 1e-9);
            assertTrue(gpu.running().isEmpty(), "nothing left running after the probe");
        }
    }

    @Test
    void poissonArrivalsAreTheSameAtEveryProbeAndDoNotDependOnTheClock() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            List<TenantDemand> tenants = List.of(TenantDemand.of(ModelDemand.poisson("resnet50", 4, 400, 0.3), 4),
                    TenantDemand.of(ModelDemand.closedLoop("vgg19", 8, 160), 3));
            SimulatedTraffic traffic = SimulatedTraffic.on(gpu, tenants, 7);
            gpu.lockSmClock(1050, 1050);
            long t0 = clock.monotonicNanos();
            ServedWork first = traffic.serve();
            long d1 = clock.monotonicNanos() - t0;
            ServedWork second = traffic.serve();
            long d2 = clock.monotonicNanos() - t0 - d1;
            assertEquals(first, second, "the same requests at the same clock serve the same way");
            assertEquals(d1, d2);
            gpu.lockSmClock(870, 870);
            ServedWork slower = traffic.serve();
            assertTrue(slower.models().get(0).meanLatencyMs() > first.models().get(0).meanLatencyMs());
            ServedWork otherSeed = SimulatedTraffic.on(gpu, tenants, 8).serve();
            assertNotEquals(slower.models().get(0).meanLatencyMs(), otherSeed.models().get(0).meanLatencyMs());
            // At 30 % of peak the run lasts as long as the arrivals: 400 requests at 0.3 x the reference rate.
            double rate = 0.3 * ServingModel.reference(EnerTuneA100.profiles().profile("resnet50"), 4).requestsPerSecond();
            assertEquals(400 / rate, d1 / 1e9, 0.15 * 400 / rate);
        }
    }

    @Test
    void coLocatedTenantsGetAValidLayoutOrReuseOne() {
        MockClock clock = new MockClock();
        List<TenantDemand> tenants = List.of(TenantDemand.of(ModelDemand.closedLoop("resnet50", 8, 80), 3),
                TenantDemand.of(ModelDemand.closedLoop("vgg19", 8, 80), 4));
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            SimulatedTraffic traffic = SimulatedTraffic.on(gpu, tenants, 1);
            assertTrue(gpu.isMigEnabled());
            assertEquals(3, traffic.instances().get(0).computeSlices());
            assertEquals(4, traffic.instances().get(1).computeSlices());
            assertEquals(2, gpu.migLayout().instances().size());
            assertEquals(160, traffic.serve().requests());
        }
        try (SimulatedGpu gpu = SimulatedGpu.builder().clock(clock).migEnabled(true).build()) {
            MigLayout mine = MigLayout.parse(gpu.geometry(), "3g@4,4g@0");
            gpu.applyMigLayout(mine, false);
            try (SimulatedGpu unprivileged = SimulatedGpu.builder().clock(clock).denyMigControl().build()) {
                assertEquals(GpuDeviceException.Reason.NO_PERMISSION, assertThrows(GpuDeviceException.class,
                        () -> SimulatedTraffic.on(unprivileged, tenants, 1)).reason());
            }
            SimulatedTraffic traffic = SimulatedTraffic.on(gpu, tenants, 1);
            assertEquals(mine, gpu.migLayout(), "instances of the right sizes are reused as they are");
            assertTrue(mine.instances().containsAll(traffic.instances()));
        }
    }

    @Test
    void clocksAreThoseEveryTenantsProfileHas() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            SimulatedTraffic traffic = SimulatedTraffic.on(gpu, List.of(TenantDemand.of(ModelDemand.closedLoop("gpt", 1, 8), 4),
                    TenantDemand.of(ModelDemand.closedLoop("resnet50", 8, 80), 3)), 1);
            assertEquals(List.of(1410, 1320, 1230, 1140, 1050, 960, 870, 780, 690), traffic.clocksMhz());
            gpu.lockSmClock(600, 600);
            String msg = assertThrows(IllegalArgumentException.class, traffic::serve).getMessage();
            assertTrue(msg.contains("600 MHz") && msg.contains("gpt"), msg);
        }
    }

    @Test
    void badTenantsAreRejectedNamingTheProblem() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            String tooMany = assertThrows(IllegalArgumentException.class, () -> SimulatedTraffic.on(gpu, List.of(
                    TenantDemand.of(ModelDemand.closedLoop("resnet50", 8, 80), 4),
                    TenantDemand.of(ModelDemand.closedLoop("vgg19", 8, 80), 4)), 1)).getMessage();
            assertTrue(tooMany.contains("8 compute slices") && tooMany.contains("has 7"), tooMany);
            String unknown = assertThrows(IllegalArgumentException.class, () -> SimulatedTraffic.on(gpu, List.of(
                    TenantDemand.of(ModelDemand.closedLoop("llama", 1, 8), 7)), 1)).getMessage();
            assertTrue(unknown.contains("no profile of llama"), unknown);
            String noCell = assertThrows(IllegalArgumentException.class, () -> SimulatedTraffic.on(gpu, List.of(
                    TenantDemand.of(ModelDemand.closedLoop("gpt", 8, 8), 7)), 1)).getMessage();
            assertTrue(noCell.contains("no cell at batch 8"), noCell);
            String fiveSlices = assertThrows(IllegalArgumentException.class, () -> SimulatedTraffic.on(gpu, List.of(
                    TenantDemand.of(ModelDemand.closedLoop("resnet50", 8, 80), 5),
                    TenantDemand.of(ModelDemand.closedLoop("vgg19", 8, 80), 2)), 1)).getMessage();
            assertTrue(fiveSlices.contains("5 compute slices"), fiveSlices);
            String coLocatedNoCell = assertThrows(IllegalArgumentException.class, () -> SimulatedTraffic.on(gpu, List.of(
                    TenantDemand.of(ModelDemand.closedLoop("resnet50", 8, 80), 1),
                    TenantDemand.of(ModelDemand.closedLoop("vgg19", 8, 80), 2)), 1)).getMessage();
            assertTrue(coLocatedNoCell.contains("resnet50") && coLocatedNoCell.contains("on 1 slices"), coLocatedNoCell);
            assertFalse(gpu.isMigEnabled(), "nothing applied for rejected tenants");
            assertThrows(IllegalArgumentException.class, () -> SimulatedTraffic.on(gpu, List.of(), 1));
        }
    }

    @Test
    void instancesMatchTheirTenantsInOrder() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            SimulatedTraffic t = SimulatedTraffic.on(gpu, List.of(TenantDemand.of(ModelDemand.closedLoop("densenet161", 2, 80), 1),
                    TenantDemand.of(ModelDemand.closedLoop("vgg19", 8, 80), 2), TenantDemand.of(ModelDemand.closedLoop("whisper", 8, 80), 4)), 1);
            List<Integer> slices = t.instances().stream().map(MigInstance::computeSlices).toList();
            assertEquals(List.of(1, 2, 4), slices);
        }
    }
}
