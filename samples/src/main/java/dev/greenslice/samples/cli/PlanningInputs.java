package dev.greenslice.samples.cli;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.embodied.EmbodiedAccounting;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.intensity.IntensityTrace;
import dev.greenslice.carbon.plan.PlanningRequest;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The options {@code plan} and {@code tune} share: grid intensity, embodied carbon, accounting, start. */
final class PlanningInputs {

    @Option(names = "--intensity", paramLabel = "SRC|G_PER_KWH",
            description = "Grid carbon intensity: " + IntensitySpec.ACCEPTED + ". Default: gas, as every command.")
    String intensity;

    @Option(names = "--lifetime-years", paramLabel = "YEARS",
            description = "The GPU's service lifetime its embodied carbon is amortised over. Default: 5 (the study's).")
    Double lifetimeYears;

    @Option(names = "--accounting", paramLabel = "RULE", defaultValue = "whole-device",
            description = "Embodied carbon: whole-device (the GPU for its whole run, as the study) or resource-share"
                    + " (MIG slices / 7 of it). Default: ${DEFAULT-VALUE}.")
    String accounting;

    @Option(names = "--start", paramLabel = "INSTANT",
            description = "When the run starts (ISO-8601, e.g. 2024-06-01T12:00:00Z), for an intensity trace."
                    + " Default: a trace's first hour, else 2024-01-01T00:00:00Z.")
    String start;

    IntensitySource source(CommandLine.Model.CommandSpec spec) {
        try {
            return IntensitySpec.parse(intensity == null ? IntensitySpec.DEFAULT : intensity, Clock.system(), null);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--intensity: " + e.getMessage());
        }
    }

    /** @return whether the intensity was left at the default (gas) */
    boolean intensityDefaulted() {
        return intensity == null;
    }

    EmbodiedCarbon embodied(CommandLine.Model.CommandSpec spec, GpuModel gpu) {
        try {
            return lifetimeYears == null ? EmbodiedCarbon.act(gpu)
                    : EmbodiedCarbon.act(gpu, dev.greenslice.carbon.embodied.ActParameters.study(),
                    EmbodiedCarbon.years(lifetimeYears));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lifetime-years: " + e.getMessage());
        }
    }

    EmbodiedAccounting accounting(CommandLine.Model.CommandSpec spec) {
        return switch (accounting.trim().toLowerCase(Locale.ROOT)) {
            case "whole-device", "whole" -> EmbodiedAccounting.WHOLE_DEVICE;
            case "resource-share", "share" -> EmbodiedAccounting.RESOURCE_SHARE;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--accounting: '" + accounting
                    + "' is not whole-device or resource-share");
        };
    }

    Instant start(CommandLine.Model.CommandSpec spec, IntensitySource source) {
        if (start == null) {
            return source instanceof IntensityTrace t ? t.start() : PlanningRequest.DEFAULT_START;
        }
        try {
            return Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--start: '" + start
                    + "' is not an ISO-8601 instant such as 2024-06-01T12:00:00Z");
        }
    }
}
