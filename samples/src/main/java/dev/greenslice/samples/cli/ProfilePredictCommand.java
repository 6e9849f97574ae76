package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.estimators.profile.DevicePowerProfile;
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
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code greenslice profile predict}: fit profiles from training rows and predict the query rows. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Fits each model's profile from the training rows only (physically shaped model,"
                + " Levenberg-Marquardt) and predicts power, latency (ms per batch) and throughput (requests/s)"
                + " for every query row.",
                "powerWatts is board power (device baseline at the clock + dynamic) when --device is given,"
                + " and dynamic power (above the baseline) otherwise; both are reported where known."})
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

    @Option(names = "--json", description = "Print a JSON array, one object per query row, on stdout.")
    boolean json;

    @Override
    public Integer call() {
        DevicePowerProfile baseline = device == null ? null : ProfileSources.device(device);
        ModelProfiles training = ProfileCsv.readProfiles(train, baseline);
        List<ProfileQuery> queries = ProfileCsv.readQueries(query);
        for (ProfileQuery q : queries) {
            if (training.find(q.model()).isEmpty()) {
                throw new IllegalArgumentException(query + ": query for model '" + q.model()
                        + "' but " + train + " has no rows for it; trained models: " + String.join(", ", training.models()));
            }
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
            }
            JsonOutput.print(out, rows);
        } else {
            out.printf(Locale.ROOT, "%-22s %6s %6s %8s %12s %12s %12s%n", "model", "batch", "slices", "clockMhz",
                    basis + "W", "latencyMs", "throughput/s");
            for (int i = 0; i < queries.size(); i++) {
                ProfileQuery q = queries.get(i);
                ProfilePoint p = predictions.get(i);
                out.printf(Locale.ROOT, "%-22s %6d %6d %8d %12.2f %12.3f %12.3f%n", q.model(), q.key().batchSize(),
                        q.key().slices(), q.key().clockMhz(), power(p, baseline), p.latencyMs(), p.requestsPerSecond());
            }
            out.printf(Locale.ROOT, "%d predictions from %d training rows of %d models; power is %s power%s%n",
                    queries.size(), training.all().stream().mapToInt(m -> m.size()).sum(), training.size(), basis,
                    baseline == null ? " (give --device for board power)" : " (baseline from " + device + ")");
            out.flush();
        }
        return 0;
    }

    private static double power(ProfilePoint p, DevicePowerProfile baseline) {
        return baseline == null ? p.dynamicPower().watts() : p.boardPower(baseline.baseline(p.clockMhz())).watts();
    }
}
