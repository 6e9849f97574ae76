package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.estimate.PowerTerm;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code greenslice estimate}: the board power of one GPU serving several models at once. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = {"Board power of one GPU serving models on MIG instances at one SM clock, from each model's"
                + " isolated profile, with the terms that make it up and each model's attributable power.",
                "--profiles and --device default to the embedded EnerTune A100-80GB data set."})
final class EstimateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "Model profiles CSV (EnerTune columns). Default: " + ProfileSources.EMBEDDED + ".")
    Path profiles;

    @Option(names = "--device", paramLabel = "FILE",
            description = "Device baseline power per clock CSV (frequency_mhz, static_power_w, fan_power_w,"
                    + " idle_power_w). Default: " + ProfileSources.EMBEDDED + ".")
    Path device;

    @Option(names = "--clock", required = true, paramLabel = "MHZ", description = "SM clock shared by all instances.")
    int clockMhz;

    @Option(names = "--model", required = true, paramLabel = "NAME:BATCH:SLICES",
            description = "A model on its own MIG instance, e.g. gpt:1:3. Repeat for each model.")
    List<String> models;

    @Option(names = "--method", paramLabel = "METHOD",
            description = "additive, decomposed or decomposed-summed-auxiliary (the study's rule)."
                    + " Default: the best the library has (decomposed).")
    String method;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        List<ModelPlacement> placements = new ArrayList<>();
        for (String m : models) {
            try {
                placements.add(ModelPlacement.parse(m));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--model: " + e.getMessage());
            }
        }
        DevicePowerProfile baseline = ProfileSources.device(device);
        ModelProfiles set = ProfileSources.profiles(profiles, baseline);
        PowerEstimator estimator;
        try {
            estimator = method == null ? PowerEstimators.best(set, baseline) : PowerEstimators.byMethod(method, set, baseline);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--method: " + e.getMessage());
        }
        if (!baseline.hasClock(clockMhz)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--clock: no baseline power at " + clockMhz
                    + " MHz in " + ProfileSources.describe(device) + "; clocks: " + baseline.clocksMhz());
        }
        PowerEstimate e = estimator.estimate(clockMhz, placements);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("method", e.method());
            o.put("clockMhz", e.clockMhz());
            o.put("powerWatts", e.total().watts());
            ArrayNode ms = o.putArray("models");
            for (int i = 0; i < placements.size(); i++) {
                ModelPlacement p = placements.get(i);
                ms.addObject().put("model", p.model()).put("batchSize", p.batchSize()).put("migSlices", p.slices())
                        .put("attributablePowerWatts", e.perPlacement().get(i).watts());
            }
            ArrayNode ts = o.putArray("terms");
            for (PowerTerm t : e.terms()) {
                ObjectNode to = ts.addObject().put("name", t.name());
                if (t.isShared()) {
                    to.putNull("model");
                } else {
                    to.put("model", t.model());
                }
                to.put("powerWatts", t.power().watts()).put("explanation", t.explanation());
            }
            o.put("profiles", ProfileSources.describe(profiles));
            o.put("device", ProfileSources.describe(device));
            JsonOutput.print(out, o);
        } else {
            out.printf(Locale.ROOT, "%.1f W board power at %d MHz (%s estimator)%n", e.total().watts(), e.clockMhz(),
                    e.method());
            out.println("terms:");
            for (PowerTerm t : e.terms()) {
                out.printf(Locale.ROOT, "  %-20s %-20s %8.2f W  %s%n", t.name(), t.isShared() ? "(shared)" : t.model(),
                        t.power().watts(), t.explanation());
            }
            out.println("attributable power:");
            for (int i = 0; i < placements.size(); i++) {
                out.printf(Locale.ROOT, "  %-28s %8.2f W%n", placements.get(i), e.perPlacement().get(i).watts());
            }
            out.printf("profiles: %s; device: %s%n", ProfileSources.describe(profiles), ProfileSources.describe(device));
            out.flush();
        }
        return 0;
    }
}
