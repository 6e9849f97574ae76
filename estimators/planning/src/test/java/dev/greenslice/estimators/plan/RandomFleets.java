package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.EnerTuneA100;

import java.util.ArrayList;
import java.util.List;

/**
 * Seeded random fleets over the 11 measured EnerTune models ({@link RandomDemands}: batch sizes they were
 * measured with, closed loop or Poisson, SLO factor 5), kept to demands a GPU of their own can serve within their
 * SLO (a fleet with one unservable demand has no plan at all); the skipped draws are counted.
 */
final class RandomFleets {

    private RandomFleets() {
    }

    /** A fleet of {@code n} servable demands drawn from {@code seed}, on an A100-80GB with {@code source}. */
    static PlanningRequest fleet(long seed, int n, EnergySource source) {
        List<ModelDemand> out = new ArrayList<>(n);
        long s = seed;
        while (out.size() < n) {
            List<ModelDemand> drawn = RandomDemands.draw(s++, n - out.size());
            PlanningRequest r = request(drawn, source);
            PlanningProblem p = new PlanningProblem(r, EnerTuneA100.profiles(), EnerTuneA100.devicePower(),
                    PowerEstimators.best(EnerTuneA100.profiles(), EnerTuneA100.devicePower()));
            for (PlanningProblem.Demand d : p.demands) {
                if (p.infeasibility(d) == null) {
                    out.add(d.demand.named(d.demand.model() + "#" + out.size()));
                }
            }
        }
        return request(out, source);
    }

    static PlanningRequest request(List<ModelDemand> demands, EnergySource source) {
        return PlanningRequest.builder(GpuCatalog.A100_SXM4_80GB, CarbonIntensities.of(source),
                EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB)).demands(demands).build();
    }
}
