package dev.greenslice.nvml;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Conservation on the simulated library: one sensor per process the driver lists, all read at the same instants;
 * their {@code gpu:0/process} energies plus the part the rule leaves unattributed add up to the board's energy,
 * whatever the processes' (stepped, overlapping) utilization, the power curve and the read intervals.
 */
class NvmlProcessConservationTest {

    private static final int EXAMPLES = Integer.getInteger("greenslice.test.examples", 40);

    @TempDir
    Path journal;

    @Test
    void everyProcessShareAndTheUnattributedPartAddUpToTheBoard() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(5);
            StringBuilder dev = new StringBuilder("device A100-SXM4-80GB\n  energy_start 0\n");
            int minMw = 60_000 + r.nextInt(100_000);
            dev.append("  power 0:").append(minMw + r.nextInt(300_000)).append(' ')
                    .append(1000 + r.nextInt(5000)).append(':').append(minMw + r.nextInt(300_000)).append(' ')
                    .append(7000 + r.nextInt(5000)).append(':').append(minMw).append('\n');
            dev.append("  process_sample_ms ").append(50 + r.nextInt(150)).append('\n');
            for (int i = 0; i < n; i++) {
                dev.append("  process pid=").append(1000 + i).append(" mem_mb=10 sm=");
                int steps = 1 + r.nextInt(4);
                int at = 0;
                for (int k = 0; k < steps; k++) {
                    // process 0 never idles, so every interval has someone to carry the shared parts
                    int pct = i == 0 ? 1 + r.nextInt(100) : r.nextInt(101);
                    dev.append(k == 0 ? "" : "/").append(at).append(':').append(pct);
                    at += 1 + r.nextInt(4000);
                }
                dev.append('\n');
            }
            SimulatedNvml.Hooks sim = SimulatedNvml.reset(dev.toString());
            StaticEnergyRule rule = r.nextBoolean() ? StaticEnergyRule.BY_SHARE_OF_ACTIVITY
                    : StaticEnergyRule.NOT_ATTRIBUTED;
            double baselineWatts = r.nextDouble() * minMw / 1000.0;
            MockClock clock = new MockClock();
            List<NvmlSensor> sensors = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    sensors.add(NvmlSensors.builder().options(SimulatedNvml.options(journal).withClock(clock))
                            .processShare(rule, Set.of(1000L + i)).processBaselinePower(Power.ofWatts(baselineWatts))
                            .build());
                }
                double[] startProcess = new double[n];
                double startBoard = 0;
                double[] last = new double[n];
                double board = 0;
                long elapsedMs = 0;
                int reads = 1 + r.nextInt(30);
                for (int step = 0; step <= reads; step++) {
                    if (step > 0) {
                        long ms = 200 + r.nextInt(1500); // longer than a sampling period
                        sim.simAdvanceMs(ms);
                        clock.advance(Duration.ofMillis(ms));
                        elapsedMs += ms;
                    }
                    for (int i = 0; i < n; i++) {
                        SensorReadout out = new SensorReadout(sensors.get(i).domains());
                        sensors.get(i).read(out);
                        assertTrue(out.isAvailable(1), out.failure(1));
                        last[i] = out.value(1);
                        board = out.value(0);
                        if (step == 0) {
                            startProcess[i] = last[i];
                            startBoard = board;
                        }
                    }
                }
                double boardEnergy = board - startBoard;
                double unattributed = rule == StaticEnergyRule.NOT_ATTRIBUTED ? baselineWatts * elapsedMs / 1000.0 : 0;
                double sum = unattributed;
                for (int i = 0; i < n; i++) {
                    assertTrue(last[i] - startProcess[i] >= 0);
                    sum += last[i] - startProcess[i];
                }
                assertEquals(boardEnergy, sum, 1e-6 * Math.max(1, boardEnergy), "seed " + seed + ", " + rule
                        + ", scenario:\n" + dev);
            } finally {
                sensors.forEach(NvmlSensor::close);
            }
        });
    }
}
