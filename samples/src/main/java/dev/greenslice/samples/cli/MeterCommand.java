package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonMeterBuilder;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.EnergySensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;


/**
 * {@code greenslice meter [--json] [--intensity SRC|G_PER_KWH] [--rapl-root PATH] [--nvml-library PATH] -- CMD
 * ARGS...}: runs a command and reports its energy and carbon with the best sensors available on this machine (RAPL
 * where readable, one domain per NVIDIA GPU where NVML is available), saying which.
 */
@Command(name = "meter",
        description = {"Run a command and report its energy and carbon with the best sensors available here.",
                "With --json, the command's own output goes to stderr so that stdout holds only the report.",
                "Exits with the command's exit status. On SIGTERM or SIGINT the signal is passed to the command's"
                        + " process tree (SIGKILL after --kill-after), the report so far is printed marked incomplete,"
                        + " and the exit status is 128 + the signal (143, 130)."},
        mixinStandardHelpOptions = true)
final class MeterCommand implements Callable<Integer> {

    /** slf4j-simple's level for GreenSlice's loggers, read as each logger is created. */
    private static final String QUIET_LOG = "org.slf4j.simpleLogger.log.dev.greenslice";

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the report as JSON on stdout.")
    boolean json;

    @Option(names = "--verbose", description = "Say in full why a sensor was not used (e.g. every RAPL backend tried),"
            + " and log each sensor fault as it happens (the report gives its reason either way).")
    boolean verbose;

    @Option(names = "--intensity", paramLabel = "SRC|G_PER_KWH",
            description = "Grid carbon intensity: " + IntensitySpec.ACCEPTED + ". Default: gas, stated in the report.")
    String intensity;

    @Option(names = "--sampling-ms", paramLabel = "MS", defaultValue = "100",
            description = "Sampling period of the meter in milliseconds (default: ${DEFAULT-VALUE}).")
    long samplingMs;

    @Option(names = "--rapl-root", paramLabel = "PATH",
            description = "Read RAPL from the powercap tree at PATH (e.g. the host's /sys/devices/virtual/powercap"
                    + " mounted read-only in a container) instead of detecting RAPL on this machine.")
    java.nio.file.Path raplRoot;

    @Option(names = "--nvml-library", paramLabel = "PATH",
            description = "Load this libnvidia-ml file instead of the system's for the GPU domains (gpu:0, gpu:1, ...).")
    String nvmlLibrary;

    @Option(names = "--per-process",
            description = "Also report each GPU's share used by this meter and the command's process tree "
                    + "(gpu:N/process), from NVML per-process utilization, next to the board's total.")
    boolean perProcess;

    @Option(names = "--static-energy", paramLabel = "RULE", defaultValue = "active-time",
            description = "With --per-process, how the GPU's static and idle energy is shared: active-time (each "
                    + "process pays it while it keeps the SMs busy), activity-share (the active processes carry all "
                    + "of it) or none (dynamic energy only). Default: ${DEFAULT-VALUE}.")
    String staticEnergy;

