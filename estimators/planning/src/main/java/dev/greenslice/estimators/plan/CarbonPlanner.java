package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;

import java.util.List;

/** The carbon planner: exact up to {@code exactLimit} demands, the fleet heuristic above. */
final class CarbonPlanner extends AbstractPlanner {

    private final ExactPlanner exact;
    private final HeuristicPlanner heuristic;
    private final int exactLimit;

    CarbonPlanner(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator, FrequencyTuner tuner,
                  int exactLimit) {
        super(profiles, device, estimator, tuner);
        this.exact = new ExactPlanner(profiles, device, estimator, tuner, exactLimit);
        this.heuristic = new HeuristicPlanner(profiles, device, estimator, tuner);
        this.exactLimit = exactLimit;
    }

    @Override
    public String name() {
        return "carbon";
    }

    @Override
    List<GroupChoice> search(PlanningProblem problem) {
        return problem.demands.length <= exactLimit ? exact.search(problem) : heuristic.search(problem);
    }

    @Override
    List<Assumption> assumptions(PlanningProblem problem, List<GroupChoice> groups) {
        return problem.demands.length <= exactLimit ? exact.assumptions(problem, groups)
                : heuristic.assumptions(problem, groups);
    }
}
