package dev.greenslice.samples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.MigPlanner;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.plan.PlannedModel;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.estimators.plan.MigPlanners;
import dev.greenslice.estimators.plan.PlanBound;
import dev.greenslice.estimators.plan.PlanExport;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code greenslice plan}: which models share a GPU, on which MIG instances, at which clock — for carbon. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Plan which models share a GPU, on which MIG instances and at which SM clock, for the least"
                + " carbon (operational + embodied) with every model inside its SLO; or plan with one of the study's"
                + " baselines to compare.",
                "--profiles and --device default to " + ProfileSources.EMBEDDED + " (an A100 80GB).",
                "Workload file: {\"models\":[{\"model\":\"whisper\",\"batchSize\":16,\"requests\":700,"
                        + "\"arrival\":\"closed-loop\"|\"poisson\",\"loadShare\":0.5,\"sloFactor\":5}]}; optional per"
                        + " model: \"name\", \"sloMs\", \"memoryGb\" (else the profile's memory need)."})
final class PlanCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "Model profiles CSV (EnerTune columns). Default: " + ProfileSources.EMBEDDED + ".")
    Path profiles;

    @Option(names = "--device", paramLabel = "FILE",
            description = "Device baseline power per clock CSV. Default: " + ProfileSources.EMBEDDED + ".")
    Path device;

    @Option(names = "--workload", required = true, paramLabel = "FILE", description = "The models' demands (JSON).")
    Path workload;

    @Option(names = "--gpu", paramLabel = "NAME", defaultValue = EnerTuneA100.GPU,
            description = "GPU type, e.g. A100-SXM4-80GB (see greenslice mig layouts). Default: ${DEFAULT-VALUE}, the"
                    + " GPU the embedded profiles were measured on, as for tune.")
    String gpu;

    @Mixin
    PlanningInputs inputs;

    @Option(names = "--planner", paramLabel = "NAME", defaultValue = "carbon",
            description = "carbon (exact up to 8 models, a heuristic above), dedicated, fixed-sizing, utilization,"
                    + " exact or heuristic. Default: ${DEFAULT-VALUE}.")
    String planner;

    @Option(names = "--budget", paramLabel = "GPUS", description = "The most GPUs the plan may use.")
    Integer budget;

    @Option(names = "--no-tune-clocks", description = "Run every GPU at the highest clock its models' profiles have"
            + " instead of tuning it for carbon.")
    boolean noTune;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, mig-parted (an nvidia-mig-parted config; placements in comments) or kubernetes"
                    + " (with --nodes and --out: per-node MIG configs, node labels, Deployments and clock DaemonSets"
                    + " for the NVIDIA GPU Operator). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--nodes", paramLabel = "FILE",
            description = "With --format kubernetes: the cluster's nodes, as kubectl get nodes -o json writes them"
                    + " (GPU feature discovery's nvidia.com/gpu.product and nvidia.com/gpu.count labels).")
    Path nodes;

    @Option(names = "--out", paramLabel = "DIR",
            description = "With --format kubernetes: where to write mig-configs.yaml, node-labels.json, workloads.yaml"
                    + " and clocks.yaml (created if missing; all written or none).")
    Path outDir;

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "With --format kubernetes: the models' container image (also the clock DaemonSets' unless"
                    + " --clocks-image). Default: a placeholder to replace.")
    String image;

    @Option(names = "--clocks-image", paramLabel = "IMAGE",
            description = "With --format kubernetes: an image whose entry point runs greenslice, for the clock"
                    + " DaemonSets. Default: --image, else a placeholder.")
    String clocksImage;

    @Option(names = "--operator-namespace", paramLabel = "NS",
            description = "With --format kubernetes: the GPU Operator's namespace, for the MIG ConfigMap and the clock"
                    + " DaemonSets. Default: gpu-operator.")
    String operatorNamespace;

    @Option(names = "--config-name", paramLabel = "NAME",
            description = "The mig-parted configuration's name. Default: greenslice-PLANNER.")
    String configName;

    @Option(names = "--json", description = "Print JSON on stdout (same as --format json).")
    boolean json;

    @Override
    public Integer call() {
        GpuModel model = Options.gpu(spec, gpu);
        String requested = format.trim().toLowerCase(Locale.ROOT);
        // --json prints JSON; with --format kubernetes the files are written as well.
        String fmt = json && !requested.equals("kubernetes") ? "json" : requested;
        if (!List.of("text", "json", "mig-parted", "kubernetes").contains(fmt)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format: '" + format
                    + "' is not text, json, mig-parted or kubernetes");
        }
        PlanKubernetesOutput kubernetes = fmt.equals("kubernetes")
                ? PlanKubernetesOutput.prepare(spec, nodes, outDir, image, clocksImage, operatorNamespace)
                : PlanKubernetesOutput.refuseOptions(spec, nodes, outDir, image, clocksImage, operatorNamespace);
        if (budget != null && budget < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--budget: must be >= 1, got " + budget);
        }
        List<ModelDemand> demands = WorkloadFile.read(workload);
        DevicePowerProfile baseline = ProfileSources.device(device);
        ModelProfiles set = ProfileSources.profiles(profiles, baseline);
        MigPlanners planners = MigPlanners.of(set, baseline);
        MigPlanner chosen;
        try {
            chosen = planners.byName(planner);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--planner: " + e.getMessage());
        }
        IntensitySource source = inputs.source(spec);
        PlanningRequest.Builder b = PlanningRequest.builder(model, source, inputs.embodied(spec, model))
                .demands(demands).accounting(inputs.accounting(spec)).tuneClocks(!noTune)
                .start(inputs.start(spec, source));
        if (budget != null) {
            b.gpuBudget(budget);
        }
        PlanningRequest request = b.build();
        DeploymentPlan plan = chosen.plan(request);
        PrintWriter out = spec.commandLine().getOut();
        switch (fmt) {
            case "mig-parted" -> {
                // Built whole before anything is printed: a refused name leaves nothing half-written.
                String yaml = MigPartedConfig.write(plan, configName == null ? "greenslice-" + plan.planner() : configName);
                out.print(yaml);
                out.flush();
            }
            case "json" -> JsonOutput.print(out, planJson(plan, source, planners.lowerBound(request)));
            case "kubernetes" -> {
                PlanBound bound = planners.lowerBound(request);
                kubernetes.write(out, plan, json ? planJson(plan, source, bound) : null,
                        () -> text(out, plan, bound, source));
            }
            default -> text(out, plan, planners.lowerBound(request), source);
        }
        return 0;
    }

    private ObjectNode planJson(DeploymentPlan plan, IntensitySource source, PlanBound bound) {
        ObjectNode o;
        try {
            o = (ObjectNode) JsonOutput.MAPPER.readTree(PlanExport.json(plan));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The plan's JSON does not parse: " + e.getOriginalMessage(), e);
        }
        o.put("lowerBoundCarbonGrams", bound.carbonGrams());
        o.put("optimalityGapPercent", bound.gapPercent(plan));
        o.put("boundMethod", bound.method());
        o.put("intensity", source.description());
        o.put("intensityDefaulted", inputs.intensityDefaulted());
        o.put("profiles", ProfileSources.describe(profiles));
        o.put("device", ProfileSources.describe(device));
        return o;
    }

    private void text(PrintWriter out, DeploymentPlan plan, PlanBound bound, IntensitySource source) {
        out.printf(Locale.ROOT, "%s plan: %d x %s, %.3f gCO2e (operational %.3f, embodied %.3f), %.4f GPU-hours,"
                        + " %.0f J%n", plan.planner(), plan.gpuCount(), plan.gpu().id(), plan.total().value().grams(),
                plan.operational().value().grams(), plan.embodied().value().grams(), plan.gpuHours(),
                plan.energy().joules());
        out.printf(Locale.ROOT, "within %.2f%% of the proven lower bound %.3f gCO2e (%s)%n",
                bound.gapPercent(plan), bound.carbonGrams(), bound.method());
        for (PlannedGpu g : plan.gpus()) {
            out.printf(Locale.ROOT, "GPU %d at %d MHz (%s): %.3f gCO2e over %.1f s%n", g.index(), g.clockMhz(),
                    g.clockChoice(), g.total().value().grams(), g.makespan().toNanos() / 1e9);
            for (PlannedModel m : g.models()) {
                out.printf(Locale.ROOT, "  %-24s %-14s %5.1f GB  latency %9.1f ms / SLO %9.1f ms  done %8.1f s  %.3f gCO2e%n",
                        m.name(), m.where(), m.memoryGb(), m.latency().meanLatencyMs(), m.latency().sloMs(),
                        m.completion().toNanos() / 1e9, m.total().value().grams());
            }
            g.sharing().ifPresent(s -> out.println("  sharing this GPU " + s.explanation()));
        }
        plan.sharing().ifPresent(s -> out.println("why: " + s.explanation()));
        out.printf("intensity: %s%s; profiles: %s; device: %s%n", source.description(),
                    inputs.intensityDefaulted() ? " (default; --intensity changes it)" : "", ProfileSources.describe(profiles),
                ProfileSources.describe(device));
        out.flush();
    }
}
