package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.SloCheck;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.carbon.tune.ClockPoint;
import dev.greenslice.carbon.tune.TuningRequest;
import dev.greenslice.carbon.tune.TuningResult;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.tune.FrequencyTuners;
import dev.greenslice.estimators.profile.EnerTuneA100;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code greenslice tune}: the SM clock of one shared GPU that minimizes carbon with every model inside its SLO. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Choose the SM clock of one GPU (all its MIG instances share it) that minimizes carbon"
                + " (operational + embodied) with every model inside its SLO, from profiles; prints the whole"
                + " carbon-versus-clock curve.",
                "--profiles and --device default to " + ProfileSources.EMBEDDED + ".",
                "Each --model's demand comes from --workload (the entry with its model name and batch size) or,"
                        + " without one, is 100 batches closed loop with the SLO at 5x its isolated latency (said in"
                        + " the output)."})
final class TuneCommand implements Callable<Integer> {

    /** Batches per model when no workload file gives the demand. */
    static final int DEFAULT_BATCHES = 100;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "Model profiles CSV (EnerTune columns). Default: " + ProfileSources.EMBEDDED + ".")
    Path profiles;

    @Option(names = "--device", paramLabel = "FILE",
            description = "Device baseline power per clock CSV. Default: " + ProfileSources.EMBEDDED + ".")
    Path device;

    @Option(names = "--model", required = true, paramLabel = "NAME:BATCH:SLICES",
            description = "A model on its MIG instance, e.g. gpt:1:3. Repeat for each co-located model.")
    List<String> models;

    @Option(names = "--workload", paramLabel = "FILE", description = "The models' demands (JSON, as for plan).")
    Path workload;

    @Option(names = "--gpu", paramLabel = "NAME", defaultValue = EnerTuneA100.GPU,
            description = "GPU type. Default: ${DEFAULT-VALUE} (the GPU the embedded data were measured on;"
                    + " A100-SXM4-80GB works too, with a note).")
    String gpu;

    @Mixin
    PlanningInputs inputs;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        GpuModel model = Options.gpu(spec, gpu);
        List<ModelDemand> fromFile = workload == null ? List.of() : WorkloadFile.read(workload);
        List<TenantDemand> tenants = new ArrayList<>();
        boolean defaulted = false;
        for (String m : models) {
            ModelPlacement p;
            try {
                p = ModelPlacement.parse(m);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--model: " + e.getMessage());
            }
            ModelDemand d = fromFile.stream().filter(x -> x.model().equals(p.model()) && x.batchSize() == p.batchSize()
                    && tenants.stream().noneMatch(t -> t.demand().name().equals(x.name()))).findFirst().orElse(null);
            if (d == null) {
                if (workload != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--model " + m + ": " + workload
                            + " has no entry for " + p.model() + " at batch size " + p.batchSize());
                }
                defaulted = true;
                d = ModelDemand.closedLoop(p.model(), p.batchSize(), (long) DEFAULT_BATCHES * p.batchSize());
                long same = tenants.stream().filter(t -> t.demand().model().equals(p.model())).count();
                if (same > 0) {
                    d = d.named(p.model() + "#" + (same + 1));
                }
            }
            tenants.add(TenantDemand.of(d, p.slices()));
        }
        DevicePowerProfile baseline = ProfileSources.device(device);
        ModelProfiles set = ProfileSources.profiles(profiles, baseline);
        IntensitySource source = inputs.source(spec);
        TuningRequest request;
        try {
            request = TuningRequest.builder(model, source, inputs.embodied(spec, model)).tenants(tenants)
                    .accounting(inputs.accounting(spec)).start(inputs.start(spec, source)).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model: " + e.getMessage());
        }
        TuningResult r = FrequencyTuners.offline(set, baseline).tune(request);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonOutput.object();
            if (r.chosen().isPresent()) {
                ClockPoint c = r.chosen().get();
                o.put("clockMhz", c.clockMhz());
                o.put("carbonGrams", c.total().value().grams());
                o.put("operationalCarbonGrams", c.operational().value().grams());
                o.put("embodiedCarbonGrams", c.embodied().value().grams());
                o.put("energyJoules", c.energy().joules());
            } else {
                o.putNull("clockMhz");
                o.putNull("carbonGrams");
                o.put("reason", r.reason().orElseThrow());
            }
            ArrayNode curve = o.putArray("curve");
            for (ClockPoint p : r.curve()) {
                ObjectNode x = curve.addObject();
                x.put("clockMhz", p.clockMhz());
                x.put("operationalCarbonGrams", p.operational().value().grams());
                x.put("embodiedCarbonGrams", p.embodied().value().grams());
                x.put("carbonGrams", p.total().value().grams());
                x.put("energyJoules", p.energy().joules());
                x.put("makespanSeconds", p.makespan().toNanos() / 1e9);
                x.put("meetsSlo", p.meetsSlos());
                ArrayNode missing = x.putArray("missesSlo");
                p.missing().forEach(missing::add);
            }
            ArrayNode ms = o.putArray("models");
            for (TenantDemand t : tenants) {
                ms.addObject().put("name", t.demand().name()).put("model", t.demand().model())
                        .put("batchSize", t.demand().batchSize()).put("migSlices", t.computeSlices())
                        .put("requests", t.demand().requests()).put("arrival", t.demand().arrival().toString());
            }
            o.put("clocksNote", clocksNote(r, tenants, set, baseline));
            o.put("workloadDefaulted", defaulted);
            o.put("intensity", source.description());
            o.put("intensityDefaulted", inputs.intensityDefaulted());
            o.put("profiles", ProfileSources.describe(profiles));
            o.put("device", ProfileSources.describe(device));
            JsonOutput.print(out, o);
        } else {
            r.chosen().ifPresentOrElse(c -> out.printf(Locale.ROOT, "%d MHz: %.4f gCO2e (operational %.4f, embodied"
                            + " %.4f), every SLO met%n", c.clockMhz(), c.total().value().grams(),
                    c.operational().value().grams(), c.embodied().value().grams()),
                    () -> out.println(r.reason().orElseThrow()));
            out.println(clocksNote(r, tenants, set, baseline));
            out.println("clock MHz   operational g    embodied g       total g   SLO");
            for (ClockPoint p : r.curve()) {
                out.printf(Locale.ROOT, "%9d %15s %13s %13s   %s%n", p.clockMhz(), fourDigits(p.operational().value().grams()),
                        fourDigits(p.embodied().value().grams()), fourDigits(p.total().value().grams()),
                        p.meetsSlos() ? "met" : "missed by " + String.join(", ", p.missing()));
            }
            for (TenantDemand t : tenants) {
                SloCheck at = r.chosen().map(c -> c.slos().get(tenants.indexOf(t))).orElse(null);
                out.printf(Locale.ROOT, "  %s on %d slices: %d requests, batch %d, %s%s%n", t.demand().name(),
                        t.computeSlices(), t.demand().requests(), t.demand().batchSize(), t.demand().arrival(),
                        at == null ? "" : String.format(Locale.ROOT, ", latency %.1f ms / SLO %.1f ms",
                                at.meanLatencyMs(), at.sloMs()));
            }
            if (defaulted) {
                out.println("workload: " + DEFAULT_BATCHES + " batches closed loop per model, SLO 5x isolated latency"
                        + " (default; give --workload FILE)");
            }
            out.printf("intensity: %s%s; profiles: %s; device: %s%n", source.description(),
                    inputs.intensityDefaulted() ? " (default; --intensity changes it)" : "",
                    ProfileSources.describe(profiles), ProfileSources.describe(device));
            out.flush();
        }
        if (r.chosen().isEmpty()) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + r.reason().orElseThrow());
            spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }

    /**
     * Why the curve has the clocks it has: the device's clocks that every co-located model was measured (or
     * predicted) at, at its batch size and instance size, naming the models that lack the others.
     */
    static String clocksNote(TuningResult r, List<TenantDemand> tenants, ModelProfiles set, DevicePowerProfile device) {
        List<Integer> all = device.clocksMhz();
        int shown = r.curve().size();
        if (shown == all.size()) {
            return String.format(Locale.ROOT, "clocks: all %d of the device's clocks", all.size());
        }
        List<String> limits = new java.util.ArrayList<>();
        for (TenantDemand t : tenants) {
            java.util.SortedSet<Integer> has = new java.util.TreeSet<>();
            set.profile(t.demand().model()).points().stream()
                    .filter(p -> p.batchSize() == t.demand().batchSize() && p.slices() == t.computeSlices())
                    .forEach(p -> has.add(p.clockMhz()));
            if (has.size() < all.size() && !has.isEmpty()) {
                String entry = String.format(Locale.ROOT, "%s (batch %d, %d slices) has %d–%d MHz only",
                        t.demand().model(), t.demand().batchSize(), t.computeSlices(), has.first(), has.last());
                if (!limits.contains(entry)) {
                    limits.add(entry);
                }
            }
        }
        return String.format(Locale.ROOT, "clocks: %d of the device's %d (%d–%d MHz), those every co-located model's"
                        + " profile has%s", shown, all.size(), all.get(0), all.get(all.size() - 1),
                limits.isEmpty() ? "" : ": " + String.join("; ", limits));
    }

    /** Four significant digits and at most four decimals (finer is noise); scientific only where that leaves none. */
    static String fourDigits(double grams) {
        if (!Double.isFinite(grams)) {
            return String.valueOf(grams);
        }
        if (grams != 0 && Math.abs(grams) < 5e-5) {
            return String.format(Locale.ROOT, "%.3e", grams);
        }
        java.math.BigDecimal d = new java.math.BigDecimal(grams).round(new java.math.MathContext(4));
        return (d.scale() > 4 ? d.setScale(4, java.math.RoundingMode.HALF_EVEN) : d).toPlainString();
    }
}
