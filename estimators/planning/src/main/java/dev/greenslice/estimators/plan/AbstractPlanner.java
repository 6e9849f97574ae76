package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.MigPlanner;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;

import java.util.List;

/** What every planner of this module shares: the models, the tuner, resolving a request and assembling a plan. */
abstract class AbstractPlanner implements MigPlanner {

    final ModelProfiles profiles;
    final DevicePowerProfile device;
    final PowerEstimator estimator;
    final FrequencyTuner tuner;

    AbstractPlanner(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator, FrequencyTuner tuner) {
        this.profiles = profiles;
        this.device = device;
        this.estimator = estimator;
        this.tuner = tuner;
    }

    @Override
    public final DeploymentPlan plan(PlanningRequest request) {
        PlanningProblem problem = new PlanningProblem(request, profiles, device, estimator);
        List<GroupChoice> groups = search(problem);
        if (request.gpuBudget().isPresent() && groups.size() > request.gpuBudget().getAsInt()) {
            throw new NoFeasiblePlanException(name(), List.of("the " + name() + " plan needs " + groups.size()
                    + " GPUs; the budget is " + request.gpuBudget().getAsInt()));
        }
        return new PlanAssembler(problem, tuner).assemble(name(), groups, assumptions(problem, groups));
    }

    /** The GPUs of the plan, each a feasible group. */
    abstract List<GroupChoice> search(PlanningProblem problem);

    /** How the plan was found, for the plan's assumptions. */
    abstract List<Assumption> assumptions(PlanningProblem problem, List<GroupChoice> groups);
}
