package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.MigPlanner;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.tune.FrequencyTuners;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@link MigPlanner}s of this module, all over the same models of power, latency and carbon, so that their
 * plans compare like for like.
 *
 * <ul>
 *   <li>{@code carbon}: minimizes total carbon (operational + embodied) — exact up to
 *       {@value ExactPlanner#DEFAULT_LIMIT} demands (every set partition, every instance-size assignment a valid
 *       layout holds, every clock), a heuristic above (greedy merging of GPUs by makespan, moves and swaps,
 *       seeded also from the baselines). With clock tuning on, each GPU's clock is part of the search, so
 *       "share and lower the clock" plans are found, and the final clock of each GPU is set by the
 *       {@link FrequencyTuner}.</li>
 *   <li>{@code exact} and {@code heuristic}: the two halves of {@code carbon}, each on its own.</li>
 *   <li>{@code dedicated}: one GPU per model.</li>
 *   <li>{@code fixed-sizing}: the co-location study's 4/7 + 3/7 and 3/7 + 2/7 + 2/7 sizing, the larger compute
 *       demand getting the larger instance.</li>
 *   <li>{@code utilization}: each model on its smallest instance meeting its SLO, packed onto the fewest GPUs.</li>
 * </ul>
 *
 * <p><b>The models.</b> Latency and queueing from {@code ServingModel}; a GPU's energy (idle baseline included),
 * operational and embodied carbon from {@code DeploymentModel} with the given {@link PowerEstimator}; each
 * instance runs as its profile's cells at its compute slices. Every plan's figures are {@code DeploymentModel}'s.
 * The profiles must be of the request's GPU (or one with the same die and MIG table); the embedded EnerTune
 * data are of an A100 80GB.
 *
 * <p><b>Search speed.</b> Searches rank configurations with a fast evaluator that repeats
 * {@code DeploymentModel}'s arithmetic on cached forecasts and power totals, and skip configurations whose carbon
 * provably exceeds the best found: a GPU draws at least its idle baseline over its makespan, at least the busiest
 * model's power alone while it is busy, and is charged embodied carbon for its time. An estimator that breaks
 * either premise is detected and the bound switched off. Measured (JMH, 2 shared cores): the exact planner on 8
 * models in 3–15 ms warm (about 0.5 s for the first plan in a fresh JVM); the carbon planner on random fleets
 * (seeded, {@code FleetGapTest}'s generator) used 2.0 s of CPU warm and 3.7–3.9 s cold for 1,000 models, 35 s for
 * 10,000 (thread CPU time, which the machine's load does not inflate; wall times are in the README).
 * {@link #lowerBound} adds 0.2–0.35 s at 1,000 models and 1.8 s at 10,000.
 *
 * <p>Planners are immutable and thread-safe; each {@code plan} call works on its own state. Failures: see
 * {@link MigPlanner}.
 */
public final class MigPlanners {

    /** The planner names {@link #byName} takes. */
    public static final List<String> NAMES = List.of("carbon", "exact", "heuristic", "dedicated", "fixed-sizing",
            "utilization");

    private final ModelProfiles profiles;
    private final DevicePowerProfile device;
    private final PowerEstimator estimator;
    private final FrequencyTuner tuner;
    private final int exactLimit;

    private MigPlanners(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator,
                        FrequencyTuner tuner, int exactLimit) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.device = Objects.requireNonNull(device, "device");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.tuner = Objects.requireNonNull(tuner, "tuner");
        this.exactLimit = exactLimit;
    }

    /**
     * Planners over {@code profiles} and {@code device} with the best power estimator and the offline tuner.
     *
     * @param profiles the models' profiles
     * @param device the GPU's baseline power per clock
     * @return the planners
     */
    public static MigPlanners of(ModelProfiles profiles, DevicePowerProfile device) {
        return of(profiles, device, PowerEstimators.best(profiles, device));
    }

    /**
     * Planners over {@code profiles}, {@code device} and {@code estimator}, with the offline tuner.
     *
     * @param profiles the models' profiles
     * @param device the GPU's baseline power per clock
     * @param estimator the power estimator for co-located models
     * @return the planners
     */
    public static MigPlanners of(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator) {
        return new MigPlanners(profiles, device, estimator, FrequencyTuners.offline(profiles, device, estimator),
                ExactPlanner.DEFAULT_LIMIT);
    }

    /**
     * Planners over the embedded EnerTune A100-80GB data.
     *
     * @return the planners
     */
    public static MigPlanners embedded() {
        return of(EnerTuneA100.profiles(), EnerTuneA100.devicePower());
    }

    /**
     * These planners with another {@link FrequencyTuner} setting each GPU's final clock (the search still
     * ranks configurations by the offline model).
     * @param other the tuner
     * @return the planners
     */
    public MigPlanners withTuner(FrequencyTuner other) {
        return new MigPlanners(profiles, device, estimator, other, exactLimit);
    }

    /**
     * These planners with the carbon planner exact up to {@code demands} demands (default
     * {@value ExactPlanner#DEFAULT_LIMIT}; its work grows as 3^n).
     *
     * @throws IllegalArgumentException unless {@code 1 <= demands <= 16}
     * @param demands the most demands planned exactly
     * @return the planners
     */
    public MigPlanners withExactLimit(int demands) {
        if (demands < 1 || demands > 16) {
            throw new IllegalArgumentException("The exact limit must be between 1 and 16 demands, got " + demands);
        }
        return new MigPlanners(profiles, device, estimator, tuner, demands);
    }

    /** @return the carbon planner */
    public MigPlanner carbon() {
        return new CarbonPlanner(profiles, device, estimator, tuner, exactLimit);
    }

    /** @return the exact planner alone (refuses more demands than the exact limit) */
    public MigPlanner exact() {
        return new ExactPlanner(profiles, device, estimator, tuner, exactLimit);
    }

    /** @return the fleet heuristic alone */
    public MigPlanner heuristic() {
        return new HeuristicPlanner(profiles, device, estimator, tuner);
    }

    /** @return one GPU per model */
    public MigPlanner dedicated() {
        return new DedicatedPlanner(profiles, device, estimator, tuner);
    }

    /** @return the study's fixed sizing */
    public MigPlanner fixedSizing() {
        return new FixedSizingPlanner(profiles, device, estimator, tuner);
    }

    /** @return utilization-first packing */
    public MigPlanner utilization() {
        return new UtilizationPlanner(profiles, device, estimator, tuner);
    }

    /**
     * A proven lower bound on the carbon of every feasible plan of {@code request} under these planners' models:
     * the exact optimum where the request has at most the exact limit of demands (method {@code "exact"}; a plan
     * of the carbon planner then has a gap of 0); up to 100 demands the LP relaxation of the set-partitioning
     * formulation solved by column generation with ojAlgo and certified by exact pricing (method
     * {@code "lp-column-generation"}, see {@code ColumnGenerationBound}; the LP optimum when column generation
     * converges, else Farley's bound of the last duals); above 100 demands, or if that is weaker, a relaxation that
     * charges each model its share of a GPU's slices for the idle baseline and embodied carbon, and its least
     * marginal power (method {@code "area-relaxation"}). See {@link PlanBound}.
     *
     * @param request the planning request
     * @return the bound
     * @throws dev.greenslice.carbon.plan.NoFeasiblePlanException if no plan of the request is feasible
     * @throws IllegalArgumentException for a request the models cannot evaluate, naming it
     */
    public PlanBound lowerBound(PlanningRequest request) {
        Objects.requireNonNull(request, "request");
        PlanningProblem problem = new PlanningProblem(request, profiles, device, estimator);
        if (problem.demands.length <= exactLimit) {
            List<GroupChoice> optimum = new ExactPlanner(profiles, device, estimator, tuner, exactLimit).search(problem);
            double grams = HeuristicPlanner.cost(optimum);
            DeploymentPlan plan = new PlanAssembler(problem, tuner).assemble("exact", optimum, List.of());
            // The exact search's optimum, or its plan as reported if rounding puts that lower: both are the model's.
            grams = Math.min(grams, plan.total().value().grams());
            return new PlanBound(grams, "exact", "the optimum over every set partition of the " + problem.demands.length
                    + " demands, every instance-size assignment a valid layout holds and every clock");
        }
        PlanBound area = LowerBound.relaxation(problem);
        if (problem.demands.length > ColumnGenerationBound.CHUNK) {
            // ojAlgo's dense simplex takes minutes on the LP of a thousand demands, and duals of separate chunks
            // certified together measured below the area relaxation (see ColumnGenerationBound).
            return area;
        }
        PlanBound lp = ColumnGenerationBound.of(problem);
        return lp != null && lp.carbonGrams() >= area.carbonGrams() ? lp : area;
    }

    /** @return the study's three baselines: dedicated, fixed sizing, utilization */
    public List<MigPlanner> baselines() {
        return List.of(dedicated(), fixedSizing(), utilization());
    }

    /**
     * @param name one of {@link #NAMES}, ignoring case
     * @throws IllegalArgumentException naming the input and listing the names
     * @return the planner
     */
    public MigPlanner byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "carbon" -> carbon();
            case "exact" -> exact();
            case "heuristic" -> heuristic();
            case "dedicated" -> dedicated();
            case "fixed-sizing", "fixed" -> fixedSizing();
            case "utilization", "utilisation" -> utilization();
            default -> throw new IllegalArgumentException("Unknown planner '" + name + "'; use one of "
                    + String.join(", ", NAMES));
        };
    }
}
