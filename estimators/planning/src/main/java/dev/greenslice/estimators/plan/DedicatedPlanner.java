package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;

import java.util.ArrayList;
import java.util.List;

/**
 * The study's first baseline: one GPU per model — the whole GPU, or the largest instance the model's profile
 * covers where it lacks whole-GPU cells — at the best clock (or the highest, with tuning off).
 */
final class DedicatedPlanner extends AbstractPlanner {

    DedicatedPlanner(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator, FrequencyTuner tuner) {
        super(profiles, device, estimator, tuner);
    }

    @Override
    public String name() {
        return "dedicated";
    }

    @Override
    List<GroupChoice> search(PlanningProblem problem) {
        problem.requireEachFeasible(name());
        List<GroupChoice> out = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (PlanningProblem.Demand d : problem.demands) {
            GroupChoice g = problem.dedicated(d);
            if (!g.feasible()) {
                reasons.add(d.name() + " misses its SLO on a GPU of its own (" + d.dedicatedSize().label()
                        + ") at every clock it may run at");
            }
            out.add(g);
        }
        if (!reasons.isEmpty()) {
            throw new dev.greenslice.carbon.plan.NoFeasiblePlanException(name(), reasons);
        }
        return out;
    }

    @Override
    List<Assumption> assumptions(PlanningProblem problem, List<GroupChoice> groups) {
        return List.of(Assumption.of("search", "dedicated", "one GPU per model: the whole GPU, or the largest"
                + " instance its profile covers where it has no whole-GPU cells"));
    }
}
