package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.estimators.power.PowerDecomposition;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Proven lower bounds on the carbon of every feasible plan of a {@link PlanningProblem}, under the same models the
 * planners search with ({@link PlanningProblem#evaluate}).
 *
 * <p><b>The relaxation.</b> A plan's carbon is a sum over GPUs; a GPU holding models {@code k} on instances of
 * {@code s_k} compute slices at clock {@code c} until its makespan {@code M} costs
 * {@code (e + g·b_c)·M + g·∫ (expected power − b_c) dt}, with {@code e} the embodied grams per second, {@code g}
 * grams per joule and {@code b_c} the idle baseline. Two facts make that a sum over models:
 * <ul>
 *   <li>the instances of one GPU hold at most all its compute slices, so {@code M ≥ max_k T_k ≥ Σ_k (s_k / S)·T_k}
 *       for completion times {@code T_k} and {@code S} slices (with resource-share accounting, embodied carbon is
 *       exactly {@code e·Σ_k min(1, s_k / S)·T_k});</li>
 *   <li>the board draws at least {@code b_c + Σ_{k busy} δ_k} for a marginal power floor {@code δ_k}, so the
 *       expected power above the baseline is at least {@code Σ_k u_k·δ_k} while {@code k} runs (busy share
 *       {@code u_k}).</li>
 * </ul>
 * So every GPU costs at least the sum over its models of {@code a_k(s, c) = (e + g·b_c)·(s/S)·T_k + g·u_k·T_k·δ_k},
 * and every plan at least {@code Σ_k min over the sizes and clocks where k meets its SLO of a_k(s, c)}; a model on
 * the whole GPU (alone, MIG off) costs exactly its own GPU. {@code g} is the least intensity over the longest
 * completion any model can have, so a varying intensity keeps the bound valid.
 *
 * <p><b>The marginal power floor</b> is proven per estimator: additive and decomposed with summed auxiliary power
 * add each model's dynamic power, so {@code δ_k} is its power alone less the baseline; the decomposed estimator with
 * the shared wake-up rule adds each model's own power and the largest wake-up power {@code W} once; since
 * {@code W ≥ Σ_{k busy} (s_k / S)·w_k} for wake-up powers {@code w_k ≥ 0}, {@code δ_k} is its own power
 * ({@link PowerDecomposition#own()}) plus {@code (s_k / S)·w_k}. For any other estimator only the premise the search's pruning uses holds
 * (a board draws at least the power of its busiest model alone), which gives {@code δ_k = (s_k / S)·} its dynamic
 * power alone; the method says so.
 */
final class LowerBound {

    private LowerBound() {
    }

    /** The area relaxation of {@code problem}; its demands must each be feasible. */
    static PlanBound relaxation(PlanningProblem problem) {
        problem.requireEachFeasible("bound");
        int slices = problem.gpuSlices;
        String method = problem.estimator.method();
        boolean decomposed = method.equals("decomposed");
        boolean additive = method.equals("additive") || method.equals("decomposed-summed-auxiliary");
        double g = leastGramsPerJoule(problem, horizonS(problem));
        double e = problem.embodiedGramsPerSecond;
        Map<ModelPlacement, double[]> own = new HashMap<>();
        double total = 0;
        for (PlanningProblem.Demand d : problem.demands) {
            double best = Double.POSITIVE_INFINITY;
            for (PlanningProblem.Size s : d.sizes) {
                for (long bits = s.okMask(); bits != 0; bits &= bits - 1) {
                    int c = Long.numberOfTrailingZeros(bits);
                    double t = s.completion(c);
                    double share = s.whole() ? 1 : s.slices / (double) slices;
                    best = Math.min(best, (e + g * problem.baselineWatts[c]) * share * t
                            + g * s.busy(c) * t * floorWatts(problem, s, c, own));
                }
            }
            total += best;
        }
        // A relative margin keeps rounding in the evaluator (times to the nanosecond) from overtaking the bound.
        total *= 1 - 1e-9;
        String name = additive || decomposed ? "area-relaxation" : "area-relaxation-monotone-premise";
        return new PlanBound(Math.max(0, total), name, String.format(Locale.ROOT, "each model's least carbon over"
                + " its instance sizes and clocks meeting its SLO, charging it its share of the GPU's slices for the"
                + " idle baseline and embodied carbon and its marginal power floor under the %s estimator%s; at least"
                + " %.4g gCO2e/kWh", method, additive || decomposed ? "" : " (premise: a board draws at least its"
                + " busiest model's power alone)", g * 3.6e6));
    }

    /** The longest completion, in seconds, any demand can have on any size and clock meeting its SLO. */
    static double horizonS(PlanningProblem problem) {
        double horizon = 0;
        for (PlanningProblem.Demand d : problem.demands) {
            for (PlanningProblem.Size s : d.sizes) {
                for (long bits = s.okMask(); bits != 0; bits &= bits - 1) {
                    horizon = Math.max(horizon, s.completion(Long.numberOfTrailingZeros(bits)));
                }
            }
        }
        return horizon;
    }

    /**
     * The marginal power floor {@code δ} of {@code s} at clock index {@code c}, in watts (see the class comment): a
     * GPU holding it draws at least this much above its idle baseline, times its busy share, while it runs. For the
     * whole GPU, its dynamic power alone.
     */
    static double floorWatts(PlanningProblem problem, PlanningProblem.Size s, int c,
                             Map<ModelPlacement, double[]> ownCache) {
        double dynamic = problem.singlePower(s, c) - problem.baselineWatts[c];
        if (s.whole()) {
            return dynamic;
        }
        String method = problem.estimator.method();
        if (method.equals("additive") || method.equals("decomposed-summed-auxiliary")) {
            return dynamic;
        }
        double share = s.slices / (double) problem.gpuSlices;
        if (method.equals("decomposed")) {
            // Own power, and of the wake-up power the GPU draws once (the largest among its busy models, >= any
            // slice-weighted mean of theirs) this model's slice share.
            double ownW = ownPower(problem, s, c, ownCache);
            return Math.min(dynamic, ownW + share * (dynamic - ownW));
        }
        return share * dynamic;
    }

    private static double ownPower(PlanningProblem problem, PlanningProblem.Size s, int c,
                                   Map<ModelPlacement, double[]> cache) {
        double[] perClock = cache.computeIfAbsent(s.placement, k -> {
            double[] a = new double[problem.clocks.length];
            java.util.Arrays.fill(a, Double.NaN);
            return a;
        });
        if (Double.isNaN(perClock[c])) {
            perClock[c] = PowerDecomposition.of(s.demand.profile, s.placement, problem.clocks[c]).own().watts();
        }
        return perClock[c];
    }

    /** The least intensity, in grams per joule, from the request's start over {@code horizonS} seconds. */
    static double leastGramsPerJoule(PlanningProblem problem, double horizonS) {
        Instant start = problem.request.start();
        Instant end = start.plusNanos(Math.round(Math.min(horizonS, 1e9) * 1e9) + 1);
        double least = problem.request.intensity().at(start).value().gramsPerKwh();
        for (Instant t : problem.request.intensity().changesBetween(start, end)) {
            least = Math.min(least, problem.request.intensity().at(t).value().gramsPerKwh());
        }
        return Math.max(0, least) / 3.6e6;
    }
}
