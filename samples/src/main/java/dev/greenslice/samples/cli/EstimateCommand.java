package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.estimate.PowerTerm;
import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.estimators.power.CalibratedPowerEstimator;
import dev.greenslice.estimators.power.Calibration;
import dev.greenslice.estimators.power.CalibrationCsv;
import dev.greenslice.estimators.power.ColocatedMeasurement;
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
                "--profiles and --device default to the embedded EnerTune A100-80GB data set (measured on an"
                        + " A100 80GB PCIe).",
                "--calibration FILE fits the decomposed rule to co-located sets measured on your GPU (CSV: "
                        + CalibrationCsv.HEADER + "; set as model:batch:slices;model:batch:slices) and reports its"
                        + " leave-one-out error; measure rows with greenslice profile colocated."})
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

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "Measured co-located sets (" + CalibrationCsv.HEADER + ") to calibrate the decomposed"
                    + " rule on.")
    Path calibration;

    @Option(names = "--gpu", paramLabel = "NAME",
            description = "GPU whose MIG table the sets must fit. Default: the GPU the profiles were measured on"
                    + " (A100-PCIE-80GB for the embedded data).")
    String gpu;

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
        GpuModel target = null;
        Assumption gpuNote = null;
        if (gpu != null || calibration != null) {
            target = gpu != null ? Options.gpu(spec, gpu) : measuredOn(baseline);
            MigGeometry geometry = Options.mig(spec, target);
            try {
                gpuNote = baseline.requireFor(target);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--gpu: " + e.getMessage());
            }
            if (ColocatedMeasurement.instancesFor(geometry, placements).isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--model: the set " + placements
                        + " fits no MIG layout of " + target.id() + " (see greenslice mig layouts --gpu " + target.id()
                        + ")");
            }
            if (calibration != null) {
                if (method != null && !method.trim().equalsIgnoreCase("decomposed")
                        && !method.trim().equalsIgnoreCase("decomposed-summed-auxiliary")) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--calibration calibrates a"
                            + " decomposed rule; drop --method " + method + " or use decomposed");
                }
                List<ColocatedMeasurement> rows = CalibrationCsv.read(calibration, set, baseline, geometry);
                estimator = PowerEstimators.calibrated(estimator, rows, calibration.getFileName().toString());
            }
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
            if (target != null) {
                o.put("gpu", target.id());
                o.put("gpuNote", gpuNote.source());
            }
            if (estimator instanceof CalibratedPowerEstimator c) {
                calibrationJson(o.putObject("calibration"), c.calibration());
            }
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
            if (target != null) {
                out.printf("gpu: %s (%s)%n", target.id(), gpuNote.source());
            }
            if (estimator instanceof CalibratedPowerEstimator c) {
                Calibration cal = c.calibration();
                out.println("calibration: " + cal.provenance());
                out.printf(Locale.ROOT, "  fit MAPE %.2f %% on the %d sets; residuals (measured - fitted, W):",
                        cal.fitMapePercent(), cal.sets());
                for (double r : cal.residualsWatts()) {
                    out.printf(Locale.ROOT, " %.2f", r);
                }
                out.println();
            }
            out.flush();
        }
        return 0;
    }

    /** The catalog GPU the device profile names, or the embedded data's GPU when the file's label is not one. */
    private GpuModel measuredOn(DevicePowerProfile baseline) {
        try {
            return GpuCatalog.byId(baseline.gpu());
        } catch (IllegalArgumentException notInCatalog) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--gpu: the device file does not say which"
                    + " GPU it was measured on; give --gpu NAME (e.g. A100-PCIE-80GB) for the MIG table the sets"
                    + " must fit");
        }
    }

    static void calibrationJson(ObjectNode o, Calibration cal) {
        o.put("label", cal.label());
        o.put("sets", cal.sets());
        ObjectNode params = o.putObject("parameters");
        cal.parameters().forEach(params::put);
        ArrayNode fitted = o.putArray("fittedParameters");
        cal.fittedParameters().forEach(fitted::add);
        if (cal.leaveOneOutMapePercent().isPresent()) {
            o.put("leaveOneOutMapePercent", cal.leaveOneOutMapePercent().getAsDouble());
        } else {
            o.putNull("leaveOneOutMapePercent");
        }
        o.put("fitMapePercent", cal.fitMapePercent());
        ArrayNode res = o.putArray("residualsWatts");
        cal.residualsWatts().forEach(res::add);
        ArrayNode loo = o.putArray("leaveOneOutErrorsPercent");
        cal.leaveOneOutErrorsPercent().forEach(loo::add);
        o.put("note", cal.note());
    }
}
