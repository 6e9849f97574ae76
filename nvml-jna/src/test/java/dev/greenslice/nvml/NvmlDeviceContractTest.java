package dev.greenslice.nvml;

import dev.greenslice.carbon.gpu.GpuDevice;
import dev.greenslice.test.gpu.GpuDeviceContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The GPU device contract for {@link NvmlDevice} against a simulated, MIG-enabled A100 (as root). */
class NvmlDeviceContractTest extends GpuDeviceContract {

    @TempDir
    Path journal;

    private SimulatedNvml.Hooks sim;
    private Nvml nvml;

    @BeforeEach
    void scenario() {
        sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power 0:250000", "mig enabled",
                "gi 7g.80gb@0"));
        nvml = Nvml.open(SimulatedNvml.options(journal));
    }

    @AfterEach
    void closeSession() {
        if (nvml != null) {
            nvml.close();
        }
    }

    @Override
    protected GpuDevice createDevice() {
        return nvml.device(0);
    }

    @Override
    protected GpuDevice reopen(GpuDevice closed) {
        return nvml.deviceByUuid(closed.uuid());
    }

    @Override
    protected void generateActivity(GpuDevice device) {
        sim.simAdvanceMs(100);
    }
}
