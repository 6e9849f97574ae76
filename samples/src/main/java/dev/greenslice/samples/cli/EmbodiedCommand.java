package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.embodied.ActParameters;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.embodied.EmbodiedFootprint;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code greenslice embodied}: the ACT manufacturing footprint of a catalog GPU, with its parameters and range. */
@Command(name = "embodied", mixinStandardHelpOptions = true,
        description = {"Embodied (manufacturing) carbon of a GPU with the ACT model: die + memory.",
                "The range is recomputed across the fab grids of the leading-edge fab regions."})
final class EmbodiedCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--gpu", required = true, paramLabel = "NAME",
            description = "Catalog id (e.g. A100-PCIE-40GB) or NVML name (e.g. \"NVIDIA A100-SXM4-80GB\").")
    String gpu;

    @Option(names = "--parameters", defaultValue = "study", paramLabel = "SET",
            description = "ACT parameter set: study (default) or act-defaults.")
    String parameters;

    @Option(names = "--lifetime-years", defaultValue = "5", paramLabel = "N",
            description = "Service lifetime in years of 365 days (default 5), for the per-hour figure.")
    double lifetimeYears;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        GpuModel model = Options.gpu(spec, gpu);
        ActParameters set;
        Duration lifetime;
        try {
            set = ActParameters.named(parameters);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parameters: " + e.getMessage());
        }
        try {
            lifetime = EmbodiedCarbon.years(lifetimeYears);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lifetime-years: " + e.getMessage());
        }
        EmbodiedCarbon carbon = EmbodiedCarbon.act(model, set, lifetime);
        EmbodiedFootprint f = carbon.footprint();
        double perHour = carbon.attribute(Duration.ofHours(1), 1.0).value().toGrams();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("gpu", model.id());
            o.put("embodiedKilograms", round(f.carbon().value().toKilograms()));
            o.put("lowKilograms", round(f.carbon().low().toKilograms()));
            o.put("highKilograms", round(f.carbon().high().toKilograms()));
            o.put("embodiedGramsPerHour", round(perHour));
            o.put("parameterSet", f.parameterSet());
            o.put("model", f.model());
            o.put("boundary", f.boundary());
            o.put("lifetimeYears", lifetimeYears);
            ArrayNode ps = o.putArray("parameters");
            for (Assumption a : f.parameters()) {
                ps.addObject().put("name", a.name()).put("value", a.value()).put("source", a.source());
            }
            JsonOutput.print(out, o);
        } else {
            CarbonFigure c = f.carbon();
            out.printf(Locale.ROOT, "%s embodied carbon, %s, parameter set '%s'%n", model.id(), f.model(), f.parameterSet());
            out.printf(Locale.ROOT, "  %.2f kgCO2e (range %.2f-%.2f kgCO2e across fab grids)%n",
                    c.value().toKilograms(), c.low().toKilograms(), c.high().toKilograms());
            out.printf(Locale.ROOT, "  boundary: %s%n", f.boundary());
            out.printf(Locale.ROOT, "  over %s years: %.4f gCO2e per hour of whole-GPU use%n", fmt(lifetimeYears), perHour);
            out.println("  parameters:");
            for (Assumption a : f.parameters()) {
                out.printf(Locale.ROOT, "    %-26s %s%n", a.name(), a.value());
                out.printf(Locale.ROOT, "    %-26s   source: %s%n", "", a.source());
            }
            out.flush();
        }
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
