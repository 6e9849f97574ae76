package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.tune.ClockPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The online tuner's claim on the simulated A100: at most 5 probes where the exhaustive sweep takes 15 (9 for
 * sets holding gpt or a diffusion model; 14 where an EnerTune cell lacks a clock), landing within 1 % carbon
 * per request of the sweep's best, over random model sets, batch sizes, loads, SLOs and intensities.
 *
 * <p>What the claim rests on, and what the test does where it does not hold:
 * <ul>
 *   <li>Latency does not fall as the clock falls, so the clocks meeting every SLO are the top ones. Sets where
 *       the measured profiles break that are counted and left out. Sets where no clock meets every SLO are
 *       checked for the tuner agreeing, after probing the fastest clock.</li>
 *   <li>Carbon per request is unimodal over the feasible clocks of the search's window (the top 12). The
 *       EnerTune measurements have small bumps (a throughput that dips at one clock), so about one curve in
 *       seven is not unimodal: no search of 5 comparisons can be exact on arbitrary curves of 15 points. There
 *       the test still checks the probe budget and that the tuner applies its best probe, and records the gap
 *       (in a 5,000-set run: 332 such curves, 8 of them more than 1 % off, by at most 2.3 %; all 3,245
 *       unimodal curves exact).</li>
 * </ul>
 * The distribution of the gap is printed to the test's output.
 */
class OnlineTunerPropertyTest {

    private static final int EXAMPLES = Integer.getInteger("greenslice.tuner.examples", 200);
    private static final List<Double> GAPS = Collections.synchronizedList(new ArrayList<>());
    private static final List<Integer> PROBES = Collections.synchronizedList(new ArrayList<>());
    private static final List<Double> BUMPY_GAPS = Collections.synchronizedList(new ArrayList<>());
    private static int infeasible;
    private static int nonMonotone;

    @Test
    void fewProbesLandWithinOnePercentOfTheSweep() {
        qt().withExamples(EXAMPLES).forAll(
                integers().between(0, ModelSets.LAYOUTS.length - 1),
                longs().all(),
                integers().between(0, ModelSets.Load.values().length - 1),
                doubles().between(Math.log(5), Math.log(900))
        ).checkAssert((layout, seed, load, logIntensity) -> {
            ModelSets.ModelSet set = ModelSets.draw(layout, seed, ModelSets.Load.values()[load], Math.exp(logIntensity));
            OnlineTuning tuned;
            OnlineTuning sweep;
            try (ModelSets.Tuned t = ModelSets.tuner(set, ClockSearch.fibonacci())) {
                tuned = t.tuner().tune();
            }
            try (ModelSets.Tuned t = ModelSets.tuner(set, ClockSearch.exhaustive())) {
                sweep = t.tuner().tune();
            }
            int candidates = sweep.candidates();
            assertEquals(candidates, sweep.probeCount(), "the sweep probes every candidate");
            assertTrue(candidates >= 9 && candidates <= 15, () -> candidates + " candidates for " + set);
            assertTrue(tuned.probeCount() <= 5, () -> tuned.probeCount() + " probes for " + set);
            assertEquals(tuned.probeCount(), tuned.probes().stream().mapToInt(ProbePoint::clockMhz).distinct().count(),
                    "never probes a clock twice");
            PROBES.add(tuned.probeCount());
            List<ClockPoint> curve = sweep.result().curve();
            int firstMet = -1;
            boolean monotone = true;
            for (int i = 0; i < curve.size(); i++) {
                if (curve.get(i).meetsSlos() && firstMet < 0) {
                    firstMet = i;
                } else if (!curve.get(i).meetsSlos() && firstMet >= 0) {
                    monotone = false;
                }
            }
            if (sweep.result().chosenClockMhz().isEmpty()) {
                infeasible++;
                assertEquals(OnlineTuning.Action.NO_CLOCK_MEETS_SLOS, tuned.action(), set::toString);
                assertTrue(tuned.probeAt(1410).isPresent(), "the verdict rests on the fastest clock");
                return;
            }
            if (!monotone) {
                nonMonotone++;
                return;
            }
            double best = sweep.chosenCarbonPerRequest().orElseThrow().grams();
            double found = tuned.chosenCarbonPerRequest().orElseThrow().grams();
            double gap = (found - best) / best;
            assertEquals(tuned.clockMhz(), tuned.result().chosenClockMhz(), "the chosen clock is applied");
            assertTrue(gap >= -1e-12, "the tuner cannot beat the sweep it is part of");
            if (!unimodalOverTheWindow(curve)) {
                BUMPY_GAPS.add(gap);
                return;
            }
            GAPS.add(gap);
            assertTrue(gap <= 0.01, () -> String.format(Locale.ROOT, "%.2f %% above the sweep's best for %s: tuner "
                    + "%s, sweep %s", 100 * gap, set, tuned.result().curve(), sweep.result().chosen().orElseThrow()));
        });
    }

    /** Whether carbon per request falls then rises over the feasible clocks among the top 12, as the search assumes. */
    private static boolean unimodalOverTheWindow(List<ClockPoint> curve) {
        List<Double> v = new ArrayList<>();
        for (ClockPoint p : curve.subList(Math.max(0, curve.size() - 12), curve.size())) {
            if (p.meetsSlos()) {
                v.add(p.total().value().grams());
            }
        }
        int i = 1;
        while (i < v.size() && v.get(i) < v.get(i - 1)) {
            i++;
        }
        while (i < v.size() && v.get(i) > v.get(i - 1)) {
            i++;
        }
        return i >= v.size();
    }

    @AfterAll
    static void reportTheGapDistribution() {
        List<Double> gaps = new ArrayList<>(GAPS);
        Collections.sort(gaps);
        int n = gaps.size();
        assertTrue(n >= EXAMPLES / 3, "too few unimodal feasible sets to judge: " + n + " of " + EXAMPLES);
        long exact = gaps.stream().filter(g -> g < 1e-9).count();
        List<Double> bumpy = new ArrayList<>(BUMPY_GAPS);
        Collections.sort(bumpy);
        System.out.printf(Locale.ROOT, "online tuner vs exhaustive sweep over %d model sets: probes max %d, mean %.2f;"
                        + " %d sets without a feasible clock (agreed), %d with SLO-feasible clocks not a top range;%n"
                        + "  %d unimodal curves: gap to the sweep's best exact in %d (%.1f %%), median %.4f %%, p90 %.4f %%,"
                        + " p99 %.4f %%, max %.4f %%;%n"
                        + "  %d curves with bumps: %d more than 1 %% off, max %.4f %%%n",
                PROBES.size(), PROBES.stream().mapToInt(i -> i).max().orElse(0),
                PROBES.stream().mapToInt(i -> i).average().orElse(0), infeasible, nonMonotone, n, exact,
                100.0 * exact / n, 100 * gaps.get(n / 2), 100 * gaps.get(n * 9 / 10),
                100 * gaps.get(Math.min(n - 1, n * 99 / 100)), 100 * gaps.get(n - 1), bumpy.size(),
                bumpy.stream().filter(g -> g > 0.01).count(), bumpy.isEmpty() ? 0 : 100 * bumpy.get(bumpy.size() - 1));
    }
}
