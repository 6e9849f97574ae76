package dev.greenslice.samples.cli;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonMeterBuilder;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.samples.study.CoLocationStudy;
import dev.greenslice.samples.study.SelfMetering;
import dev.greenslice.samples.study.StudyFindings;
import dev.greenslice.samples.study.StudyGrid;
import dev.greenslice.samples.study.StudyReport;
import dev.greenslice.samples.study.StudyResults;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code greenslice study [--out DIR] [--json]}: the co-location study on the simulated A100 80GB driven by the
 * measured EnerTune profiles, written as a report folder ({@code index.html}, PNG charts, {@code summary.json}),
 * ending with its findings in plain words. The study meters its own CPU energy with the best sensor available.
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"The co-location study on the simulated A100-80GB (measured EnerTune profiles): model pairs and"
                + " triples sharing one GPU on MIG vs a GPU per model, under closed-loop peak and Poisson load at 25-125%%"
                + " of peak, on coal, gas, solar and wind; the tuned clock; the co-location power estimate against the"
                + " naive sum. Writes index.html, PNG charts and summary.json, then prints the findings.",
                "With --json, summary.json's content goes to stdout and progress to stderr."})
final class StudyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = StudyReport.DEFAULT_FOLDER,
            description = "Report folder, created if missing (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", description = "Print summary.json's content on stdout; progress goes to stderr.")
    boolean json;

    /** The grid energy the study's own CPU energy is charged at, stated in the report. */
    private static final EnergySource SELF_INTENSITY = EnergySource.GAS;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : stdout;
        StudyReport report;
        try {
            report = StudyReport.in(out);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: " + e.getMessage());
        }
        Clock clock = Clock.system();
        long t0 = clock.monotonicNanos();
        SensorSelection sensors = SensorSelection.forThisProcess();
        CarbonMeterBuilder builder = CarbonMeter.builder().intensity(CarbonIntensities.of(SELF_INTENSITY));
        for (EnergySensor s : sensors.sensors()) {
            builder.sensor(s);
        }
        StudyResults results;
        CarbonReport own;
        try (CarbonMeter meter = builder.build()) {
            Measurement window = meter.start("greenslice study");
            try {
                say(progress, "greenslice study: the co-location study on the simulated A100-80GB (" + sensors.descriptions().get(0)
                        .replaceAll(" \\(.*", "") + " meters it)");
                results = CoLocationStudy.embedded().run(StudyGrid.full(), line -> say(progress, line));
                say(progress, "drawing the charts (XChart, headless) into " + report.folder());
                List<Path> pngs = report.drawCharts(results);
                say(progress, String.format(Locale.ROOT, "  %d charts drawn", pngs.size()));
            } finally {
                window.close();
            }
            own = window.report();
        }
        List<String> descriptions = sensors.descriptions();
        SelfMetering self = new SelfMetering(descriptions.get(0), descriptions.subList(1, descriptions.size()), own);
        List<String> findings = StudyFindings.derive(results);
        Path index = report.write(results, findings, Optional.of(self));
        if (json) {
            stdout.println(report.summaryJson(results, findings, Optional.of(self)));
            stdout.flush();
        }
        progress.println();
        progress.println("Findings:");
        for (int i = 0; i < findings.size(); i++) {
            progress.println("  " + (i + 1) + ". " + findings.get(i));
        }
        progress.println();
        progress.printf(Locale.ROOT, "The study itself: %.1f J of CPU energy (%s), %s at %s; %.1f s in all.%n",
                own.totalEnergy().joules(), own.complete() ? sensorName(descriptions.get(0)) : "incomplete reading",
                own.operational().map(c -> String.format(Locale.ROOT, "%.4f gCO2e", c.value().grams())).orElse("no carbon figure"),
                SELF_INTENSITY.cliName(), (clock.monotonicNanos() - t0) / 1e9);
        progress.println("Report: " + index);
        progress.flush();
        return 0;
    }

    private static String sensorName(String description) {
        int colon = description.indexOf(':');
        return colon > 0 ? description.substring(0, colon) : description;
    }

    private static void say(PrintWriter w, String line) {
        w.println(line);
        w.flush();
    }
}
