package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.workload.ServingModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The study's fixed sizing: two models share a GPU as 4/7 for the larger and 3/7 for the other; three as 3/7
 * for the largest and 2/7 for each other. <em>Larger</em> means larger compute demand: the GPU time the model's
 * requests need on its reference configuration (batches × the batch interval alone on the largest instance at
 * the highest clock); ties go to the larger memory need, then to request order. Memory need is a constraint,
 * not the size: a model whose need its fixed instance cannot hold makes the plan infeasible.
 *
 * <p>Grouping: the demands in request order — one alone gets a whole GPU; two or three share one GPU; more are
 * cut into consecutive threes, ending with two twos where one would be left over (4 → 2 + 2, 7 → 3 + 2 + 2).
 */
final class FixedSizingPlanner extends AbstractPlanner {

    FixedSizingPlanner(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator,
                       FrequencyTuner tuner) {
        super(profiles, device, estimator, tuner);
    }

    @Override
    public String name() {
        return "fixed-sizing";
    }

    /** The group sizes for {@code n} demands. */
    static List<Integer> groupSizes(int n) {
        List<Integer> sizes = new ArrayList<>();
        if (n == 1) {
            sizes.add(1);
            return sizes;
        }
        int left = n;
        while (left > 0) {
            if (left == 4) {
                sizes.add(2);
                sizes.add(2);
                left = 0;
            } else if (left == 2 || left == 3) {
                sizes.add(left);
                left = 0;
            } else {
                sizes.add(3);
                left -= 3;
            }
        }
        return sizes;
    }

    @Override
    List<GroupChoice> search(PlanningProblem problem) {
        problem.requireEachFeasible(name());
        if (problem.geometry == null && problem.demands.length > 1) {
            throw new NoFeasiblePlanException(name(), List.of(problem.gpu.id() + " has no MIG; fixed sizing shares"
                    + " GPUs on MIG instances"));
        }
        List<GroupChoice> out = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        int next = 0;
        for (int size : groupSizes(problem.demands.length)) {
            List<PlanningProblem.Demand> group = new ArrayList<>();
            for (int k = 0; k < size; k++) {
                group.add(problem.demands[next++]);
            }
            if (size == 1) {
                GroupChoice g = problem.dedicated(group.get(0));
                if (!g.feasible()) {
                    reasons.add(group.get(0).name() + " misses its SLO on a GPU of its own at every clock");
                }
                out.add(g);
                continue;
            }
            List<PlanningProblem.Demand> bySize = new ArrayList<>(group);
            bySize.sort(Comparator.comparingDouble(FixedSizingPlanner::computeDemand).reversed()
                    .thenComparing(Comparator.comparingDouble((PlanningProblem.Demand d) -> d.memoryNeedGb).reversed())
                    .thenComparingInt(d -> d.index));
            int[] slices = size == 2 ? new int[]{4, 3} : new int[]{3, 2, 2};
            int[] members = group.stream().mapToInt(d -> d.index).toArray();
            PlanningProblem.Size[] sizes = new PlanningProblem.Size[size];
            long multiset = 0;
            boolean ok = true;
            for (int r = 0; r < size; r++) {
                PlanningProblem.Demand d = bySize.get(r);
                PlanningProblem.Size s = sizeOf(d, slices[r]);
                if (s == null) {
                    reasons.add(String.format(Locale.ROOT, "fixed sizing gives %s %d/7 of a GPU, but %s", d.name(),
                            slices[r], problem.infeasibility(d) != null ? problem.infeasibility(d)
                                    : "its profile has no " + slices[r] + "-slice cells at batch "
                                    + d.demand.batchSize() + " or that instance cannot hold its "
                                    + d.memoryNeedGb + " GB"));
                    ok = false;
                    break;
                }
                sizes[group.indexOf(d)] = s;
                multiset += s.unit;
            }
            if (!ok) {
                continue;
            }
            GroupChoice g = problem.bestClock(members, sizes, multiset);
            if (!g.feasible()) {
                reasons.add("fixed sizing of " + group.stream().map(PlanningProblem.Demand::name).toList()
                        + " (" + java.util.Arrays.stream(sizes).map(PlanningProblem.Size::label).toList()
                        + ") misses an SLO at every clock: " + missing(problem, sizes));
            }
            out.add(g);
        }
        if (!reasons.isEmpty()) {
            throw new NoFeasiblePlanException(name(), reasons);
        }
        return out;
    }

    /** GPU time the demand needs on its reference configuration, in ms. */
    static double computeDemand(PlanningProblem.Demand d) {
        return d.workload.batches() * ServingModel.reference(d.profile, d.demand.batchSize()).batchIntervalMs();
    }

    private static PlanningProblem.Size sizeOf(PlanningProblem.Demand d, int slices) {
        for (PlanningProblem.Size s : d.sizes) {
            if (!s.whole() && s.slices == slices) {
                return s;
            }
        }
        return null;
    }

    private static String missing(PlanningProblem problem, PlanningProblem.Size[] sizes) {
        List<String> out = new ArrayList<>();
        for (PlanningProblem.Size s : sizes) {
            boolean any = false;
            for (int c : problem.clockCandidates(new PlanningProblem.Size[]{s})) {
                any |= s.meetsSlo(c);
            }
            if (!any) {
                out.add(s.demand.name() + " on " + s.label());
            }
        }
        return out.isEmpty() ? "no clock meets them all at once" : String.join(", ", out);
    }

    @Override
    List<Assumption> assumptions(PlanningProblem problem, List<GroupChoice> groups) {
        return List.of(Assumption.of("search", "fixed sizing", "the study's sizing: 4/7 + 3/7 for two models, 3/7"
                + " + 2/7 + 2/7 for three, the larger compute demand (GPU time on its reference configuration)"
                + " getting the larger instance; demands grouped in request order"));
    }
}
