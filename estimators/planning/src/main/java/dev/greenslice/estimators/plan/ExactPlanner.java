package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The exact carbon planner: the optimum over every set partition of the demands into GPUs, every assignment
 * of instance sizes some valid layout holds, and every clock.
 *
 * <p>Total carbon is a sum over GPUs (each GPU's energy, operational and embodied carbon depend on its own
 * tenants only), so the optimum is a dynamic program over subsets: the best single-GPU configuration of each
 * subset ({@link GroupSearch}), then {@code f(S) = min over T ⊆ S containing S's first demand of g(T) +
 * f(S \ T)} — every set partition, each once, in 3<sup>n</sup> steps. A subset is skipped when one of its
 * subsets cannot share a GPU (what cannot share cannot share with more), or its smallest instances need more
 * compute slices than the GPU has. With a GPU budget the program also counts GPUs. Ties within a relative
 * 10<sup>-9</sup> go to fewer GPU-hours.
 */
final class ExactPlanner extends AbstractPlanner {

    /** The most demands the exact planner takes by default: 3^8 = 6,561 steps, well under a second. */
    static final int DEFAULT_LIMIT = 8;

    private final int limit;

    ExactPlanner(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator, FrequencyTuner tuner,
                 int limit) {
        super(profiles, device, estimator, tuner);
        this.limit = limit;
    }

    @Override
    public String name() {
        return "exact";
    }

    @Override
    List<GroupChoice> search(PlanningProblem problem) {
        int n = problem.demands.length;
        if (n > limit) {
            throw new IllegalArgumentException("The exact planner takes at most " + limit + " demands (its work grows"
                    + " as 3^n); got " + n + ". Use the carbon planner, which switches to its heuristic above "
                    + DEFAULT_LIMIT);
        }
        problem.requireEachFeasible(name());
        int full = (1 << n) - 1;
        GroupChoice[] g = groups(problem, n);
        int budget = problem.request.gpuBudget().orElse(n);
        budget = Math.min(budget, n);
        List<GroupChoice> plan = budget >= n ? unbounded(g, full) : bounded(g, full, budget);
        if (plan == null) {
            int fewest = fewestGpus(g, full);
            throw new NoFeasiblePlanException(name(), List.of("at least " + fewest + " GPUs are needed to meet every"
                    + " SLO and memory need; the budget is " + problem.request.gpuBudget().getAsInt()));
        }
        return plan;
    }

