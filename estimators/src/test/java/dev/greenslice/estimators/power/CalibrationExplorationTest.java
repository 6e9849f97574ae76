package dev.greenslice.estimators.power;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.estimators.sim.SimulatedGpu;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

class CalibrationExplorationTest {
    @Test
    void explore() {
        SimulatedGpu gpu = SimulatedGpu.a100(new MockClock());
        ColocatedSets sets = new ColocatedSets(gpu.profiles(), gpu.devicePower(), gpu.geometry());
        PowerEstimator base = PowerEstimators.embedded();
        for (int k : new int[] {3, 4, 5}) {
            int fails = 0;
            double looSum = 0, heldSum = 0, uncalSum = 0; int heldN = 0;
            double worst = 0;
            int seeds = 200;
            for (int seed = 0; seed < seeds; seed++) {
                Random r = new Random(seed);
                List<ColocatedMeasurement> ms = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    var d = sets.draw(r, 0);
                    ms.add(new ColocatedMeasurement(d.clockMhz(), d.placements(), gpu.boardPower(d.clockMhz(), d.placements()).watts()));
                }
                CalibratedPowerEstimator c = PowerEstimators.calibrated(base, ms);
                double loo = c.calibration().leaveOneOutMapePercent().getAsDouble();
                looSum += loo; worst = Math.max(worst, loo);
                if (loo >= 2) fails++;
                for (int i = 0; i < 20; i++) {
                    var d = sets.draw(r, 0);
                    double y = gpu.boardPower(d.clockMhz(), d.placements()).watts();
                    heldSum += Math.abs(c.totalPower(d.clockMhz(), d.placements()).watts() - y) / y;
                    uncalSum += Math.abs(base.totalPower(d.clockMhz(), d.placements()).watts() - y) / y;
                    heldN++;
                }
                if (seed == 0) System.out.println(c.calibration());
            }
            System.out.printf("k=%d: mean LOO %.2f%%, worst %.2f%%, LOO>=2%% in %d/%d; held-out calibrated %.2f%%, uncalibrated %.2f%%%n",
                    k, looSum / seeds, worst, fails, seeds, 100 * heldSum / heldN, 100 * uncalSum / heldN);
        }
    }
}
