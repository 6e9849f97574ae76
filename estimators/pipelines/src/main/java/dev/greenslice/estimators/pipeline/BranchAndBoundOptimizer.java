package dev.greenslice.estimators.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The exact optimizer: depth-first branch and bound over stages, after removing options that cannot be
 * part of any feasible configuration and options dominated within their stage.
 *
 * <p><b>Why it returns an optimum.</b> Write a configuration as one option {@code o_s} per stage. Its score
 * is {@code α·Π a(o_s) − Σ c(o_s)} with accuracies {@code a ∈ [0, 1]}, {@code α ≥ 0} and per-stage costs
 * {@code c} (β·resources + γ·batch + δ·footprint, each weight ≥ 0); it is feasible iff every {@code o_s}
 * sustains λ and {@code Σ L(o_s) ≤ SLA}, with stage latencies {@code L ≥ 0}.
 * <ol>
 *   <li><i>Local filter.</i> An option that does not sustain λ, has no profile, or has {@code L > SLA}
 *       appears in no feasible configuration (the other stages add non-negative latency). Removing it
 *       loses nothing.</li>
 *   <li><i>Dominance.</i> If, within one stage, option {@code p} has {@code a(p) ≥ a(q)},
 *       {@code c(p) ≤ c(q)} and {@code L(p) ≤ L(q)}, then swapping {@code q} for {@code p} in any feasible
 *       configuration keeps it feasible (latency does not grow, {@code p} sustains λ) and does not lower
 *       its score (the product of non-negative accuracies is non-decreasing in each factor and α ≥ 0).
 *       So some optimum uses only non-dominated options.</li>
 *   <li><i>Bounds.</i> At a node that has fixed stages {@code < s}, every completion has latency at least
 *       {@code L_fixed + Σ_{k≥s} min L} and score at most
 *       {@code α·A_fixed·Π_{k≥s} max a − (C_fixed + Σ_{k≥s} min c)}. A branch is cut only when the first
 *       exceeds the SLA or the second is below the incumbent score, so no cut branch holds a feasible
 *       configuration better than the incumbent. (Both tests carry a relative slack of 1e-12 so that
 *       floating-point rounding can only keep a branch, never wrongly cut one.)</li>
 *   <li>Every branch not cut is enumerated, and leaves are scored with the same arithmetic as
 *       {@link Pipeline#assess}; the incumbent changes only on a strictly higher score.</li>
 * </ol>
 * Hence the result's score equals the maximum over all feasible configurations, and the result is empty
 * exactly when no configuration is feasible. The tests check this against plain exhaustive search.
 *
 * <p>Stateless and thread-safe.
 */
final class BranchAndBoundOptimizer implements PipelineOptimizer {

    private static final double SLACK = 1e-12;

    @Override
    public String name() {
        return "exact";
    }

    @Override
    public Optimization optimize(Pipeline pipeline, Objective objective, Demand demand,
                                 Optional<PipelineConfiguration> current) {
        SearchSpace space = new SearchSpace(pipeline, objective, demand);
        return solve(space, "exact: branch and bound over non-dominated options");
    }

    static Optimization solve(SearchSpace space, String method) {
        int stages = space.stages;
        int[][] kept = new int[stages][];
        for (int s = 0; s < stages; s++) {
            kept[s] = nonDominated(space, s);
            if (kept[s].length == 0) {
                return new Optimization(Optional.empty(), 0, method + "; stage '"
                        + space.pipeline.stages().get(s).name() + "' has no option that sustains "
                        + space.lambda + " requests/s within the SLA");
            }
        }
        double[] suffixMaxAcc = new double[stages + 1];
        double[] suffixMinCost = new double[stages + 1];
        double[] suffixMinLat = new double[stages + 1];
        suffixMaxAcc[stages] = 1;
        for (int s = stages - 1; s >= 0; s--) {
            double maxAcc = 0;
            double minCost = Double.POSITIVE_INFINITY;
            double minLat = Double.POSITIVE_INFINITY;
            for (int o : kept[s]) {
                maxAcc = Math.max(maxAcc, space.accuracy[s][o]);
                minCost = Math.min(minCost, space.cost[s][o]);
                minLat = Math.min(minLat, space.latency[s][o]);
            }
            suffixMaxAcc[s] = suffixMaxAcc[s + 1] * maxAcc;
            suffixMinCost[s] = suffixMinCost[s + 1] + minCost;
            suffixMinLat[s] = suffixMinLat[s + 1] + minLat;
        }
        Search search = new Search(space, kept, suffixMaxAcc, suffixMinCost, suffixMinLat);
        search.dfs(0, 1, 0, 0);
        if (search.best == null) {
            return new Optimization(Optional.empty(), search.nodes, method + "; no configuration meets the SLA at "
                    + space.lambda + " requests/s");
        }
        return new Optimization(Optional.of(space.assess(search.best)), search.nodes, method);
    }

    /** The stage's locally feasible options with dominated ones removed, best-looking first. */
    static int[] nonDominated(SearchSpace space, int s) {
        List<Integer> candidates = new ArrayList<>();
        for (int o = 0; o < space.optionCount[s]; o++) {
            if (space.local[s][o]) {
                candidates.add(o);
            }
        }
        double[] a = space.accuracy[s];
        double[] c = space.cost[s];
        double[] l = space.latency[s];
        candidates.sort(Comparator.<Integer>comparingDouble(o -> c[o]).thenComparingDouble(o -> l[o])
                .thenComparingDouble(o -> -a[o]).thenComparingInt(o -> o));
        List<Integer> kept = new ArrayList<>();
        for (int q : candidates) {
            boolean dominated = false;
            for (int p : kept) {
                if (a[p] >= a[q] && c[p] <= c[q] && l[p] <= l[q]) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                kept.add(q);
            }
        }
        double alpha = space.objective.accuracyWeight();
        kept.sort(Comparator.<Integer>comparingDouble(o -> -(alpha * a[o] - c[o])).thenComparingInt(o -> o));
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    private static final class Search {
        final SearchSpace space;
        final int[][] kept;
        final double[] suffixMaxAcc;
        final double[] suffixMinCost;
        final double[] suffixMinLat;
        final double alpha;
        final double slaLimit;
        final int[] options;
        int[] best;
        double bestScore = Double.NEGATIVE_INFINITY;
        long nodes;

        Search(SearchSpace space, int[][] kept, double[] suffixMaxAcc, double[] suffixMinCost, double[] suffixMinLat) {
            this.space = space;
            this.kept = kept;
            this.suffixMaxAcc = suffixMaxAcc;
            this.suffixMinCost = suffixMinCost;
            this.suffixMinLat = suffixMinLat;
            this.alpha = space.objective.accuracyWeight();
            this.slaLimit = space.slaSeconds * (1 + SLACK);
            this.options = new int[space.stages];
        }

        void dfs(int s, double acc, double cost, double lat) {
            int last = space.stages - 1;
            for (int o : kept[s]) {
                nodes++;
                double l = lat + space.latency[s][o];
                if (l + suffixMinLat[s + 1] > slaLimit) {
                    continue;
                }
                double a = acc * space.accuracy[s][o];
                double c = cost + space.cost[s][o];
                if (best != null) {
                    double bound = alpha * a * suffixMaxAcc[s + 1] - (c + suffixMinCost[s + 1]);
                    if (bound < bestScore - SLACK * Math.max(1, Math.abs(bestScore))) {
                        continue;
                    }
                }
                options[s] = o;
                if (s == last) {
                    if (space.feasible(options)) {
                        double score = space.score(options);
                        if (score > bestScore) {
                            bestScore = score;
                            best = options.clone();
                        }
                    }
                } else {
                    dfs(s + 1, a, c, l);
                }
            }
        }
    }
}
