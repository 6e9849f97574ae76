package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.intensity.IntensityTrace;
import dev.greenslice.estimators.pipeline.ArrivalPredictor;
import dev.greenslice.estimators.sim.pipeline.ArrivalTrace;
import dev.greenslice.estimators.sim.pipeline.ExamplePipeline;
import dev.greenslice.estimators.sim.pipeline.ExamplePipelines;
import dev.greenslice.estimators.sim.pipeline.IntervalReport;
import dev.greenslice.estimators.pipeline.Objective;
import dev.greenslice.estimators.pipeline.PipelineOptimizer;
import dev.greenslice.estimators.pipeline.PipelineOptimizers;
import dev.greenslice.estimators.sim.pipeline.PipelineSimulator;
import dev.greenslice.estimators.sim.pipeline.SimulationReport;
import dev.greenslice.estimators.pipeline.StageConfiguration;
import dev.greenslice.estimators.sim.pipeline.WorkloadShape;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code greenslice pipeline --trace steady-low|steady-high|bursty|fluctuating|FILE
 * --optimizer exact|q-learning|static-light|static-accurate [--seed N] [--json]}: replays a workload against a
 * built-in example pipeline (measured A100 profiles) under an optimizer and reports energy, carbon,
 * accuracy, SLA violations, reconfigurations and optimizer time.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Energy-aware inference pipeline adaptation: replay a workload against a built-in pipeline whose"
                + " variants are measured A100-80GB profiles, re-optimizing variant, replicas and batch every interval."})
final class PipelineCommand implements Callable<Integer> {

