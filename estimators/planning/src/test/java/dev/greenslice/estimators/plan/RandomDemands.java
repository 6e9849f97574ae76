package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.workload.ServingModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random demands over the EnerTune models for property tests: a model, one of its batch sizes, closed loop or
 * Poisson at 15–85 % of peak, and as many requests as keep it busy for 1–10 minutes at that load, so that
 * models of very different speeds can share a GPU sensibly.
 */
public final class RandomDemands {

    private static final List<String> MODELS = EnerTuneA100.profiles().models();

    private RandomDemands() {
    }

    /** {@code n} demands drawn from {@code seed}, named {@code model#i}. */
    public static List<ModelDemand> draw(long seed, int n) {
        Random rnd = new Random(seed);
        List<ModelDemand> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String model = MODELS.get(rnd.nextInt(MODELS.size()));
            ModelProfile p = EnerTuneA100.profiles().profile(model);
            List<Integer> batches = new ArrayList<>(p.batchSizes());
            int batch = batches.get(rnd.nextInt(batches.size()));
            double peak = ServingModel.reference(p, batch).requestsPerSecond();
            boolean closed = rnd.nextInt(5) == 0;
            double load = 0.15 + 0.7 * rnd.nextDouble();
            double seconds = 60 + 540 * rnd.nextDouble();
            long requests = Math.max(batch, Math.round(seconds * peak * (closed ? 1 : load)));
            ModelDemand d = closed ? ModelDemand.closedLoop(model, batch, requests)
                    : ModelDemand.poisson(model, batch, requests, load);
            out.add(d.named(model + "#" + i));
        }
        return out;
    }
}
