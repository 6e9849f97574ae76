package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The carbon planner for fleets: greedy merging, then local search with exact re-partitioning of small
 * windows, also started from the other baselines' partitions.
 *
 * <ol>
 *   <li>Every demand starts on a GPU of its own, at its best instance size and clock.</li>
 *   <li><b>Merging.</b> GPUs are kept in order of their makespan (models that finish together share well:
 *       a GPU is held until its last model completes). Each GPU is paired with its {@value #NEIGHBOURS}
 *       nearest neighbours on each side; a pair's gain is the carbon of the two GPUs less the best single-GPU
 *       configuration of their union ({@link GroupSearch}: every instance-size assignment on the real placement
 *       table and every clock). The largest gain is merged first, the merged GPU paired anew, until no pair
 *       gains.</li>
 *   <li><b>Local search</b>, at most {@value #PASSES} passes while anything improves: moving one model to a GPU
 *       within {@value #LOCAL_NEIGHBOURS} places, swapping two, or moving one to a GPU of its own; then every
 *       window of a GPU and any of the next {@value #WINDOW_SPAN} by makespan holding at most
 *       {@value #WINDOW_MODELS} models is re-partitioned exactly (a dynamic program over its models' subsets),
 *       which escapes the local optima single moves cannot (two models trading places through a third GPU, three
 *       GPUs regrouped onto two).</li>
 *   <li><b>Portfolio.</b> The partitions of the utilization-first and fixed-sizing baselines, each GPU
 *       re-optimized, are improved the same way where they start better; the plan is the best found. Since
 *       merging takes only gains and local search only improvements from one GPU per model, the heuristic is
 *       never worse than the dedicated, utilization-first or fixed-sizing baselines.</li>
 *   <li><b>Budget.</b> While more GPUs are used than the budget allows, the merge that loses least is made.</li>
 * </ol>
 *
 * <p>Every configuration is memoized by its set of demands, so a union asked for again costs a lookup; a window of
 * GPUs found optimal is not re-partitioned again while its GPUs stay as they are.
 *
 * <p><b>How good it is.</b> Nothing here is exact above the exact planner's limit, so every fleet plan is measured
 * against a proven lower bound ({@code MigPlanners#lowerBound}: up to 100 models the LP relaxation of set
 * partitioning by column generation, above that an area relaxation), which over-states the gap by the relaxation's
 * own slack. {@code FleetGapTest} prints the distribution (README, "Plan MIG placements", gives the
 * figures and the command). On small problems (4–8 models) with windows kept below the whole problem, so that the
 * heuristic does not simply become the exact planner, {@code HeuristicGapTest} compares it with the exact optimum:
 * a review found a worst case of 8.5 % above it (976 of 1,000 optimal); earlier claims of "at worst 0.63 %" came
 * from windows that held the whole problem.
 */
final class HeuristicPlanner extends AbstractPlanner {

    static final int NEIGHBOURS = 6;
    static final int PASSES = 2;
    static final int LOCAL_NEIGHBOURS = 3;

    /** Whether a window may hold every demand of the problem (tests switch it off to compare with the exact plan). */
    private final boolean wholeProblemWindows;

    HeuristicPlanner(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator, FrequencyTuner tuner) {
        this(profiles, device, estimator, tuner, true);
    }

    HeuristicPlanner(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator, FrequencyTuner tuner,
                     boolean wholeProblemWindows) {
        super(profiles, device, estimator, tuner);
        this.wholeProblemWindows = wholeProblemWindows;
    }

    @Override
    public String name() {
        return "heuristic";
    }

    /** One GPU during the search. */
    private static final class Gpu {
        final int id;
        final GroupChoice choice;
        boolean alive = true;

        Gpu(int id, GroupChoice choice) {
            this.id = id;
            this.choice = choice;
        }

        double key() {
            return choice.makespanS;
        }
    }

    private record Merge(double gain, Gpu a, Gpu b, GroupChoice union) {
    }

    @Override
    List<GroupChoice> search(PlanningProblem problem) {
        problem.requireEachFeasible(name());
        int n = problem.demands.length;
        List<GroupChoice> singles = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            singles.add(problem.optimize(new int[]{i}));
        }
        // Merging only takes gains and local search only improvements, so this is never worse than one GPU
        // per model (each at its best size and clock).
        // The best partition of each window's models, shared by every local search of this plan: the same
        // models meet again in other windows (after an improvement, in the next pass, from the other starts).
        Map<Members, List<GroupChoice>> partitions = new HashMap<>();
        List<GroupChoice> best = improve(problem, agglomerate(problem, singles), partitions);
        if (problem.geometry != null) {
            // The other baselines' partitions, each GPU re-optimized: searched further only if they do better.
            for (List<int[]> seed : List.of(UtilizationPlanner.partition(problem), fixedSizingPartition(n))) {
                List<GroupChoice> start = reoptimized(problem, seed);
                if (start != null && PlanningProblem.compare(cost(start), hours(start), cost(best), hours(best)) < 0) {
                    List<GroupChoice> candidate = improve(problem, start, partitions);
                    if (PlanningProblem.compare(cost(candidate), hours(candidate), cost(best), hours(best)) < 0) {
                        best = candidate;
                    }
                }
            }
        }
        if (problem.request.gpuBudget().isPresent()) {
            best = withinBudget(problem, best, problem.request.gpuBudget().getAsInt());
        }
        return best;
    }

    private static List<GroupChoice> reoptimized(PlanningProblem problem, List<int[]> partition) {
        if (partition.isEmpty()) {
            return null;
        }
        List<GroupChoice> out = new ArrayList<>();
        for (int[] members : partition) {
            GroupChoice g = problem.optimize(members);
            if (!g.feasible()) {
                return null;
            }
            out.add(g);
        }
        return out;
    }

    private static List<int[]> fixedSizingPartition(int n) {
        List<int[]> out = new ArrayList<>();
        int next = 0;
        for (int size : FixedSizingPlanner.groupSizes(n)) {
            int[] members = new int[size];
            for (int k = 0; k < size; k++) {
                members[k] = next++;
            }
            out.add(members);
        }
        return out;
    }

    static double cost(List<GroupChoice> groups) {
        double c = 0;
        for (GroupChoice g : groups) {
            c += g.cost;
        }
        return c;
    }

    static double hours(List<GroupChoice> groups) {
        double h = 0;
        for (GroupChoice g : groups) {
            h += g.gpuHours();
        }
        return h;
    }

    private static final Comparator<Gpu> BY_KEY = Comparator.comparingDouble(Gpu::key).thenComparingInt(g -> g.id);

    private List<GroupChoice> agglomerate(PlanningProblem problem, List<GroupChoice> start) {
        if (problem.geometry == null) {
            return start;
        }
        TreeSet<Gpu> order = new TreeSet<>(BY_KEY);
        int[] ids = {0};
        for (GroupChoice g : start) {
            order.add(new Gpu(ids[0]++, g));
        }
        PriorityQueue<Merge> queue = new PriorityQueue<>(Comparator.comparingDouble((Merge m) -> -m.gain)
                .thenComparingInt(m -> m.a.id).thenComparingInt(m -> m.b.id));
        for (Gpu g : order) {
            pairUp(problem, order, g, queue, true);
        }
        while (!queue.isEmpty()) {
            Merge m = queue.poll();
            if (!m.a.alive || !m.b.alive) {
                continue;
            }
            m.a.alive = false;
            m.b.alive = false;
            order.remove(m.a);
            order.remove(m.b);
            Gpu c = new Gpu(ids[0]++, m.union);
            order.add(c);
            pairUp(problem, order, c, queue, false);
        }
        List<GroupChoice> out = new ArrayList<>();
        order.forEach(g -> out.add(g.choice));
        return out;
    }

    /* Pushes g's merges with its nearest neighbours (only those after it when seeding, to push each pair once). */
    private void pairUp(PlanningProblem problem, TreeSet<Gpu> order, Gpu g, PriorityQueue<Merge> queue, boolean seeding) {
        Gpu x = g;
        for (int k = 0; k < NEIGHBOURS && (x = order.higher(x)) != null; k++) {
            offer(problem, g, x, queue);
        }
        if (!seeding) {
            x = g;
            for (int k = 0; k < NEIGHBOURS && (x = order.lower(x)) != null; k++) {
                offer(problem, x, g, queue);
            }
        }
    }

    private static void offer(PlanningProblem problem, Gpu a, Gpu b, PriorityQueue<Merge> queue) {
        int[] union = union(a.choice.members, b.choice.members);
        if (union.length > problem.gpuSlices || problem.minSlices(union) > problem.gpuSlices) {
            return;
        }
        GroupChoice u = problem.optimize(union);
        if (!u.feasible()) {
            return;
        }
        double gain = a.choice.cost + b.choice.cost - u.cost;
        if (gain > PlanningProblem.TIE * Math.abs(u.cost)) {
            queue.add(new Merge(gain, a, b, u));
        }
    }

    static int[] union(int[] a, int[] b) {
        int[] u = new int[a.length + b.length];
        System.arraycopy(a, 0, u, 0, a.length);
        System.arraycopy(b, 0, u, a.length, b.length);
        Arrays.sort(u);
        return u;
    }

    static int[] without(int[] a, int member) {
        int[] out = new int[a.length - 1];
        int k = 0;
        for (int x : a) {
            if (x != member) {
                out[k++] = x;
            }
        }
        return out;
    }

    static int[] with(int[] a, int member) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = member;
        Arrays.sort(out);
        return out;
    }

    /**
     * Moves and swaps between neighbouring GPUs, then exact re-partitioning of windows of neighbouring GPUs,
     * while they lower carbon.
     */
    private List<GroupChoice> improve(PlanningProblem problem, List<GroupChoice> start,
                                      Map<Members, List<GroupChoice>> partitions) {
        if (problem.geometry == null) {
            return start;
        }
        // Windows of exactly these GPUs already found optimal: re-partitioning them again finds nothing new.
        Set<List<GroupChoice>> settled = new HashSet<>();
        List<GroupChoice> gpus = new ArrayList<>(start);
        for (int pass = 0; pass < PASSES; pass++) {
            boolean changed = movePass(problem, gpus);
            changed |= repartitionPass(problem, gpus, wholeProblemWindows ? WINDOW_MODELS
                    : Math.min(WINDOW_MODELS, problem.demands.length - 1), settled, partitions);
            if (!changed) {
                break;
            }
        }
        return gpus;
    }

    private boolean movePass(PlanningProblem problem, List<GroupChoice> gpus) {
        gpus.sort(BY_MAKESPAN);
        boolean changed = false;
        for (int a = 0; a < gpus.size(); a++) {
            for (int b = Math.max(0, a - LOCAL_NEIGHBOURS); b < Math.min(gpus.size(), a + LOCAL_NEIGHBOURS + 1); b++) {
                if (a != b && tryMoves(problem, gpus, a, b)) {
                    changed = true;
                }
            }
            if (splitBest(problem, gpus, a)) {
                changed = true;
            }
        }
        gpus.removeIf(g -> g.members.length == 0);
        return changed;
    }

    private static final Comparator<GroupChoice> BY_MAKESPAN = Comparator.comparingDouble((GroupChoice g) -> g.makespanS)
            .thenComparingInt(g -> g.members.length == 0 ? -1 : g.members[0]);

    /** Moving one model of GPU {@code a} to a GPU of its own, if that lowers carbon. */
    private static boolean splitBest(PlanningProblem problem, List<GroupChoice> gpus, int a) {
        GroupChoice ga = gpus.get(a);
        if (ga.members.length < 2) {
            return false;
        }
        GroupChoice bestRest = null;
        GroupChoice bestAlone = null;
        double bestCost = ga.cost;
        double bestHours = ga.gpuHours();
        for (int m : ga.members) {
            GroupChoice rest = problem.optimize(without(ga.members, m));
            GroupChoice alone = problem.optimize(new int[]{m});
            if (rest.feasible() && alone.feasible() && PlanningProblem.compare(rest.cost + alone.cost,
                    rest.gpuHours() + alone.gpuHours(), bestCost, bestHours) < 0) {
                bestRest = rest;
                bestAlone = alone;
                bestCost = rest.cost + alone.cost;
                bestHours = rest.gpuHours() + alone.gpuHours();
            }
        }
        if (bestRest == null) {
            return false;
        }
        gpus.set(a, bestRest);
        gpus.add(bestAlone);
        return true;
    }

    /**
     * Re-partitions windows of GPUs exactly: each GPU with any of the next {@value #WINDOW_SPAN} by makespan (two
     * to {@value #WINDOW_SPAN} + 1 GPUs), where they hold at most {@value #WINDOW_MODELS} models: a dynamic program
     * over the subsets of their models, as the exact planner does for a whole problem. This escapes the local
     * optima that single moves and swaps cannot (two models trading places through a third GPU, or three GPUs'
     * models regrouped onto two).
     */
    private static boolean repartitionPass(PlanningProblem problem, List<GroupChoice> gpus, int windowModels,
                                           Set<List<GroupChoice>> settled,
                                           Map<Members, List<GroupChoice>> partitions) {
        gpus.sort(BY_MAKESPAN);
        boolean changed = false;
        for (int i = 0; i < gpus.size(); i++) {
            int span = Math.min(WINDOW_SPAN, gpus.size() - i - 1);
            // Smaller windows first: they are cheaper and, where they improve, change the larger ones.
            for (int size = 1; size <= span; size++) {
                for (int mask = 1; mask < 1 << span; mask++) {
                    if (Integer.bitCount(mask) != size) {
                        continue;
                    }
                    List<GroupChoice> window = new ArrayList<>(size + 1);
                    window.add(gpus.get(i));
                    int models = gpus.get(i).members.length;
                    for (int b = 0; b < span; b++) {
                        if ((mask & 1 << b) != 0) {
                            window.add(gpus.get(i + 1 + b));
                            models += gpus.get(i + 1 + b).members.length;
                        }
                    }
                    if (models > windowModels || settled.contains(window)) {
                        continue;
                    }
                    List<GroupChoice> better = repartition(problem, window, partitions);
                    if (better == null) {
                        settled.add(window);
                    }
                    if (better != null) {
                        // The list stays sorted: take the window out by index (highest first), put each new GPU
                        // in at its place. BY_MAKESPAN is a total order here (members are disjoint and non-empty),
                        // so this is the order a full sort would give, at O(n) moves instead of a sort.
                        for (int b = span - 1; b >= 0; b--) {
                            if ((mask & 1 << b) != 0) {
                                gpus.remove(i + 1 + b);
                            }
                        }
                        gpus.remove(i);
                        for (GroupChoice g : better) {
                            int at = Collections.binarySearch(gpus, g, BY_MAKESPAN);
                            gpus.add(at < 0 ? -at - 1 : at, g);
                        }
                        changed = true;
                        span = Math.min(WINDOW_SPAN, gpus.size() - i - 1);
                    }
                }
            }
        }
        return changed;
    }

    static final int WINDOW_SPAN = 4;
    static final int WINDOW_MODELS = 8;

    /** The best partition of the window's models, or null if it is not better than the window. */
    private static List<GroupChoice> repartition(PlanningProblem problem, List<GroupChoice> window,
                                                 Map<Members, List<GroupChoice>> partitions) {
        int count = 0;
        for (GroupChoice g : window) {
            count += g.members.length;
        }
        int[] all = new int[count];
        int at = 0;
        for (GroupChoice g : window) {
            System.arraycopy(g.members, 0, all, at, g.members.length);
            at += g.members.length;
        }
        Arrays.sort(all);
        // The best partition depends on the models alone (each GPU's choice is memoized), not on how the
        // window happens to split them, so it is computed once per set of models.
        Members key = new Members(all);
        List<GroupChoice> best = partitions.get(key);
        if (best == null && !partitions.containsKey(key)) {
            best = bestPartition(problem, all);
            partitions.put(key, best);
        }
        if (best == null || PlanningProblem.compare(cost(best), hours(best), cost(window), hours(window)) >= 0) {
            return null;
        }
        return best;
    }

    /** A sorted set of demand indices, as a hash key. */
    private record Members(int[] members) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Members m && Arrays.equals(members, m.members);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(members);
        }
    }

    /** The least-carbon partition of {@code all} (sorted demand indices) into GPUs, or null if there is none. */
    private static List<GroupChoice> bestPartition(PlanningProblem problem, int[] all) {
        int n = all.length;
        int full = (1 << n) - 1;
        GroupChoice[] group = new GroupChoice[full + 1];
        for (int t = 1; t <= full; t++) {
            if (!feasibleSubsets(group, t)) {
                // What cannot share a GPU cannot share it with one more.
                group[t] = GroupChoice.INFEASIBLE;
                continue;
            }
            int[] members = new int[Integer.bitCount(t)];
            int k = 0;
            for (int b = 0; b < n; b++) {
                if ((t & (1 << b)) != 0) {
                    members[k++] = all[b];
                }
            }
            group[t] = problem.optimize(members);
        }
        return ExactPlanner.unbounded(group, full);
    }

    private static boolean feasibleSubsets(GroupChoice[] group, int t) {
        if (Integer.bitCount(t) < 2) {
            return true;
        }
        for (int rest = t; rest != 0; rest &= rest - 1) {
            if (!group[t & ~(rest & -rest)].feasible()) {
                return false;
            }
        }
        return true;
    }

    private static final GroupChoice EMPTY = new GroupChoice(new int[0], new PlanningProblem.Size[0], 0, 0L, 0, 0, 0);

    private static boolean tryMoves(PlanningProblem problem, List<GroupChoice> gpus, int a, int b) {
        GroupChoice ga = gpus.get(a);
        GroupChoice gb = gpus.get(b);
        if (ga.members.length == 0 || gb.members.length == 0) {
            return false;
        }
        double before = ga.cost + gb.cost;
        double beforeHours = ga.gpuHours() + gb.gpuHours();
        GroupChoice bestA = null;
        GroupChoice bestB = null;
        double bestCost = before;
        double bestHours = beforeHours;
        for (int m : ga.members) {
            GroupChoice na = ga.members.length == 1 ? EMPTY : problem.optimize(without(ga.members, m));
            if (!na.feasible() || gb.members.length + 1 > problem.gpuSlices) {
                continue;
            }
            GroupChoice nb = problem.optimize(with(gb.members, m));
            if (nb.feasible() && PlanningProblem.compare(na.cost + nb.cost, na.gpuHours() + nb.gpuHours(), bestCost,
                    bestHours) < 0) {
                bestA = na;
                bestB = nb;
                bestCost = na.cost + nb.cost;
                bestHours = na.gpuHours() + nb.gpuHours();
            }
        }
        if (a < b) {
            for (int m : ga.members) {
                for (int q : gb.members) {
                    GroupChoice na = problem.optimize(with(without(ga.members, m), q));
                    if (!na.feasible()) {
                        continue;
                    }
                    GroupChoice nb = problem.optimize(with(without(gb.members, q), m));
                    if (nb.feasible() && PlanningProblem.compare(na.cost + nb.cost, na.gpuHours() + nb.gpuHours(),
                            bestCost, bestHours) < 0) {
                        bestA = na;
                        bestB = nb;
                        bestCost = na.cost + nb.cost;
                        bestHours = na.gpuHours() + nb.gpuHours();
                    }
                }
            }
        }
        if (bestA == null) {
            return false;
        }
        gpus.set(a, bestA);
        gpus.set(b, bestB);
        return true;
    }

    /** Merges the pair that loses least until at most {@code budget} GPUs are used. */
    private static List<GroupChoice> withinBudget(PlanningProblem problem, List<GroupChoice> start, int budget) {
        List<GroupChoice> gpus = new ArrayList<>(start);
        while (gpus.size() > budget) {
            double bestLoss = Double.POSITIVE_INFINITY;
            int bi = -1;
            int bj = -1;
            GroupChoice bu = null;
            for (int i = 0; i < gpus.size(); i++) {
                for (int j = i + 1; j < gpus.size(); j++) {
                    int[] u = union(gpus.get(i).members, gpus.get(j).members);
                    if (u.length > problem.gpuSlices) {
                        continue;
                    }
                    GroupChoice g = problem.optimize(u);
                    if (g.feasible() && g.cost - gpus.get(i).cost - gpus.get(j).cost < bestLoss) {
                        bestLoss = g.cost - gpus.get(i).cost - gpus.get(j).cost;
                        bi = i;
                        bj = j;
                        bu = g;
                    }
                }
            }
            if (bu == null) {
                throw new NoFeasiblePlanException("heuristic", List.of("no two of the plan's " + gpus.size()
                        + " GPUs can share one GPU with every SLO and memory need met; the budget is " + budget));
            }
            gpus.remove(bj);
            gpus.remove(bi);
            gpus.add(bu);
        }
        return gpus;
    }

    @Override
    List<Assumption> assumptions(PlanningProblem problem, List<GroupChoice> groups) {
        return List.of(Assumption.of("search", "heuristic", "greedy merging of GPUs with their " + NEIGHBOURS
                + " nearest neighbours by makespan; moves, swaps and exact re-partitioning of windows of up to "
                + WINDOW_MODELS + " models; also from the utilization-first and fixed-sizing partitions; each"
                + " GPU's instance sizes and clock optimal for its models (" + problem.evaluations
                + " GPU configurations evaluated)"));
    }
}
