package dev.greenslice.nvml;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

/** The split of one interval's energy: every rule conserves it, and no share is negative or larger than the whole. */
class ProcessSharesTest {

    private static final int EXAMPLES = Integer.getInteger("greenslice.test.examples", 2000);

    @Test
    void sharesPlusUnattributedAddUpToTheIntervalForEveryRule() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = r.nextInt(9);
            double[] activity = new double[n];
            for (int i = 0; i < n; i++) {
                // idle processes, ordinary time-slicing, and MPS overlap that adds up past 1
                activity[i] = r.nextInt(4) == 0 ? 0 : r.nextDouble() * (r.nextBoolean() ? 1 : 0.3);
            }
            double joules = r.nextInt(10) == 0 ? 0 : r.nextDouble() * Math.pow(10, r.nextInt(7) - 2);
            double seconds = r.nextDouble() * 5;
            double baseline = r.nextInt(5) == 0 ? 1e9 : r.nextDouble() * 400; // sometimes above the interval's power
            for (StaticEnergyRule rule : StaticEnergyRule.values()) {
                ProcessShares s = new ProcessShares();
                double[] shares = new double[n];
                s.split(joules, seconds, baseline, activity, n, rule, shares);
                double sum = s.staticUnattributed + s.dynamicUnattributed;
                for (double x : shares) {
                    assertTrue(x >= 0 && x <= joules * (1 + 1e-12), rule + ": share " + x + " of " + joules);
                    sum += x;
                }
                assertTrue(s.staticUnattributed >= -1e-12 && s.dynamicUnattributed >= -1e-12);
                assertEquals(joules, sum, 1e-9 * Math.max(1, joules), rule + " seed " + seed);
            }
        });
    }

    @Test
    void anIdleProcessGetsNothingAndTheRulesDifferOnlyInTheBaseline() {
        ProcessShares s = new ProcessShares();
        double[] activity = {0.5, 0.0, 0.25};
        double[] shares = new double[3];
        // 10 s at 300 W, baseline 100 W: 1000 J baseline, 2000 J dynamic, 75 % busy
        s.split(3000, 10, 100, activity, 3, StaticEnergyRule.BY_ACTIVE_TIME, shares);
        assertEquals(2000 * 2.0 / 3 + 1000 * 0.5, shares[0], 1e-9);
        assertEquals(0, shares[1], 0);
        assertEquals(250, s.staticUnattributed, 1e-9, "the idle quarter of the baseline");
        s.split(3000, 10, 100, activity, 3, StaticEnergyRule.BY_SHARE_OF_ACTIVITY, shares);
        assertEquals(3000 * 2.0 / 3, shares[0], 1e-9);
        assertEquals(0, s.staticUnattributed, 0);
        s.split(3000, 10, 100, activity, 3, StaticEnergyRule.NOT_ATTRIBUTED, shares);
        assertEquals(2000 * 2.0 / 3, shares[0], 1e-9);
        assertEquals(1000, s.staticUnattributed, 1e-9);
        s.split(3000, 10, 100, new double[0], 0, StaticEnergyRule.BY_SHARE_OF_ACTIVITY, new double[0]);
        assertEquals(2000, s.dynamicUnattributed, 1e-9, "nobody active: nobody's");
    }
}