    /** The best single-GPU configuration of every subset that can share one GPU. */
    static GroupChoice[] groups(PlanningProblem problem, int n) {
        int full = (1 << n) - 1;
        GroupChoice[] g = new GroupChoice[full + 1];
        int[] minSlices = new int[n];
        for (int i = 0; i < n; i++) {
            int m = Integer.MAX_VALUE;
            for (PlanningProblem.Size s : problem.demands[i].sizes) {
                if (!s.whole()) {
                    m = Math.min(m, s.slices);
                }
            }
            minSlices[i] = m;
        }
        for (int mask = 1; mask <= full; mask++) {
            int m = Integer.bitCount(mask);
            if (m > 1) {
                boolean subsetsOk = true;
                long slices = 0;
                for (int i = 0; i < n && subsetsOk; i++) {
                    if ((mask & (1 << i)) != 0) {
                        GroupChoice sub = g[mask ^ (1 << i)];
                        subsetsOk = sub != null && sub.feasible();
                        slices += minSlices[i];
                    }
                }
                if (!subsetsOk || slices > problem.gpuSlices) {
                    g[mask] = GroupChoice.INFEASIBLE;
                    continue;
                }
            }
            int[] members = new int[m];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    members[k++] = i;
                }
            }
            g[mask] = problem.optimize(members);
        }
        return g;
    }

    /**
     * The least-carbon partition of the subset {@code full} into groups, ties broken by fewer GPU-hours: a dynamic
     * program over subsets, each subset's best split taking the group that holds its lowest member.
     *
     * @param g    every non-empty subset's best single-GPU choice (infeasible ones included), indexed by bit mask
     * @param full the mask of all members
     * @return the groups, or null if no partition is feasible
     */
    static List<GroupChoice> unbounded(GroupChoice[] g, int full) {
        double[] cost = new double[full + 1];
        double[] hours = new double[full + 1];
        int[] choice = new int[full + 1];
        Arrays.fill(cost, Double.POSITIVE_INFINITY);
        cost[0] = 0;
        for (int mask = 1; mask <= full; mask++) {
            int low = mask & -mask;
            int rest = mask ^ low;
            for (int sub = rest; ; sub = (sub - 1) & rest) {
                int t = sub | low;
                GroupChoice gt = g[t];
                double other = cost[mask ^ t];
                if (gt.feasible() && other < Double.POSITIVE_INFINITY) {
                    double c = gt.cost + other;
                    double h = gt.gpuHours() + hours[mask ^ t];
                    if (cost[mask] == Double.POSITIVE_INFINITY
                            || PlanningProblem.compare(c, h, cost[mask], hours[mask]) < 0) {
                        cost[mask] = c;
                        hours[mask] = h;
                        choice[mask] = t;
                    }
                }
                if (sub == 0) {
                    break;
                }
            }
        }
        if (cost[full] == Double.POSITIVE_INFINITY) {
            return null;
        }
        List<GroupChoice> out = new ArrayList<>();
        for (int mask = full; mask != 0; mask ^= choice[mask]) {
            out.add(g[choice[mask]]);
        }
        return out;
    }

    private static List<GroupChoice> bounded(GroupChoice[] g, int full, int budget) {
        double[][] cost = new double[budget + 1][full + 1];
        double[][] hours = new double[budget + 1][full + 1];
        int[][] choice = new int[budget + 1][full + 1];
        for (double[] row : cost) {
            Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        cost[0][0] = 0;
        for (int k = 1; k <= budget; k++) {
            for (int mask = 1; mask <= full; mask++) {
                int low = mask & -mask;
                int rest = mask ^ low;
                for (int sub = rest; ; sub = (sub - 1) & rest) {
                    int t = sub | low;
                    GroupChoice gt = g[t];
                    double other = cost[k - 1][mask ^ t];
                    if (gt.feasible() && other < Double.POSITIVE_INFINITY) {
                        double c = gt.cost + other;
                        double h = gt.gpuHours() + hours[k - 1][mask ^ t];
                        if (cost[k][mask] == Double.POSITIVE_INFINITY
                                || PlanningProblem.compare(c, h, cost[k][mask], hours[k][mask]) < 0) {
                            cost[k][mask] = c;
                            hours[k][mask] = h;
                            choice[k][mask] = t;
                        }
                    }
                    if (sub == 0) {
                        break;
                    }
                }
            }
        }
        int bestK = -1;
        for (int k = 1; k <= budget; k++) {
            if (cost[k][full] < Double.POSITIVE_INFINITY && (bestK < 0
                    || PlanningProblem.compare(cost[k][full], hours[k][full], cost[bestK][full], hours[bestK][full]) < 0)) {
                bestK = k;
            }
        }
        if (bestK < 0) {
            return null;
        }
        List<GroupChoice> out = new ArrayList<>();
        int mask = full;
        for (int k = bestK; k > 0 && mask != 0; k--) {
            int t = choice[k][mask];
            out.add(g[t]);
            mask ^= t;
        }
        return out;
    }

    /** The fewest GPUs any feasible partition uses. */
    static int fewestGpus(GroupChoice[] g, int full) {
        int[] count = new int[full + 1];
        Arrays.fill(count, Integer.MAX_VALUE);
        count[0] = 0;
        for (int mask = 1; mask <= full; mask++) {
            int low = mask & -mask;
            int rest = mask ^ low;
            for (int sub = rest; ; sub = (sub - 1) & rest) {
                int t = sub | low;
                if (g[t].feasible() && count[mask ^ t] != Integer.MAX_VALUE) {
                    count[mask] = Math.min(count[mask], count[mask ^ t] + 1);
                }
                if (sub == 0) {
                    break;
                }
            }
        }
        return count[full];
    }

    @Override
    List<Assumption> assumptions(PlanningProblem problem, List<GroupChoice> groups) {
        int n = problem.demands.length;
        return List.of(Assumption.of("search", "exact", "optimum over every set partition of the " + n
                + " demands, every instance-size assignment a valid layout of " + problem.gpu.id()
                + " holds and every clock" + (problem.request.tuneClocks() ? "" : " (clock tuning off: highest"
                + " common clock)") + "; " + problem.evaluations + " GPU configurations evaluated"));
    }
}
