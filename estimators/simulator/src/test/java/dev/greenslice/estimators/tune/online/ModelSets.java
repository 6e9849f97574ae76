package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.sim.SimulatedGpu;
import dev.greenslice.estimators.sim.SimulatedTraffic;
import dev.greenslice.carbon.plan.ModelDemand;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random co-located model sets on the simulated A100: MIG layouts of one to four instances, any of the 11
 * EnerTune models (gpt and the diffusion models, measured only at 690 MHz and above, one time in six), batch
 * sizes the profile has on that instance, closed-loop or Poisson load, an SLO of 5 to 12 times the isolated
 * latency, and an intensity from 5 to 900 gCO2e/kWh.
 */
final class ModelSets {

    static final String[] FIFTEEN_CLOCKS = {"densenet161", "densenet169", "mobilenet_v3_large", "resnet152", "resnet50",
            "vgg11", "vgg19", "whisper"};
    static final String[] NINE_CLOCKS = {"gpt", "diffusion_256_256", "diffusion_1024_1024"};
    static final int[][] LAYOUTS = {{7}, {4, 3}, {4, 2, 1}, {3, 2, 2}, {3, 3}, {4, 2}, {2, 2, 2}, {3, 2, 1}, {4, 1, 1},
            {2, 2, 2, 1}, {3, 1, 1, 1}};

    /** How requests arrive in a generated set. */
    enum Load { CLOSED_LOOP, POISSON, MIXED }

    /** A generated model set, its intensity and its arrivals' seed. */
    record ModelSet(List<TenantDemand> tenants, double gramsPerKwh, long seed) {
        @Override
        public String toString() {
            return tenants.stream().map(t -> t.placement() + " " + t.demand().arrival() + " x"
                    + t.demand().requests()).toList() + " at " + Math.round(gramsPerKwh) + " g/kWh, seed " + seed;
        }
    }

    private ModelSets() {
    }

    /** A model set drawn from {@code seed}; {@code layout} indexes {@link #LAYOUTS}. */
    static ModelSet draw(int layout, long seed, Load load, double gramsPerKwh) {
        Random r = new Random(seed);
        // The study's SLO (5 x isolated latency) up to a looser 12 x, so that the SLO boundary moves.
        double sloFactor = 5 + 7 * r.nextDouble();
        while (true) {
            List<TenantDemand> tenants = new ArrayList<>();
            boolean ok = true;
            for (int slices : LAYOUTS[layout]) {
                String model = r.nextInt(6) == 0 ? NINE_CLOCKS[r.nextInt(NINE_CLOCKS.length)]
                        : FIFTEEN_CLOCKS[r.nextInt(FIFTEEN_CLOCKS.length)];
                ModelProfile p = EnerTuneA100.profiles().profile(model);
                List<Integer> batches = new ArrayList<>();
                for (int b : p.batchSizes()) {
                    if (p.point(b, slices, 1410).isPresent() && p.point(b, slices, 690).isPresent()) {
                        batches.add(b);
                    }
                }
                if (batches.isEmpty()) {
                    ok = false;
                    break;
                }
                int b = batches.get(r.nextInt(batches.size()));
                long requests = (long) b * (4 + r.nextInt(24));
                boolean poisson = load == Load.POISSON || (load == Load.MIXED && r.nextBoolean());
                ModelDemand w = poisson ? ModelDemand.poisson(model, b, requests, 0.05 + 0.9 * r.nextDouble())
                        : ModelDemand.closedLoop(model, b, requests);
                tenants.add(TenantDemand.of(w.withSloFactor(sloFactor), slices));
            }
            if (ok) {
                return new ModelSet(tenants, gramsPerKwh, seed);
            }
        }
    }

    /** A tuner of {@code set} on a fresh simulated A100 with {@code search}; close the GPU after the tuner. */
    static Tuned tuner(ModelSet set, ClockSearch search) {
        MockClock clock = new MockClock();
        SimulatedGpu gpu = SimulatedGpu.a100(clock);
        SimulatedTraffic traffic = SimulatedTraffic.on(gpu, set.tenants(), set.seed());
        OnlineFrequencyTuner tuner = OnlineFrequencyTuner.builder(gpu, traffic)
                .intensity(CarbonIntensities.fixed(CarbonIntensity.ofGramsPerKwh(set.gramsPerKwh()), "test"))
                .clock(clock)
                .search(search)
                .shutdownHook(false)
                .build();
        return new Tuned(gpu, traffic, tuner);
    }

    /** A simulated GPU, its traffic and a tuner over them. */
    record Tuned(SimulatedGpu gpu, SimulatedTraffic traffic, OnlineFrequencyTuner tuner) implements AutoCloseable {
        @Override
        public void close() {
            tuner.close();
            gpu.close();
        }
    }
}
