package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigLayouts;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code greenslice mig layouts}: every maximal valid MIG layout of a GPU. */
@Command(name = "layouts", mixinStandardHelpOptions = true,
        description = {"Every maximal valid MIG layout of a GPU (no further instance fits).",
                "By default over the base profiles, one per compute size (19 layouts on A100/H100)."})
final class MigLayoutsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--gpu", required = true, paramLabel = "NAME", description = "Catalog id or NVML name of a MIG GPU.")
    String gpu;

    @Option(names = "--all-profiles", description = "Also use the +me and double-memory 1g profiles.")
    boolean allProfiles;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        GpuModel model = Options.gpu(spec, gpu);
        MigGeometry geometry = Options.mig(spec, model);
        List<MigProfile> profiles = allProfiles ? geometry.profiles() : geometry.baseProfiles();
        List<MigLayout> layouts = MigLayouts.maximal(geometry, profiles);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("gpu", model.id());
            o.put("profileSet", allProfiles ? "all" : "base");
            ArrayNode ps = o.putArray("profiles");
            profiles.forEach(p -> ps.add(p.name()));
            o.put("computeSlices", geometry.computeSlices());
            o.put("memorySlots", geometry.memorySlots());
            o.put("count", layouts.size());
            ArrayNode ls = o.putArray("layouts");
            for (MigLayout l : layouts) {
                ArrayNode instances = ls.addArray();
                for (MigInstance i : l.instances()) {
                    instances.addObject().put("profile", i.profile().name()).put("start", i.placement().start())
                            .put("size", i.placement().size());
                }
            }
            JsonOutput.print(out, o);
        } else {
            out.printf(Locale.ROOT, "%d maximal MIG layouts of %s over %s %s%n", layouts.size(), model.id(),
                    allProfiles ? "all profiles" : "the base profiles", profiles);
            int n = 0;
            for (MigLayout l : layouts) {
                out.printf(Locale.ROOT, "%3d  %-58s %d/%d compute slices%n", ++n, l, l.computeSlicesUsed(),
                        geometry.computeSlices());
            }
            out.flush();
        }
        return 0;
    }
}
