package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfileCsv;
import dev.greenslice.estimators.profile.ProfilePoint;
import dev.greenslice.estimators.profile.ProfileQuery;
import dev.greenslice.estimators.reduction.FittedProfiles;
import dev.greenslice.estimators.reduction.ProfileReduction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code greenslice profile predict}: fit profiles from training rows and predict the query rows. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Fits each model's profile from the training rows only (physically shaped model,"
                + " Levenberg-Marquardt) and predicts power, latency (ms per batch) and throughput (requests/s)"
                + " for every query row.",
                "powerWatts is board power (device baseline at the clock + dynamic) when --device is given,"
                + " and dynamic power (above the baseline) otherwise; both are reported where known.",
                "A query must be a MIG instance size of --gpu at a clock within the device's range; one beyond the"
                + " model's training rows (clock, batch or slices) is predicted and marked extrapolated."})
final class ProfilePredictCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE",
            description = "Measured rows: model, batch_size, mig_slices, frequency, dynamic_power_draw (or"
                    + " avg_power_draw with --device), throughput, latency.")
    Path train;

    @Option(names = "--query", required = true, paramLabel = "FILE",
            description = "Rows to predict: model, batch_size, mig_slices, frequency (other columns ignored).")
    Path query;

    @Option(names = "--device", paramLabel = "FILE",
            description = "Device baseline power per clock CSV; makes powerWatts board power. No default.")
    Path device;

    @Option(names = "--gpu", paramLabel = "NAME", defaultValue = dev.greenslice.estimators.profile.EnerTuneA100.GPU,
            description = "The GPU the rows were measured on (default ${DEFAULT-VALUE}, the embedded data's): a query's"
                    + " mig_slices must be one of its MIG instance sizes.")
    String gpu;

    @Option(names = "--json", description = "Print a JSON array, one object per query row, on stdout.")
    boolean json;

    @Override
    public Integer call() {
        DevicePowerProfile baseline = device == null ? null : ProfileSources.device(device);
        ModelProfiles training = ProfileCsv.readProfiles(InputFiles.requireCsv(train, "training"
                + " profiles"), baseline);
        List<ProfileQuery> queries = ProfileCsv.readQueries(InputFiles.requireCsv(query, "query file"));
        GpuModel gpuModel = Options.gpu(spec, gpu);
        MigGeometry geometry = Options.mig(spec, gpuModel);
        TreeSet<Integer> sizes = new TreeSet<>();
        geometry.baseProfiles().forEach(p -> sizes.add(p.computeSlices()));
        // The device's clock range: from --device, or from the embedded data set when it is of this GPU.
        DevicePowerProfile clocks = baseline != null ? baseline
                : EnerTuneA100.devicePower().gpu().equals(gpuModel.id()) ? EnerTuneA100.devicePower() : null;
        List<String> extrapolations = new ArrayList<>();
        for (int row = 0; row < queries.size(); row++) {
            ProfileQuery q = queries.get(row);
            String where = query + ": query row " + (row + 1) + " (" + InputFiles.abbreviate(q.model()) + ")";
            if (training.find(q.model()).isEmpty()) {
                throw new IllegalArgumentException(query + ": query for model '" + InputFiles.abbreviate(q.model())
                        + "' but " + train + " has no rows for it; trained models: " + String.join(", ", training.models()));
            }
            // Outside the device the fit extrapolates without bound (9 slices at 5,000 MHz gave 31,675 W): refused.
            if (!sizes.contains(q.key().slices())) {
                throw new IllegalArgumentException(where + ": " + q.key().slices() + " slices is not a MIG instance"
                        + " size of " + gpuModel.id() + " " + sizes + "; query one of those (or give --gpu)");
            }
            int clock = q.key().clockMhz();
            if (clocks != null && (clock < clocks.clocksMhz().get(0) || clock > clocks.maxClockMhz())) {
                throw new IllegalArgumentException(where + ": " + clock + " MHz is outside " + clocks.gpu()
                        + "'s SM clocks (" + clocks.clocksMhz().get(0) + "-" + clocks.maxClockMhz() + " MHz); query a"
                        + " clock in that range");
            }
            // Inside the device but beyond the model's training rows the prediction is an extrapolation: said so.
            ModelProfile m = training.find(q.model()).orElseThrow();
            List<String> beyond = new ArrayList<>();
            beyond(beyond, "clock", clock, m.clocksMhz(), " MHz");
            beyond(beyond, "batch size", q.key().batchSize(), m.batchSizes(), "");
            beyond(beyond, "slices", q.key().slices(), m.slices(), "");
            extrapolations.add(String.join("; ", beyond));
            if (baseline != null && !baseline.hasClock(q.key().clockMhz())) {
                throw new IllegalArgumentException(query + ": query at " + q.key().clockMhz() + " MHz but " + device
                        + " has no baseline there; its clocks: " + baseline.clocksMhz());
            }
        }
        TreeSet<Integer> batches = new TreeSet<>();
        queries.forEach(q -> batches.add(q.key().batchSize()));
        FittedProfiles fitted = ProfileReduction.fit(training, batches);
        List<ProfilePoint> predictions = fitted.predict(queries);
        PrintWriter out = spec.commandLine().getOut();
        String basis = baseline == null ? "dynamic" : "board";
        if (json) {
            ArrayNode rows = JsonOutput.MAPPER.createArrayNode();
            for (int i = 0; i < queries.size(); i++) {
                ProfileQuery q = queries.get(i);
                ProfilePoint p = predictions.get(i);
                ObjectNode r = rows.addObject();
                r.put("model", q.model());
                r.put("batchSize", q.key().batchSize());
                r.put("migSlices", q.key().slices());
                r.put("clockMhz", q.key().clockMhz());
                r.put("powerWatts", power(p, baseline));
                r.put("powerBasis", basis);
                r.put("dynamicPowerWatts", p.dynamicPower().watts());
                if (baseline != null) {
                    r.put("boardPowerWatts", power(p, baseline));
                }
                r.put("latencyMs", p.latencyMs());
                r.put("throughput", p.requestsPerSecond());
                r.put("extrapolated", !extrapolations.get(i).isEmpty());
                if (!extrapolations.get(i).isEmpty()) {
                    r.put("extrapolation", extrapolations.get(i));
                }
            }
            JsonOutput.print(out, rows);
        } else {
            out.printf(Locale.ROOT, "%-22s %6s %6s %8s %12s %12s %12s%n", "model", "batch", "slices", "clockMhz",
                    basis + "W", "latencyMs", "throughput/s");
            for (int i = 0; i < queries.size(); i++) {
                ProfileQuery q = queries.get(i);
                ProfilePoint p = predictions.get(i);
                out.printf(Locale.ROOT, "%-22s %6d %6d %8d %12.2f %12.3f %12.1f%s%n", q.model(), q.key().batchSize(),
                        q.key().slices(), q.key().clockMhz(), power(p, baseline), p.latencyMs(), p.requestsPerSecond(),
                        extrapolations.get(i).isEmpty() ? "" : "  * extrapolated: " + extrapolations.get(i));
            }
            long extrapolated = extrapolations.stream().filter(e -> !e.isEmpty()).count();
            if (extrapolated > 0) {
                out.printf(Locale.ROOT, "* %d of %d predictions extrapolate beyond the training rows; treat them with"
                        + " care%n", extrapolated, queries.size());
            }
            out.printf(Locale.ROOT, "%d predictions from %d training rows of %d models; power is %s power%s%n",
                    queries.size(), training.all().stream().mapToInt(m -> m.size()).sum(), training.size(), basis,
                    baseline == null ? " (give --device for board power)" : " (baseline from " + device + ")");
            out.flush();
        }
        return 0;
    }

    /** Notes a query value outside the range the model's training rows cover. */
    private static void beyond(List<String> notes, String what, int value, SortedSet<Integer> measured, String unit) {
        if (value < measured.first() || value > measured.last()) {
            notes.add(what + " " + value + unit + " outside the trained " + measured.first() + "-" + measured.last()
                    + unit);
        }
    }

    private static double power(ProfilePoint p, DevicePowerProfile baseline) {
        return baseline == null ? p.dynamicPower().watts() : p.boardPower(baseline.baseline(p.clockMhz())).watts();
    }
}
