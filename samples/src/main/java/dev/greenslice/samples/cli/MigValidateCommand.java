package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.InvalidMigLayoutException;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code greenslice mig validate}: whether a layout fits a GPU's placement table. Exit 0 and "ok" if it
 * does; exit 1 with one line on stderr naming the conflicting instances and slots if not; exit 2 for a
 * malformed layout.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a MIG layout against a GPU's real placement table.",
                "Prints ok (exit 0), or the conflict on stderr (exit 1)."})
final class MigValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--gpu", required = true, paramLabel = "NAME", description = "Catalog id or NVML name of a MIG GPU.")
    String gpu;

    @Option(names = "--layout", required = true, paramLabel = "LAYOUT",
            description = "Comma-separated PROFILE@START, e.g. 4g@0,3g@4 or 3g.40gb@0,1g.10gb+me@4.")
    String layout;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        GpuModel model = Options.gpu(spec, gpu);
        MigGeometry geometry = Options.mig(spec, model);
        PrintWriter out = spec.commandLine().getOut();
        MigLayout parsed;
        try {
            parsed = MigLayout.parse(geometry, layout);
        } catch (InvalidMigLayoutException e) {
            if (json) {
                ObjectNode o = JsonOutput.object();
                o.put("gpu", model.id());
                // The input as given, unless it is far longer than any real layout (then its first 200 chars).
                o.put("layout", layout.length() <= 200 ? layout : layout.substring(0, 200) + "…");
                o.put("valid", false);
                ArrayNode problems = o.putArray("problems");
                e.problems().forEach(problems::add);
                JsonOutput.print(out, o);
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("greenslice mig validate: " + OneLineErrors.oneLine(e));
            err.flush();
            return 1;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--layout: " + e.getMessage());
        }
        if (parsed.instances().isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--layout: the layout is empty; give "
                    + "PROFILE@START instances, e.g. 4g@0,3g@4");
        }
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("gpu", model.id());
            o.put("layout", parsed.toString());
            o.put("valid", true);
            o.put("computeSlicesUsed", parsed.computeSlicesUsed());
            o.put("computeSlices", geometry.computeSlices());
            ArrayNode instances = o.putArray("instances");
            for (MigInstance i : parsed.instances()) {
                instances.addObject().put("profile", i.profile().name()).put("start", i.placement().start())
                        .put("size", i.placement().size());
            }
            JsonOutput.print(out, o);
        } else {
            out.println("ok");
            out.flush();
        }
        return 0;
    }
}
