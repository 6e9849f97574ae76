package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.kubernetes.ClusterManifests;
import dev.greenslice.kubernetes.ClusterPlan;
import dev.greenslice.kubernetes.FleetDoesNotFitException;
import dev.greenslice.kubernetes.ManifestFiles;
import dev.greenslice.kubernetes.NodeInventory;
import dev.greenslice.kubernetes.NodeLabel;
import dev.greenslice.kubernetes.PlannedNode;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code plan --format kubernetes}: reads the node inventory before planning (so that a bad file costs no planning),
 * then places the plan on the nodes, writes the GPU Operator manifests into the output directory (all or none) and
 * prints the plan with the nodes, files and the commands that apply them.
 */
final class PlanKubernetesOutput {

    private final CommandLine.Model.CommandSpec spec;
    private final Path nodesFile;
    private final NodeInventory inventory;
    private final Path dir;
    private final String image;
    private final String clocksImage;
    private final String operatorNamespace;

    private PlanKubernetesOutput(CommandLine.Model.CommandSpec spec, Path nodesFile, NodeInventory inventory, Path dir,
                                 String image, String clocksImage, String operatorNamespace) {
        this.spec = spec;
        this.nodesFile = nodesFile;
        this.inventory = inventory;
        this.dir = dir;
        this.image = image;
        this.clocksImage = clocksImage;
        this.operatorNamespace = operatorNamespace;
    }

    static PlanKubernetesOutput prepare(CommandLine.Model.CommandSpec spec, Path nodes, Path out, String image,
                                        String clocksImage, String operatorNamespace) {
        if (nodes == null) {
            throw usage(spec, "--nodes: required with --format kubernetes: the cluster's nodes, e.g."
                    + " kubectl get nodes -o json > nodes.json");
        }
        if (out == null) {
            throw usage(spec, "--out: required with --format kubernetes: the directory to write the manifests into");
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(out)) {
            throw usage(spec, "--out: " + out + " exists and is not a directory; give a directory");
        }
        return new PlanKubernetesOutput(spec, nodes, NodeInventory.read(nodes), out, image, clocksImage,
                operatorNamespace);
    }

    static PlanKubernetesOutput refuseOptions(CommandLine.Model.CommandSpec spec, Path nodes, Path out, String image,
                                              String clocksImage, String operatorNamespace) {
        String given = nodes != null ? "--nodes" : out != null ? "--out" : image != null ? "--image"
                : clocksImage != null ? "--clocks-image" : operatorNamespace != null ? "--operator-namespace" : null;
        if (given != null) {
            throw usage(spec, given + ": only with --format kubernetes");
        }
        return null;
    }