    /** The gas intensity the carbon weight is calibrated at: δ per gram = δ per joule / (grams per joule at 490 g/kWh). */
    private static final double REFERENCE_GRAMS_PER_KWH = 490;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--trace", required = true, paramLabel = "SHAPE|FILE",
            description = "A built-in workload (steady-low, steady-high, bursty, fluctuating), or a CSV file with one line "
                    + "per second: requests, or second,requests.")
    String trace;

    @Option(names = "--optimizer", defaultValue = "exact", paramLabel = "NAME",
            description = "exact (default), q-learning, static-light, static-accurate.")
    String optimizer;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seeds the built-in workloads and Q-learning (default 1).")
    long seed;

    @Option(names = "--pipeline", defaultValue = "image-classification", paramLabel = "NAME",
            description = "image-classification (default) or audio-summary.")
    String pipeline;

    @Option(names = "--duration", defaultValue = "1200", paramLabel = "SECONDS",
            description = "Length of a built-in workload in seconds (default 1200, at most 604800: 7 days).")
    int durationSeconds;

    @Option(names = "--peak-rps", paramLabel = "X",
            description = "Peak rate of a built-in workload in requests per second (default: the pipeline's; at most 1e9).")
    Double peakRps;

    @Option(names = "--interval", defaultValue = "10", paramLabel = "SECONDS",
            description = "Adaptation interval in whole seconds (default 10).")
    int intervalSeconds;

    @Option(names = "--intensity", paramLabel = "SRC|G_PER_KWH|FILE",
            description = "Grid carbon intensity: " + IntensitySpec.ACCEPTED + "; a bare FILE.csv is a trace too"
                    + " (the run starts at its first instant). Default: gas.")
    String intensity;

    @Option(names = "--minimize", defaultValue = "energy", paramLabel = "energy|carbon",
            description = "What the footprint term weighs: energy per request (default) or carbon per request "
                    + "(the same weight at 490 gCO2e/kWh, so a cleaner grid weighs less).")
    String minimize;

    @Option(names = "--predictor", defaultValue = "reactive", paramLabel = "reactive|trend",
            description = "How the next interval's rate is predicted: reactive (default; the pipeline's own, from the"
                    + " recent maximum) or trend (the recent maximum or its linear trend one interval ahead, whichever"
                    + " is higher).")
    String predictor;

    @Option(names = "--intervals", description = "Also print the per-interval table (JSON always has it).")
    boolean intervals;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        ExamplePipeline example;
        try {
            example = ExamplePipelines.byName(pipeline);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pipeline: " + e.getMessage());
        }
        PipelineOptimizer opt;
        try {
            opt = PipelineOptimizers.byName(optimizer, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--optimizer: " + e.getMessage());
        }
        if (intervalSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval: must be at least 1 second, got "
                    + intervalSeconds);
        }
        IntensitySource source = intensitySource();
        Instant start = source instanceof IntensityTrace t ? t.start() : Instant.parse("2024-01-01T00:00:00Z");
        Objective objective = objective(example.objective());
        ArrivalTrace arrivals = arrivals(example);

        PipelineSimulator.Builder sim = PipelineSimulator.builder(example.pipeline(), objective, opt)
                .intensity(source).start(start).clock(Clock.system()).interval(Duration.ofSeconds(intervalSeconds))
                .predictor(predictor(example)).reconfigurationCost(example.reconfigurationCost());
        if (!optimizer.equals("exact")) {
            sim.reference(PipelineOptimizers.exact());
        }
        SimulationReport r = sim.build().run(arrivals);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, toJson(example, objective, source, arrivals, r));
        } else {
            printText(out, example, objective, source, r);
        }
        return 0;
    }

    private IntensitySource intensitySource() {
        try {
            return IntensitySpec.parse(intensity == null ? IntensitySpec.DEFAULT : intensity, Clock.system(), null);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--intensity: " + e.getMessage());
        }
    }

    private ArrivalPredictor predictor(ExamplePipeline example) {
        return switch (predictor) {
            case "reactive" -> example.predictor();
            case "trend" -> ArrivalPredictor.trend(Math.max(2, example.predictor().historySeconds()), intervalSeconds,
                    0.1);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--predictor: use reactive or trend, got '" + predictor + "'");
        };
    }

    private Objective objective(Objective base) {
        return switch (minimize) {
            case "energy" -> base;
            case "carbon" -> Objective.carbon(base.accuracyWeight(), base.resourceWeight(), base.batchWeight(),
                    base.footprintWeight() * 3.6e6 / REFERENCE_GRAMS_PER_KWH);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--minimize: use energy or carbon, got '" + minimize + "'");
        };
    }

    private ArrivalTrace arrivals(ExamplePipeline example) {
        Optional<WorkloadShape> shape = WorkloadShape.parse(trace);
        if (shape.isPresent()) {
            if (durationSeconds < 1 || durationSeconds > WorkloadShape.MAX_SECONDS) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--duration: give 1 to "
                        + WorkloadShape.MAX_SECONDS + " seconds (7 days), got " + durationSeconds);
            }
            double peak = peakRps == null ? example.peakRequestsPerSecond() : peakRps;
            if (!(peak > 0) || !(peak <= WorkloadShape.MAX_PEAK_REQUESTS_PER_SECOND)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--peak-rps: give a positive number of"
                        + " requests per second up to 1e9, got " + peakRps);
            }
            return shape.get().generate(durationSeconds, peak, seed);
        }
        Path file = Path.of(trace);
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trace '" + trace + "': not a built-in workload ("
                    + String.join(", ", Arrays.stream(WorkloadShape.values()).map(WorkloadShape::cliName).toList())
                    + ") and no such file");
        }
        return ArrivalTrace.fromCsv(InputFiles.requireCsv(file, "arrival trace"));
    }

    private ObjectNode toJson(ExamplePipeline example, Objective objective, IntensitySource source, ArrivalTrace arrivals,
                              SimulationReport r) {
        ObjectNode o = JsonOutput.object();
        o.put("pipeline", r.pipeline());
        o.put("trace", arrivals.name());
        o.put("optimizer", r.optimizer());
        o.put("seed", seed);
        o.put("seconds", r.seconds());
        o.put("intervalSeconds", intervalSeconds);
        o.put("requests", r.requests());
        o.put("energyJoules", round(r.energy().toJoules()));
        o.put("carbonGrams", round(r.carbon().value().toGrams()));
        o.put("carbonGramsLow", round(r.carbon().low().toGrams()));
        o.put("carbonGramsHigh", round(r.carbon().high().toGrams()));
        o.put("accuracy", round(r.accuracy()));
        o.put("slaViolations", r.slaViolations());
        o.put("slaViolationRate", round(r.slaViolationRate()));
        o.put("reconfigurations", r.reconfigurations());
        o.put("optimizerMillis", round(r.optimizerTime().toNanos() / 1e6));
        o.put("optimizerEvaluations", r.optimizerEvaluations());
        r.meanScoreGap().ifPresent(g -> o.put("meanScoreGapToExact", round(g)));
        r.maxScoreGap().ifPresent(g -> o.put("maxScoreGapToExact", round(g)));
        o.put("intensity", source.description());
        o.put("intensityDefaulted", intensity == null);
        ObjectNode obj = o.putObject("objective");
        obj.put("accuracyWeight", objective.accuracyWeight());
        obj.put("resourceWeightPerUnit", objective.resourceWeight());
        obj.put("resourceUnit", example.pipeline().resourceUnit());
        obj.put("batchWeight", objective.batchWeight());
        obj.put("footprintWeight", objective.footprintWeight());
        obj.put("footprint", objective.footprint() == Objective.Footprint.ENERGY ? "joulesPerRequest" : "gramsPerRequest");
        o.put("predictor", predictor(example).description());
        o.put("slaViolationsUnderPredicted", r.slaViolationsUnderPredicted());
        o.put("reconfigurationCost", example.reconfigurationCost());
        o.put("latencySlaMillis", example.pipeline().latencySla().toMillis());
        ArrayNode list = o.putArray("intervals");
        for (IntervalReport i : r.intervals()) {
            ObjectNode n = list.addObject();
            n.put("index", i.index());
            n.put("startSecond", i.startSecond());
            n.put("predictedRequestsPerSecond", round(i.predictedRequestsPerSecond()));
            n.put("meanRequestsPerSecond", round(i.meanRequestsPerSecond()));
            n.put("peakRequestsPerSecond", i.peakRequestsPerSecond());
            ArrayNode stages = n.putArray("configuration");
            for (int s = 0; s < i.configuration().stages().size(); s++) {
                StageConfiguration c = i.configuration().stage(s);
                stages.addObject().put("stage", example.pipeline().stages().get(s).name()).put("variant", c.variant())
                        .put("replicas", c.replicas()).put("batchSize", c.batchSize());
            }
            n.put("reconfigured", i.reconfigured());
            n.put("feasibleAtPrediction", i.feasibleAtPrediction());
            n.put("requests", i.requests());
            n.put("slaViolations", i.slaViolations());
            n.put("accuracy", round(i.accuracy()));
            n.put("energyJoules", round(i.energy().toJoules()));
            n.put("carbonGrams", round(i.carbon().value().toGrams()));
            n.put("optimizerMillis", round(i.optimizerTime().toNanos() / 1e6));
            n.put("reason", i.reason());
        }
        ArrayNode as = o.putArray("assumptions");
        for (Assumption a : example.assumptions()) {
            as.addObject().put("name", a.name()).put("value", a.value()).put("source", a.source());
        }
        return o;
    }

    private void printText(PrintWriter out, ExamplePipeline example, Objective objective, IntensitySource source,
                           SimulationReport r) {
        out.printf(Locale.ROOT, "pipeline %s under %s on %s (%d s, %.0f requests)%n", r.pipeline(), r.optimizer(),
                r.workload(), r.seconds(), r.requests());
        out.printf(Locale.ROOT, "  energy            %.1f kJ%n", r.energy().toJoules() / 1e3);
        out.printf(Locale.ROOT, "  carbon            %.3f gCO2e (%.3f-%.3f)%n", r.carbon().value().toGrams(),
                r.carbon().low().toGrams(), r.carbon().high().toGrams());
        out.printf(Locale.ROOT, "  accuracy          %.4f (request-weighted product of stage accuracies)%n", r.accuracy());
        out.printf(Locale.ROOT, "  SLA violations    %.0f (%.2f %%; SLA %d ms)%n", r.slaViolations(),
                100 * r.slaViolationRate(), example.pipeline().latencySla().toMillis());
        if (r.slaViolations() > 0) {
            out.printf(Locale.ROOT, "                    %.0f %% of them in intervals whose busiest second outran the"
                            + " predicted rate (%s)%s%n", 100 * r.slaViolationsUnderPredicted() / r.slaViolations(),
                    predictor(example).description(), predictor.equals("reactive")
                            ? "; --predictor trend provisions for a rising rate" : "");
        }
        out.printf(Locale.ROOT, "  reconfigurations  %d%n", r.reconfigurations());
        out.printf(Locale.ROOT, "  optimizer time    %.1f ms over %d decisions%n", r.optimizerTime().toNanos() / 1e6,
                r.intervals().size());
        r.meanScoreGap().ifPresent(g -> out.printf(Locale.ROOT, "  score gap         %.4f %% mean, %.4f %% max, vs the exact "
                + "optimum%n", 100 * g, 100 * r.maxScoreGap().orElseThrow()));
        out.println("  objective         " + objective);
        out.println("  intensity         " + source.description() + (intensity == null
                ? " (default; pass --intensity SRC|G_PER_KWH|FILE to change it)" : ""));
        if (intervals) {
            out.println();
            out.printf(Locale.ROOT, "%6s %10s %10s %8s %10s %6s  %s%n", "start", "predicted", "arrived", "viol",
                    "energyJ", "change", "configuration");
            for (IntervalReport i : r.intervals()) {
                out.printf(Locale.ROOT, "%6d %10.1f %10.1f %8.0f %10.1f %6s  %s%n", i.startSecond(),
                        i.predictedRequestsPerSecond(), i.meanRequestsPerSecond(), i.slaViolations(),
                        i.energy().toJoules(), i.reconfigured() ? "yes" : "", i.configuration());
            }
        }
        out.flush();
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.6g", v));
    }
}
