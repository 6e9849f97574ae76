package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.intensity.IntensityTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code greenslice intensity SOURCE [--at INSTANT] [--json]}: the carbon intensity a source gives for an
 * instant (default now), with its range, basis and provenance. Useful to check a trace file or live-provider
 * credentials before metering with them.
 */
@Command(name = "intensity",
        mixinStandardHelpOptions = true,
        description = "Show the carbon intensity (gCO2e/kWh) a source gives for an instant, with its provenance.")
final class IntensityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source: " + IntensitySpec.ACCEPTED + ".")
    String source;

    @Option(names = "--at", paramLabel = "INSTANT",
            description = "The instant, ISO-8601 such as 2023-01-01T05:30:00Z (default: now; for a trace, its start).")
    String at;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        // A one-shot query reports a provider's failure in its one error line; the provider's WARN log of the
        // same failure (meant for long-running meters) would make it two.
        System.setProperty("org.slf4j.simpleLogger.log.dev.greenslice.intensity.live", "error");
        Clock clock = Clock.system();
        IntensitySource src = IntensitySpec.parse(source, clock, null);
        Instant instant;
        if (at != null) {
            try {
                instant = Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--at '" + InputFiles.abbreviate(at)
                        + "' is not an instant; write e.g. 2023-01-01T05:30:00Z");
            }
        } else {
            instant = src instanceof IntensityTrace t ? t.start() : clock.wallTime();
        }
        IntensityFactor f;
        try {
            f = src.at(instant);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(IntensitySpec.inCliWords(e.getMessage()), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode n = JsonOutput.object();
            n.put("at", instant.toString());
            n.put("gramsPerKwh", f.value().gramsPerKwh());
            n.put("lowGramsPerKwh", f.low().gramsPerKwh());
            n.put("highGramsPerKwh", f.high().gramsPerKwh());
            n.put("basis", f.basis().name().toLowerCase(Locale.ROOT));
            n.put("source", f.source());
            if (f.year() > 0) {
                n.put("year", f.year());
            }
            n.put("description", src.description());
            JsonOutput.print(out, n);
        } else {
            out.println(src.description());
            out.println("at " + instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + ": " + f);
            out.flush();
        }
        return 0;
    }
}