    private static CommandLine.ParameterException usage(CommandLine.Model.CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    void write(PrintWriter out, DeploymentPlan plan, ObjectNode json, Runnable text) {
        ClusterPlan placed;
        try {
            placed = ClusterPlan.place(plan, inventory);
        } catch (FleetDoesNotFitException e) {
            throw new IllegalStateException("--nodes: the plan needs " + e.neededGpus() + " x " + e.gpuId() + " but "
                    + nodesFile + " has " + e.availableGpus() + " on nodes labelled with that product: "
                    + e.missingGpus() + " x " + e.gpuId() + " missing; add such nodes"
                    + (e.availableGpus() > 0 ? " or plan within them with --budget " + e.availableGpus() : ""));
        }
        ClusterManifests.Builder b = ClusterManifests.builder(placed);
        set(() -> b.image(image), image, "--image");
        set(() -> b.clocksImage(clocksImage), clocksImage, "--clocks-image");
        set(() -> b.operatorNamespace(operatorNamespace), operatorNamespace, "--operator-namespace");
        ClusterManifests m;
        try {
            m = b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
        List<Path> written;
        try {
            written = ManifestFiles.write(dir, m.files());
        } catch (IOException e) {
            throw new IllegalStateException("--out: cannot write the manifests into " + dir + ": " + e.getMessage()
                    + "; nothing was written");
        }
        List<String> commands = commands(m);
        if (json != null) {
            ArrayNode nodes = json.putArray("nodes");
            for (PlannedNode n : placed.nodes()) {
                ObjectNode o = nodes.addObject();
                o.put("name", n.name());
                o.put("hostname", n.node().hostname());
                o.put("config", n.migConfig());
                o.put("gpusUsed", n.gpus().size());
                o.put("gpuCount", n.node().gpuCount());
                ArrayNode gpus = o.putArray("gpus");
                for (PlannedGpu g : n.gpus()) {
                    ObjectNode j = gpus.addObject();
                    j.put("device", n.deviceIndex(g));
                    j.put("planGpu", g.index());
                    j.put("migEnabled", g.migEnabled());
                    j.put("clockMhz", g.clockMhz());
                }
            }
            ObjectNode k = json.putObject("kubernetes");
            k.put("directory", dir.toString());
            ArrayNode files = k.putArray("files");
            written.forEach(p -> files.add(p.toString()));
            k.put("configMap", ClusterManifests.CONFIG_MAP_NAME);
            k.put("migConfigs", placed.nodes().stream().map(PlannedNode::migConfig).distinct().count());
            k.put("deployments", m.deployments().size());
            k.put("clockDaemonSets", m.clockDaemonSets().size());
            ArrayNode notes = k.putArray("notes");
            placed.notes().forEach(notes::add);
            ArrayNode cmds = k.putArray("commands");
            commands.forEach(cmds::add);
            JsonOutput.print(out, json);
            return;
        }
        text.run();
        long configs = placed.nodes().stream().map(PlannedNode::migConfig).distinct().count();
        out.printf("kubernetes: %d GPU(s) on %d node(s), %d mig-parted configuration(s)%n", plan.gpuCount(),
                placed.nodes().size(), configs);
        for (PlannedNode n : placed.nodes()) {
            StringJoiner clocks = new StringJoiner(" ");
            for (PlannedGpu g : n.gpus()) {
                clocks.add(n.deviceIndex(g) + "=" + g.clockMhz());
            }
            out.printf("  %-28s %d/%d GPUs  %s  SM MHz %s%n", n.name(), n.gpus().size(), n.node().gpuCount(),
                    n.migConfig(), clocks);
        }
        placed.notes().forEach(s -> out.println("note: " + s));
        out.println("wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
        out.println("apply (the ClusterPolicy's MIG manager then reads " + ClusterManifests.CONFIG_MAP_NAME
                + "; nodes labelled with a configuration it lacks, e.g. the operator's default all-disabled, fail to"
                + " apply: add those to config.yaml if other MIG nodes use them):");
        commands.forEach(c -> out.println("  " + c));
        out.flush();
    }

    private void set(Runnable setter, String value, String option) {
        if (value == null) {
            return;
        }
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw usage(spec, option + ": " + e.getMessage());
        }
    }

    private List<String> commands(ClusterManifests m) {
        String ns = operatorNamespace == null ? ClusterManifests.DEFAULT_OPERATOR_NAMESPACE : operatorNamespace;
        List<String> out = new ArrayList<>();
        out.add("kubectl apply -f " + shell(dir.resolve(ClusterManifests.MIG_CONFIGS_FILE).toString()));
        out.add("kubectl patch clusterpolicies.nvidia.com/cluster-policy --type=merge -p"
                + " '{\"spec\":{\"migManager\":{\"config\":{\"name\":\"" + ClusterManifests.CONFIG_MAP_NAME
                + "\"}}}}'");
        for (NodeLabel l : m.nodeLabels()) {
            StringJoiner j = new StringJoiner(" ");
            for (Map.Entry<String, String> e : l.labels().entrySet()) {
                j.add(e.getKey() + "=" + e.getValue());
            }
            // Node names are DNS-1123 subdomains and configuration names are ours: nothing to quote.
            out.add("kubectl label node " + l.node() + " " + j + " --overwrite");
        }
        out.add("kubectl apply -f " + shell(dir.resolve(ClusterManifests.CLOCKS_FILE).toString()) + "   # in " + ns);
        out.add("kubectl apply -n NAMESPACE -f " + shell(dir.resolve(ClusterManifests.WORKLOADS_FILE).toString()));
        return out;
    }

    /** Quotes a path for a POSIX shell when it holds anything but letters, digits and {@code ./_-+:@%,=}. */
    static String shell(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9./_+:@%,=-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
