package dev.greenslice.nvml;

import dev.greenslice.carbon.Power;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One device handle used from several threads: reads never fail, control stays consistent and is restored. */
class NvmlConcurrencyTest {

    @TempDir
    Path journal;

    @Test
    void readsAndControlFromManyThreadsOnOneHandle() throws Exception {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power 0:200000",
                "power_limit 400000"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice watcher = nvml.device(0)) {
            try (NvmlDevice gpu = nvml.device(0)) {
                List<Future<?>> jobs = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    jobs.add(pool.submit(() -> {
                        double last = -1;
                        for (int i = 0; i < 2000; i++) {
                            assertEquals(200.0, gpu.power().watts(), 1e-9);
                            double e = gpu.totalEnergy().orElseThrow().joules();
                            assertTrue(e >= last, "energy went back");
                            last = e;
                            if (i % 100 == 0) {
                                sim.simAdvanceMs(1);
                            }
                        }
                        return null;
                    }));
                }
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        gpu.lockSmClock(1005, 1005 + 15 * (i % 10));
                        gpu.setPowerLimit(Power.ofWatts(200 + i));
                    }
                    return null;
                }));
                for (Future<?> f : jobs) {
                    f.get();
                }
                assertEquals(Power.ofWatts(249), watcher.powerLimits().current());
                assertEquals(2, gpu.pendingRestore().size());
            }
            assertEquals(Power.ofWatts(400), watcher.powerLimits().current());
            assertEquals(1410, watcher.smClockMhz());
        } finally {
            pool.shutdownNow();
        }
    }
}
