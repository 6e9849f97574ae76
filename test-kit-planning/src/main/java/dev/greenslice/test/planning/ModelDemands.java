package dev.greenslice.test.planning;

import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.Arrival;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.estimators.plan.MigPlanners;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.workload.ServingModel;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.List;

import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * QuickTheories generators of {@link ModelDemand}s over the 11 measured EnerTune A100-80GB models
 * ({@link EnerTuneA100#profiles()}): a model, one of the batch sizes its profile was measured with, closed-loop
 * arrival (one draw in five) or Poisson at 15–85 % of its reference peak throughput, an SLO factor from
 * {@link #SLO_FACTORS}, and as many requests as keep it busy for one to ten minutes at that load, so that models
 * of very different speeds share a GPU sensibly. Each demand is named after its model.
 *
 * <pre>{@code
 * qt().forAll(ModelDemands.servable()).check(d -> planner.plan(request(List.of(d))) != null);
 * }</pre>
 *
 * <p>Stateless; the generators are immutable and may be shared between threads.
 */
public final class ModelDemands {

    /** The SLO factors drawn: tight (2), the co-location study's default (5), and loose (10). */
    public static final List<Double> SLO_FACTORS = List.of(2.0, 3.0, ModelDemand.DEFAULT_SLO_FACTOR, 10.0);

    /** The GPU the demands are planned on: an A100 80GB, as the profiles were measured on. */
    public static final GpuModel GPU = GpuCatalog.A100_SXM4_80GB;

    private static final MigPlanners PLANNERS = MigPlanners.embedded();

    private ModelDemands() {
    }

    /** @return the 11 measured models' names, as their profiles name them */
    public static List<String> models() {
        return EnerTuneA100.profiles().models();
    }

    /**
     * Closed loop (one draw in five) or Poisson at 15–85 % of the reference peak throughput.
     *
     * @return the generator
     */
    public static Gen<Arrival> arrivals() {
        Gen<Arrival> poisson = doubles().between(0.15, 0.85).map(Arrival::poisson);
        return integers().between(0, 4).zip(poisson, (k, p) -> k == 0 ? Arrival.closedLoop() : p);
    }

    /**
     * Demands of the measured models; some may miss their SLO on every instance and clock (a tight factor on a
     * heavily loaded model), see {@link #servable()}.
     *
     * @return the generator
     */
    public static Gen<ModelDemand> measured() {
        ModelProfiles profiles = EnerTuneA100.profiles();
        List<String> models = profiles.models();
        Gen<Integer> model = integers().between(0, models.size() - 1);
        Gen<Integer> batchChoice = integers().between(0, Integer.MAX_VALUE - 1);
        Gen<Double> busySeconds = doubles().between(60, 600);
        Gen<Double> slo = integers().between(0, SLO_FACTORS.size() - 1).map(SLO_FACTORS::get);
        return model.zip(batchChoice, arrivals(), busySeconds.zip(slo, (s, f) -> new double[]{s, f}),
                (m, b, arrival, sf) -> demand(profiles.profile(models.get(m)), b, arrival, sf[0], sf[1]))
                .describedAs(ModelDemands::describe);
    }

    /**
     * Demands of the measured models that a GPU of their own serves within their SLO at its highest clock, as the
     * dedicated planner judges it; a fleet of them therefore always has a plan (each on a GPU of its own, at
     * worst), also from planners that do not tune clocks.
     *
     * @return the generator
     */
    public static Gen<ModelDemand> servable() {
        return measured().assuming(ModelDemands::servableAlone).describedAs(ModelDemands::describe);
    }

    /**
     * Whether the dedicated planner finds a plan for {@code demand} alone on {@link #GPU} at the highest clock (the
     * planners' own verdict, not a copy of their arithmetic).
     *
     * @param demand a demand of a measured model
     * @return whether it has a plan
     */
    public static boolean servableAlone(ModelDemand demand) {
        try {
            // At the highest clock: the baselines that do not tune clocks must find a GPU for it too.
            PLANNERS.dedicated().plan(request(List.of(demand), EnergySource.GAS).withTuneClocks(false));
            return true;
        } catch (NoFeasiblePlanException e) {
            return false;
        }
    }

    /**
     * A planning request for {@code demands} on {@link #GPU}, with a constant grid intensity of {@code source}
     * and the GPU's ACT embodied carbon.
     *
     * @param demands the demands, uniquely named
     * @param source  the grid's energy source
     * @return the request
     */
    public static PlanningRequest request(List<ModelDemand> demands, EnergySource source) {
        return PlanningRequest.builder(GPU, CarbonIntensities.of(source), EmbodiedCarbon.act(GPU))
                .demands(new ArrayList<>(demands)).build();
    }

    private static ModelDemand demand(ModelProfile p, int batchChoice, Arrival arrival, double busySeconds,
                                      double sloFactor) {
        List<Integer> batches = new ArrayList<>(p.batchSizes());
        int batch = batches.get(batchChoice % batches.size());
        double peak = ServingModel.reference(p, batch).requestsPerSecond();
        double load = arrival instanceof Arrival.Poisson poisson ? poisson.loadShare() : 1;
        long requests = Math.max(batch, Math.round(busySeconds * peak * load));
        return ModelDemand.builder().name(p.model()).model(p.model()).batchSize(batch).requests(requests)
                .arrival(arrival).sloFactor(sloFactor).build();
    }

    static String describe(ModelDemand d) {
        return d.name() + " (" + d.model() + " batch " + d.batchSize() + ", " + d.requests() + " requests, "
                + d.arrival() + ", SLO " + d.sloFactor() + "x)";
    }
}
