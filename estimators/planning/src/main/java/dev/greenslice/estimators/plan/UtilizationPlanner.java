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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Utilization-first packing: each model on the smallest instance (fewest compute slices, then fewest memory
 * slots) that holds its memory and meets its SLO at the highest clock, packed onto the fewest GPUs some valid
 * layout allows — exactly (a dynamic program over subsets) up to {@value #EXACT_LIMIT} demands, by first fit
 * decreasing above. Carbon plays no part in the packing; each GPU's clock is then chosen like every other
 * planner's.
 */
final class UtilizationPlanner extends AbstractPlanner {

    static final int EXACT_LIMIT = 12;

    UtilizationPlanner(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator,
                       FrequencyTuner tuner) {
        super(profiles, device, estimator, tuner);
    }

    @Override
    public String name() {
        return "utilization";
    }

    /** The utilization-first partition of the demands (members per GPU), for seeding other searches. */
    static List<int[]> partition(PlanningProblem problem) {
        int n = problem.demands.length;
        PlanningProblem.Size[] size = new PlanningProblem.Size[n];
        for (PlanningProblem.Demand d : problem.demands) {
            size[d.index] = smallest(problem, d);
            if (size[d.index] == null) {
                return List.of();
            }
        }
        return n <= EXACT_LIMIT ? exact(problem, size) : firstFitDecreasing(problem, size);
    }

    @Override
    List<GroupChoice> search(PlanningProblem problem) {
        problem.requireEachFeasible(name());
        int n = problem.demands.length;
        PlanningProblem.Size[] size = new PlanningProblem.Size[n];
        List<String> reasons = new ArrayList<>();
        for (PlanningProblem.Demand d : problem.demands) {
            size[d.index] = smallest(problem, d);
            if (size[d.index] == null) {
                reasons.add(d.name() + " misses its SLO on every instance at the highest clock");
            }
        }
        if (!reasons.isEmpty()) {
            throw new NoFeasiblePlanException(name(), reasons);
        }
        List<int[]> bins = n <= EXACT_LIMIT ? exact(problem, size) : firstFitDecreasing(problem, size);
        List<GroupChoice> out = new ArrayList<>();
        for (int[] members : bins) {
            PlanningProblem.Size[] sizes = new PlanningProblem.Size[members.length];
            long multiset = 0;
            for (int k = 0; k < members.length; k++) {
                sizes[k] = size[members[k]];
                multiset += sizes[k].unit;
            }
            GroupChoice g = problem.bestClock(members, sizes, multiset);
            if (!g.feasible()) {
                throw new NoFeasiblePlanException(name(), List.of("the packing " + Arrays.stream(sizes)
                        .map(s -> s.demand.name() + "@" + s.label()).toList() + " has no clock meeting every SLO"));
            }
            out.add(g);
        }
        return out;
    }

    private static PlanningProblem.Size smallest(PlanningProblem problem, PlanningProblem.Demand d) {
        PlanningProblem.Size best = null;
        for (PlanningProblem.Size s : d.sizes) {
            List<Integer> clocks = problem.clockCandidates(new PlanningProblem.Size[]{s});
            if (clocks.isEmpty() || !s.meetsSlo(clocks.get(clocks.size() - 1))) {
                continue;
            }
            if (best == null || s.slices < best.slices || (s.slices == best.slices && s.memorySlots < best.memorySlots)) {
                best = s;
            }
        }
        return best;
    }

    private static boolean fits(PlanningProblem problem, PlanningProblem.Size[] size, int[] members) {
        if (members.length == 1) {
            return true;
        }
        long multiset = 0;
        int slices = 0;
        for (int m : members) {
            if (size[m].whole()) {
                return false;
            }
            multiset += size[m].unit;
            slices += size[m].slices;
        }
        return slices <= problem.gpuSlices && problem.layouts.feasible(multiset);
    }

    private static List<int[]> exact(PlanningProblem problem, PlanningProblem.Size[] size) {
        int n = size.length;
        int full = (1 << n) - 1;
        boolean[] ok = new boolean[full + 1];
        for (int mask = 1; mask <= full; mask++) {
            ok[mask] = (problem.geometry != null || Integer.bitCount(mask) == 1) && fits(problem, size, members(mask, n));
        }
        int[] count = new int[full + 1];
        int[] choice = new int[full + 1];
        Arrays.fill(count, Integer.MAX_VALUE);
        count[0] = 0;
        for (int mask = 1; mask <= full; mask++) {
            int low = mask & -mask;
            int rest = mask ^ low;
            for (int sub = rest; ; sub = (sub - 1) & rest) {
                int t = sub | low;
                if (ok[t] && count[mask ^ t] != Integer.MAX_VALUE && count[mask ^ t] + 1 < count[mask]) {
                    count[mask] = count[mask ^ t] + 1;
                    choice[mask] = t;
                }
                if (sub == 0) {
                    break;
                }
            }
        }
        List<int[]> out = new ArrayList<>();
        for (int mask = full; mask != 0; mask ^= choice[mask]) {
            out.add(members(choice[mask], n));
        }
        return out;
    }

    private static int[] members(int mask, int n) {
        int[] m = new int[Integer.bitCount(mask)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if ((mask & (1 << i)) != 0) {
                m[k++] = i;
            }
        }
        return m;
    }

    private static List<int[]> firstFitDecreasing(PlanningProblem problem, PlanningProblem.Size[] size) {
        Integer[] order = new Integer[size.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -size[i].slices)
                .thenComparingInt(i -> -size[i].memorySlots).thenComparingInt(i -> i));
        List<List<Integer>> bins = new ArrayList<>();
        // Whether a model fits a bin depends only on the bin's profile multiset and slice count (fits()), so the
        // open bins are kept by that state, each state's bins by index: the first bin that fits is the least
        // index among the states that fit, found in O(states) rather than by scanning every bin, which made
        // first fit O(n x bins). Bins holding a whole GPU take nothing more and are left out.
        Map<BinState, TreeSet<Integer>> open = new HashMap<>();
        for (int i : order) {
            int placed = -1;
            BinState from = null;
            if (!size[i].whole() && problem.geometry != null) {
                for (Map.Entry<BinState, TreeSet<Integer>> e : open.entrySet()) {
                    BinState b = e.getKey();
                    int first = e.getValue().first();
                    if ((placed < 0 || first < placed) && b.slices + size[i].slices <= problem.gpuSlices
                            && problem.layouts.feasible(b.multiset + size[i].unit)) {
                        placed = first;
                        from = b;
                    }
                }
            }
            if (placed >= 0) {
                bins.get(placed).add(i);
                TreeSet<Integer> left = open.get(from);
                left.remove(placed);
                if (left.isEmpty()) {
                    open.remove(from);
                }
                open.computeIfAbsent(new BinState(from.multiset + size[i].unit, from.slices + size[i].slices),
                        k -> new TreeSet<>()).add(placed);
            } else {
                bins.add(new ArrayList<>(List.of(i)));
                if (!size[i].whole()) {
                    open.computeIfAbsent(new BinState(size[i].unit, size[i].slices), k -> new TreeSet<>())
                            .add(bins.size() - 1);
                }
            }
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> bin : bins) {
            out.add(bin.stream().mapToInt(Integer::intValue).sorted().toArray());
        }
        return out;
    }

    /** What decides whether one more model fits a bin: its MIG profile multiset and its compute slices. */
    private record BinState(long multiset, int slices) {
    }

    @Override
    List<Assumption> assumptions(PlanningProblem problem, List<GroupChoice> groups) {
        return List.of(Assumption.of("search", "utilization-first", "each model on its smallest instance that meets"
                + " its SLO at the highest clock, packed onto the fewest GPUs ("
                + (problem.demands.length <= EXACT_LIMIT ? "exact" : "first fit decreasing") + ")"));
    }
}