    @Option(names = "--kill-after", paramLabel = "SECONDS", defaultValue = "5",
            description = "When greenslice is told to stop, how long the command's process tree gets to exit after"
                    + " the forwarded signal before SIGKILL (default: ${DEFAULT-VALUE}).")
    double killAfterSeconds;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command to run, after --.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // The report says when a sensor fails, with the reason: the library's log line would say it again.
        if (verbose) {
            System.clearProperty(QUIET_LOG);
        } else {
            System.setProperty(QUIET_LOG, "error");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IntensitySource source = IntensitySpec.parse(intensity == null ? "gas" : intensity, dev.greenslice.carbon.Clock.system(), null);
        dev.greenslice.nvml.StaticEnergyRule rule = staticEnergyRule();
        SensorSelection sensors = SensorSelection.forCommand(this);
        CarbonMeterBuilder builder = CarbonMeter.builder().sampled(Duration.ofMillis(samplingMs)).intensity(source);
        for (EnergySensor s : sensors.sensors()) {
            builder.sensor(s);
        }
        // Embodied carbon of every GPU the catalogue knows (ACT, die + memory, 5 years), MIG instances by their share.
        sensors.catalogGpus().forEach((domain, gpu) -> builder.embodied(domain,
                dev.greenslice.carbon.embodied.EmbodiedCarbon.act(gpu)));
        if (!(killAfterSeconds >= 0 && killAfterSeconds <= 3600)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--kill-after: give 0 to 3600 seconds, got " + killAfterSeconds);
        }
        StopSignals.Outcome outcome;
        CarbonReport report;
        try (StopSignals stops = StopSignals.trap(Duration.ofMillis(Math.round(killAfterSeconds * 1000)));
             CarbonMeter meter = builder.build()) {
            Measurement window = meter.start(String.join(" ", command));
            try {
                outcome = stops.run(command, json ? System.err : System.out);
            } catch (StopSignals.StoppedException e) {
                outcome = new StopSignals.Outcome(e.stop().exitStatus(), java.util.Optional.of(e.stop()));
            } finally {
                window.close();
            }
            report = window.report();
            print(out, err, sensors, outcome, report, rule);
            stops.reported();
        }
        // Like time(1) and perf stat: the command's own status, or 128 + the signal that stopped greenslice.
        return outcome.stoppedBy().map(StopSignals.Stop::exitStatus).orElse(outcome.exitCode());
    }

    private void print(PrintWriter out, PrintWriter err, SensorSelection sensors, StopSignals.Outcome outcome,
                       CarbonReport report, dev.greenslice.nvml.StaticEnergyRule rule) throws IOException {
        int exit = outcome.exitCode();
        if (json) {
            JsonNode node = JsonOutput.MAPPER.readTree(report.toJson());
            com.fasterxml.jackson.databind.node.ObjectNode root = JsonOutput.object();
            root.put("command", String.join(" ", command));
            root.put("exitCode", exit);
            // Incomplete: greenslice was told to stop and stopped the command before it finished on its own.
            root.put("complete", outcome.stoppedBy().isEmpty());
            outcome.stoppedBy().ifPresent(st -> root.put("stoppedBy", st.signalName()));
            root.putPOJO("sensors", sensors.descriptions());
            root.put("intensityDefaulted", intensity == null);
            root.set("report", node);
            if (perProcess) {
                root.set("perProcess", PerProcessShares.json(report, rule));
            }
            JsonOutput.print(out, root);
        } else {
            err.flush();
            out.println();
            out.println("greenslice meter: command exited with " + exit);
            outcome.stoppedBy().ifPresent(st -> out.println("  INCOMPLETE: greenslice got " + st.signalName()
                    + " and stopped the command's process tree; the figures cover the run until then"));
            for (String d : sensors.descriptions()) {
                out.println("  sensor: " + d);
            }
            if (intensity == null) {
                out.println("  intensity: gas (default; pass --intensity SRC|G_PER_KWH to change it)");
            }
            out.print(report);
            if (perProcess) {
                PerProcessShares.print(out, report, staticEnergy);
            }
            out.flush();
        }
    }

    /** The --static-energy rule, or a usage error naming the accepted values. */
    dev.greenslice.nvml.StaticEnergyRule staticEnergyRule() {
        switch (staticEnergy) {
            case "active-time":
                return dev.greenslice.nvml.StaticEnergyRule.BY_ACTIVE_TIME;
            case "activity-share":
                return dev.greenslice.nvml.StaticEnergyRule.BY_SHARE_OF_ACTIVITY;
            case "none":
                return dev.greenslice.nvml.StaticEnergyRule.NOT_ATTRIBUTED;
            default:
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--static-energy " + staticEnergy
                        + ": not a rule; use active-time, activity-share or none");
        }
    }
}
