package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * The carbon planner for fleets: greedy agglomeration, then local search, seeded also from the baselines.
 *
 * <ol>
 *   <li>Every demand starts on a GPU of its own, at its best instance size and clock.</li>
 *   <li><b>Merging.</b> GPUs are kept in order of their makespan (models that finish together share well:
 *       a GPU is held until its last model completes). Each GPU is paired with its {@value #NEIGHBOURS}
 *       nearest neighbours on each side; a pair's gain is the carbon of the two GPUs less the best single-GPU
 *       configuration of their union ({@link GroupSearch}: every instance-size assignment on the real placement
 *       table and every clock). The largest gain is merged first, the merged GPU paired anew, until no pair
 *       gains.</li>
 *   <li><b>Local search.</b> Moving one model to a neighbouring GPU, or swapping two, is kept when it lowers
 *       carbon; repeated until a pass changes nothing (at most {@value #PASSES} passes).</li>
 *   <li><b>Portfolio.</b> The partitions of the dedicated and utilization-first baselines, each GPU
 *       re-optimized, are improved by the same local search; the plan is the best of all. So the heuristic is
 *       never worse than those baselines, and no worse than one GPU per model.</li>
 *   <li><b>Budget.</b> While more GPUs are used than the budget allows, the merge that loses least is made.</li>
 * </ol>
 *
 * <p>Every configuration is memoized by its set of demands, so a union asked for again costs a lookup.
 */
final class HeuristicPlanner extends AbstractPlanner {

    static final int NEIGHBOURS = Integer.getInteger("gs.nb", 6);
    static final int PASSES = Integer.getInteger("gs.passes", 4);
    static final int LOCAL_NEIGHBOURS = Integer.getInteger("gs.lnb", 3);

    HeuristicPlanner(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator, FrequencyTuner tuner) {
        super(profiles, device, estimator, tuner);
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
        List<GroupChoice> best = improve(problem, agglomerate(problem, singles));
        if (problem.geometry != null) {
            // The other baselines' partitions, each GPU re-optimized: searched further only if they do better.
            for (List<int[]> seed : List.of(UtilizationPlanner.partition(problem), fixedSizingPartition(n))) {
                List<GroupChoice> start = reoptimized(problem, seed);
                if (start != null && PlanningProblem.compare(cost(start), hours(start), cost(best), hours(best)) < 0) {
                    List<GroupChoice> candidate = improve(problem, start);
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

    /** Moves and swaps between neighbouring GPUs while they lower carbon. */
    private List<GroupChoice> improve(PlanningProblem problem, List<GroupChoice> start) {
        if (problem.geometry == null) {
            return start;
        }
        List<GroupChoice> gpus = new ArrayList<>(start);
        for (int pass = 0; pass < PASSES; pass++) {
            gpus.sort(Comparator.comparingDouble((GroupChoice g) -> g.makespanS).thenComparingInt(g -> g.members[0]));
            boolean changed = false;
            for (int a = 0; a < gpus.size(); a++) {
                for (int b = Math.max(0, a - LOCAL_NEIGHBOURS); b < Math.min(gpus.size(), a + LOCAL_NEIGHBOURS + 1); b++) {
                    if (a == b || a >= gpus.size() || b >= gpus.size()) {
                        continue;
                    }
                    if (tryMoves(problem, gpus, a, b)) {
                        changed = true;
                    }
                }
            }
            gpus.removeIf(g -> g.members.length == 0);
            if (!changed) {
                break;
            }
        }
        return gpus;
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
                + " nearest neighbours by makespan, then moves and swaps, also from the dedicated and"
                + " utilization-first partitions; each GPU's instance sizes and clock optimal for its models ("
                + problem.evaluations + " GPU configurations evaluated)"));
    }
}
