package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonMeterBuilder;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.EnergySensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
                "With --json, the command's own output goes to stderr so that stdout holds only the report."},
        mixinStandardHelpOptions = true)
final class MeterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the report as JSON on stdout.")
    boolean json;

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

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command to run, after --.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IntensitySource source = IntensitySpec.parse(intensity == null ? "gas" : intensity, dev.greenslice.carbon.Clock.system(), null);
        dev.greenslice.nvml.StaticEnergyRule rule = staticEnergyRule();
        SensorSelection sensors = SensorSelection.forCommand(this);
        CarbonMeterBuilder builder = CarbonMeter.builder().sampled(Duration.ofMillis(samplingMs)).intensity(source);
        for (EnergySensor s : sensors.sensors()) {
            builder.sensor(s);
        }
        int exit;
        CarbonReport report;
        try (CarbonMeter meter = builder.build()) {
            Measurement window = meter.start(String.join(" ", command));
            try {
                exit = run(json ? System.err : System.out);
            } finally {
                window.close();
            }
            report = window.report();
        }
        if (json) {
            JsonNode node = JsonOutput.MAPPER.readTree(report.toJson());
            com.fasterxml.jackson.databind.node.ObjectNode root = JsonOutput.object();
            root.put("command", String.join(" ", command));
            root.put("exitCode", exit);
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
            for (String d : sensors.descriptions()) {
                out.println("  sensor: " + d);
            }
            if (intensity == null) {
                out.println("  intensity: gas (default; pass --intensity SRC|G_PER_KWH to change it)");
            }
            out.print(report);
            if (perProcess) {
                PerProcessShares.print(out, report, rule);
            }
            out.flush();
        }
        return exit == 0 ? 0 : 1;
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

    /** Starts the command with stdin inherited and its output copied to {@code sink}; returns its exit code. */
    private int run(OutputStream sink) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot run '" + command.get(0) + "': " + e.getMessage(), e);
        }
        Thread pump = new Thread(() -> copy(p.getInputStream(), sink), "greenslice-meter-output");
        pump.start();
        int exit = p.waitFor();
        pump.join();
        return exit;
    }

    private static void copy(InputStream in, OutputStream out) {
        try (in) {
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            // The command's output is best effort; the report does not depend on it.
        }
    }
}
