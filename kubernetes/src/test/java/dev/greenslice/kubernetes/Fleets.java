package dev.greenslice.kubernetes;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigLayouts;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.plan.PlannedModel;
import dev.greenslice.carbon.plan.SloCheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deployment plans built directly from their value types (the planner's figures do not matter to a placement):
 * valid MIG layouts from the GPU's real table, one model per instance, or one model on a whole GPU.
 */
final class Fleets {

    private static final Map<String, List<MigLayout>> LAYOUTS = new ConcurrentHashMap<>();

    /** Names that stress object naming and YAML: underscores, collisions, case, YAML syntax, non-ASCII. */
    static final List<String> AWKWARD = List.of("whisper", "diffusion_256_256", "diffusion-256-256", "Diffusion_256_256",
            "gpt: {x: 1}", "- item", "#comment", "'quoted\"", "yes", "1050", "null", "ünïcødé_模型", "___",
            "a".repeat(80), "a".repeat(80) + "b", "line\nbreak", "tab\there", "!!python/object", "&anchor *ref");

    private Fleets() {
    }

    static List<MigLayout> layouts(GpuModel gpu) {
        return LAYOUTS.computeIfAbsent(gpu.id(), k -> {
            MigGeometry g = gpu.migGeometry().orElseThrow();
            return MigLayouts.all(g, g.baseProfiles()).stream().filter(l -> !l.instances().isEmpty()).toList();
        });
    }

    /** A GPU spec: a layout, or null for a whole GPU. */
    static DeploymentPlan plan(GpuModel gpu, List<MigLayout> perGpu, List<Integer> clocks, List<String> names) {
        List<PlannedGpu> gpus = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < perGpu.size(); i++) {
            MigLayout layout = perGpu.get(i);
            List<PlannedModel> models = new ArrayList<>();
            if (layout == null) {
                models.add(model(names.get(next++), i, Optional.empty(), gpu.migGeometry().map(MigGeometry::computeSlices)
                        .orElse(1), gpu.memoryGb()));
                gpus.add(gpu(i, false, MigLayout.empty(gpu.migGeometry().orElseThrow()), clocks.get(i), models));
            } else {
                for (MigInstance inst : layout.instances()) {
                    models.add(model(names.get(next++), i, Optional.of(inst), inst.computeSlices(), 10));
                }
                gpus.add(gpu(i, true, layout, clocks.get(i), models));
            }
        }
        return new DeploymentPlan("test", gpu, gpus, Optional.empty(), List.of());
    }

    /** A random plan of {@code gpuCount} GPUs; model names from {@link #AWKWARD} and numbered ones. */
    static DeploymentPlan random(GpuModel gpu, int gpuCount, Random r) {
        List<MigLayout> perGpu = new ArrayList<>();
        List<Integer> clocks = new ArrayList<>();
        int models = 0;
        for (int i = 0; i < gpuCount; i++) {
            MigLayout l = r.nextInt(4) == 0 ? null : layouts(gpu).get(r.nextInt(layouts(gpu).size()));
            perGpu.add(l);
            clocks.add(List.of(1050, 1200, 1410).get(r.nextInt(3)));
            models += l == null ? 1 : l.instances().size();
        }
        List<String> names = new ArrayList<>();
        List<String> pool = new ArrayList<>(AWKWARD);
        java.util.Collections.shuffle(pool, r);
        for (int k = 0; k < models; k++) {
            names.add(k < pool.size() && r.nextBoolean() ? pool.get(k) : "model_" + k);
        }
        // Distinct names, as a plan requires.
        List<String> distinct = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            distinct.add(distinct.contains(names.get(k)) ? names.get(k) + "#" + k : names.get(k));
        }
        return plan(gpu, perGpu, clocks, distinct);
    }

    private static PlannedModel model(String name, int gpu, Optional<MigInstance> inst, int slices, double memoryGb) {
        ModelDemand d = ModelDemand.builder().name(name).model("whisper").batchSize(16).requests(100)
                .arrival(dev.greenslice.carbon.plan.Arrival.closedLoop()).sloFactor(5)
                .sloMs(java.util.OptionalDouble.empty()).memoryNeedGb(java.util.OptionalDouble.empty()).build();
        CarbonFigure c = CarbonFigure.exact(CarbonMass.ofGrams(1));
        return PlannedModel.builder().demand(d).gpuIndex(gpu).instance(inst).computeSlices(slices)
                .memoryGb(memoryGb).latency(new SloCheck(name, 10, 50, 10)).completion(Duration.ofSeconds(60))
                .energy(Energy.ofJoules(100)).operational(c).embodied(c).gpuHours(0.01).build();
    }

    private static PlannedGpu gpu(int index, boolean mig, MigLayout layout, int clock, List<PlannedModel> models) {
        CarbonFigure c = CarbonFigure.exact(CarbonMass.ofGrams(models.size()));
        return PlannedGpu.builder().index(index).migEnabled(mig).layout(layout).clockMhz(clock).models(models)
                .makespan(Duration.ofSeconds(60)).energy(Energy.ofJoules(100)).idleEnergy(Energy.ofJoules(10))
                .operational(c).embodied(c).sharing(Optional.empty()).clockChoice("test").build();
    }

    static GpuNode node(String name, GpuModel gpu, int count) {
        return new GpuNode(name, name, gpu.nvmlNames().get(0).replace(' ', '-'), gpu, count);
    }
}
