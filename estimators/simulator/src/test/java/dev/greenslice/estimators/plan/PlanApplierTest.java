package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.estimators.sim.SimulatedGpu;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Applying plans to the simulated A100, which validates layouts on the real placement table as NVML does. */
class PlanApplierTest {

    static SimulatedGpu gpu(int index, boolean mig) {
        return SimulatedGpu.builder().index(index).clock(new MockClock()).migEnabled(mig).build();
    }

    @Test
    void aSharedGpuGetsThePlansExactPlacementsAndClock() {
        DeploymentPlan plan = MigPlannersTest.PLANNERS.carbon().plan(MigPlannersTest.pair(EnergySource.GAS));
        PlannedGpu g = plan.gpus().get(0);
        SimulatedGpu device = gpu(0, true);
        int before = device.smClockMhz();
        List<PlanApplier.Applied> applied = PlanApplier.apply(plan, List.of(device), false);
        assertEquals(1, applied.size());
        assertEquals(g.layout().toString(), device.migLayout().toString());
        assertEquals(g.clockMhz(), device.smClockMhz());
        assertTrue(device.migLayout().isValid());
        assertEquals("", applied.get(0).note());
        device.close();
        SimulatedGpu again = device.reopen();
        assertTrue(again.migLayout().instances().isEmpty(), "closing the handle restores the layout");
        assertEquals(before, again.smClockMhz(), "and the clock");
        again.close();
    }

    @Test
    void wholeGpusNeedNoInstancesOrGetTheirFullSizeOneWhereMigIsOn() {
        DeploymentPlan plan = MigPlannersTest.PLANNERS.dedicated().plan(MigPlannersTest.pair(EnergySource.GAS));
        SimulatedGpu off = gpu(0, false);
        SimulatedGpu on = gpu(1, true);
        List<PlanApplier.Applied> applied = PlanApplier.apply(plan, List.of(off, on), false);
        assertFalse(off.isMigEnabled());
        assertTrue(off.migLayout().instances().isEmpty());
        assertEquals(plan.gpus().get(0).clockMhz(), off.smClockMhz());
        assertEquals("7g.80gb@0", on.migLayout().toString());
        assertTrue(applied.get(1).note().contains("full-size instance 7g.80gb@0"), applied.get(1).note());
        off.close();
        on.close();
    }

    @Test
    void wrongOrTooFewDevicesAreRefusedBeforeAnythingChanges() {
        DeploymentPlan plan = MigPlannersTest.PLANNERS.dedicated().plan(MigPlannersTest.pair(EnergySource.GAS));
        SimulatedGpu one = gpu(0, true);
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> PlanApplier.apply(plan, List.of(one), false));
        assertTrue(few.getMessage().contains("uses 2 GPUs; 1 devices"), few.getMessage());
        SimulatedGpu h100 = SimulatedGpu.builder().index(1).clock(new MockClock()).gpuModel(GpuCatalog.H100_SXM5_80GB)
                .migEnabled(true).build();
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> PlanApplier.apply(plan, List.of(one, h100), false));
        assertTrue(wrong.getMessage().contains("is a H100-SXM5-80GB"), wrong.getMessage());
        assertTrue(one.migLayout().instances().isEmpty(), "nothing changed on the first device");
        one.close();
        h100.close();
    }

    @Test
    void aFailureRestoresTheDevicesAlreadyChanged() {
        var request = MigPlannersTest.request(GpuCatalog.A100_SXM4_80GB, EnergySource.GAS)
                .demand(MigPlannersTest.GPT).demand(MigPlannersTest.DIFFUSION).gpuBudget(2).build();
        DeploymentPlan plan = MigPlannersTest.PLANNERS.fixedSizing().plan(request.withDemands(List.of(
                MigPlannersTest.GPT, MigPlannersTest.DIFFUSION, MigPlannersTest.GPT.named("gpt-2"),
                MigPlannersTest.DIFFUSION.named("diffusion-2"))));
        assertEquals(2, plan.gpuCount());
        SimulatedGpu first = gpu(0, true);
        MigLayout previous = MigLayout.parse(first.geometry(), "7g@0");
        first.applyMigLayout(previous, false);
        SimulatedGpu denied = SimulatedGpu.builder().index(1).clock(new MockClock()).migEnabled(true)
                .denyMigControl().build();
        GpuDeviceException e = assertThrows(GpuDeviceException.class,
                () -> PlanApplier.apply(plan, List.of(first, denied), false));
        assertEquals(GpuDeviceException.Reason.NO_PERMISSION, e.reason());
        assertTrue(e.getMessage().contains("plan GPU 1 to gpu:1 failed"), e.getMessage());
        assertTrue(e.getMessage().contains("restored gpu:0"), e.getMessage());
        assertEquals("7g.80gb@0", first.migLayout().toString(), "the first device has its previous layout back");
        first.close();
        denied.close();
    }
}
