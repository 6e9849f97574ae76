package dev.greenslice.estimators.sim;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.gpu.GpuDevice;
import dev.greenslice.test.gpu.GpuDeviceContract;

import java.time.Duration;

/** The simulated A100 against the {@link GpuDevice} contract, in simulated time, MIG enabled. */
class SimulatedGpuContractTest extends GpuDeviceContract {

    @Override
    protected GpuDevice createDevice() {
        return SimulatedGpu.builder().clock(new MockClock()).migEnabled(true).build();
    }

    @Override
    protected GpuDevice reopen(GpuDevice closed) {
        return ((SimulatedGpu) closed).reopen();
    }

    @Override
    protected void generateActivity(GpuDevice device) {
        ((SimulatedGpu) device).elapse(Duration.ofMillis(250));
    }
}
