package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.Energy;
import dev.greenslice.nvml.DeviceClocks;
import dev.greenslice.nvml.DeviceMemory;
import dev.greenslice.nvml.Nvml;
import dev.greenslice.nvml.NvmlAvailability;
import dev.greenslice.nvml.NvmlDevice;
import dev.greenslice.nvml.NvmlOptions;
import dev.greenslice.nvml.NvmlUnavailable;
import dev.greenslice.nvml.PowerLimits;
import dev.greenslice.nvml.mig.GpuInstanceInfo;
import dev.greenslice.nvml.mig.MigDeviceInfo;
import dev.greenslice.nvml.mig.MigMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code greenslice gpus [--json] [--nvml-library PATH]}: the NVIDIA GPUs NVML sees, with power, energy, clocks,
 * power limits, and MIG mode and instances. A query a GPU or driver refuses is shown as unavailable with NVML's
 * reason; the other queries go on.
 */
@Command(name = "gpus", mixinStandardHelpOptions = true,
        description = {"List the NVIDIA GPUs NVML sees: name, UUID, power, energy, clocks, power limits, MIG mode "
                + "and instances.",
                "Without an NVML library, says so in one line and exits with 1."})
final class GpusCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Option(names = "--nvml-library", paramLabel = "PATH",
            description = "Load this libnvidia-ml file instead of the system's (e.g. the simulated library).")
    String nvmlLibrary;

    @Option(names = "--nvml-journal", paramLabel = "DIR",
            description = "Where GPU changes are journaled before they are made, so that a crash is undone on the next"
                    + " run: a directory private to you (created 0700; refused if another user owns it, others may"
                    + " write it, or it is a symbolic link). Default: $XDG_STATE_HOME/greenslice/nvml-restore, else"
                    + " ~/.local/state/greenslice/nvml-restore.")
    Path nvmlJournal;

    @Override
    public Integer call() {
        NvmlOptions options = NvmlOptions.defaults();
        if (nvmlLibrary != null) {
            options = options.withLibrary(nvmlLibrary);
        }
        if (nvmlJournal != null) {
            options = options.withJournalDirectory(nvmlJournal);
        }
        NvmlAvailability availability = Nvml.tryOpen(options);
        if (availability instanceof NvmlUnavailable u) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("greenslice gpus: " + Options.nvmlUnavailable(u));
            err.flush();
            return 1;
        }
        try (Nvml nvml = (Nvml) availability) {
            ObjectNode root = JsonOutput.object();
            root.put("library", nvml.library());
            root.put("driverVersion", value(nvml::driverVersion, null));
            root.put("nvmlVersion", value(nvml::nvmlVersion, null));
            ArrayNode gpus = root.putArray("gpus");
            for (NvmlDevice d : nvml.devices()) {
                try (d) {
                    gpus.add(describe(d));
                }
            }
            root.putArray("abandonedChanges")
                    .addAll(nvml.abandonedChanges().stream().map(a -> JsonOutput.MAPPER.getNodeFactory()
                            .textNode(a.message())).toList());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, root);
            } else {
                printText(out, root);
            }
        }
        return 0;
    }

    private static <T> T value(Supplier<T> query, List<String> failures) {
        try {
            return query.get();
        } catch (RuntimeException e) {
            if (failures != null) {
                failures.add(e.getMessage());
            }
            return null;
        }
    }

    /** Runs one query; on failure records its reason under {@code field} in "unavailable". */
    private static <T> Optional<T> query(ObjectNode gpu, String field, Supplier<T> q) {
        try {
            return Optional.ofNullable(q.get());
        } catch (RuntimeException e) {
            ObjectNode u = gpu.has("unavailable") ? (ObjectNode) gpu.get("unavailable") : gpu.putObject("unavailable");
            u.put(field, OneLineErrors.oneLine(e));
            return Optional.empty();
        }
    }

    private static ObjectNode describe(NvmlDevice d) {
        ObjectNode g = JsonOutput.object();
        g.put("index", d.index());
        g.put("id", d.id());
        g.put("name", d.name());
        g.put("uuid", d.uuid());
        g.put("pciBusId", d.pciBusId());
        query(g, "catalogId", () -> d.model().map(m -> m.id()).orElse(null)).ifPresent(id -> g.put("catalogId", id));
        query(g, "powerWatts", d::power).ifPresent(p -> g.put("powerWatts", p.watts()));
        Optional<Optional<Energy>> energy = query(g, "energyJoules", d::totalEnergy);
        energy.ifPresent(e -> {
            if (e.isPresent()) {
                g.put("energyJoules", e.get().joules());
            } else {
                // Beside any reason already recorded (power), not in place of it.
                ObjectNode u = g.has("unavailable") ? (ObjectNode) g.get("unavailable") : g.putObject("unavailable");
                u.put("energyJoules", "this GPU has no energy counter (it needs Volta or newer)");
            }
        });
        query(g, "clocks", d::clocks).ifPresent(c -> clocks(g.putObject("clocks"), c));
        query(g, "powerLimits", d::powerLimits).ifPresent(l -> limits(g.putObject("powerLimits"), l));
        query(g, "memory", d::memory).ifPresent(m -> memory(g.putObject("memory"), m));
        mig(g, d);
        return g;
    }

    private static void clocks(ObjectNode c, DeviceClocks k) {
        c.put("smClockMhz", k.smMhz());
        c.put("graphicsClockMhz", k.graphicsMhz());
        c.put("memoryClockMhz", k.memoryMhz());
        c.put("maxSmClockMhz", k.maxSmMhz());
        c.put("maxMemoryClockMhz", k.maxMemoryMhz());
    }

    private static void limits(ObjectNode o, PowerLimits l) {
        o.put("limitWatts", l.current().watts());
        o.put("enforcedWatts", l.enforced().watts());
        o.put("defaultWatts", l.defaultLimit().watts());
        o.put("minWatts", l.min().watts());
        o.put("maxWatts", l.max().watts());
    }

    private static void memory(ObjectNode o, DeviceMemory m) {
        o.put("totalBytes", m.totalBytes());
        o.put("usedBytes", m.usedBytes());
        o.put("freeBytes", m.freeBytes());
        m.reservedBytes().ifPresent(r -> o.put("reservedBytes", r));
    }

    private static void mig(ObjectNode g, NvmlDevice d) {
        ObjectNode mig = g.putObject("mig");
        boolean supported = query(g, "mig", d::migSupported).orElse(false);
        mig.put("supported", supported);
        if (!supported) {
            return;
        }
        Optional<MigMode> mode = query(g, "mig", d::migMode);
        mode.ifPresent(m -> {
            mig.put("enabled", m.current());
            mig.put("pendingEnabled", m.pending());
        });
        if (mode.isEmpty() || !mode.get().current()) {
            return;
        }
        ArrayNode instances = mig.putArray("instances");
        List<MigDeviceInfo> devices = query(g, "migDevices", () -> d.mig().migDevices()).orElse(List.of());
        Optional<List<GpuInstanceInfo>> gis = query(g, "migPlacements", () -> d.mig().gpuInstances());
        if (gis.isPresent()) {
            for (GpuInstanceInfo gi : gis.get()) {
                ObjectNode i = instances.addObject();
                i.put("gpuInstanceId", gi.id());
                i.put("profile", gi.profileName());
                i.put("profileId", gi.profileId());
                i.put("computeSlices", gi.computeSlices());
                i.putObject("placement").put("start", gi.placement().start()).put("size", gi.placement().size());
                ArrayNode uuids = i.putArray("migDeviceUuids");
                devices.stream().filter(m -> m.gpuInstanceId() == gi.id()).forEach(m -> uuids.add(m.uuid()));
            }
        } else {
            List<Integer> seen = new ArrayList<>();
            for (MigDeviceInfo m : devices) {
                if (seen.contains(m.gpuInstanceId())) {
                    ((ArrayNode) findInstance(instances, m.gpuInstanceId()).get("migDeviceUuids")).add(m.uuid());
                    continue;
                }
                seen.add(m.gpuInstanceId());
                ObjectNode i = instances.addObject();
                i.put("gpuInstanceId", m.gpuInstanceId());
                i.put("profile", m.profileName());
                i.put("computeSlices", m.gpuInstanceSlices());
                i.putArray("migDeviceUuids").add(m.uuid());
            }
        }
    }

    private static ObjectNode findInstance(ArrayNode instances, int id) {
        for (var n : instances) {
            if (n.get("gpuInstanceId").asInt() == id) {
                return (ObjectNode) n;
            }
        }
        throw new IllegalStateException("no instance " + id);
    }

    /**
     * The reasons a GPU's queries failed, each said once in text: without the GPU's id, which heads its lines, and
     * with a fix already given for this GPU (a lost GPU fails every query the same way) referred to, not repeated.
     */
    static final class Unavailable {
        private final String gpuId;
        private final java.util.Set<String> fixes = new java.util.HashSet<>();

        Unavailable(String gpuId) {
            this.gpuId = gpuId;
        }

        String say(String reason) {
            String r = reason.startsWith(gpuId + ": ") ? reason.substring(gpuId.length() + 2) : reason;
            if (r.isEmpty()) {
                return "no reason given";
            }
            int fix = r.indexOf(". Fix: ");
            if (fix >= 0 && !fixes.add(r.substring(fix))) {
                return r.substring(0, fix) + " (fix as above)";
            }
            return r;
        }
    }

    private static void printText(PrintWriter out, ObjectNode root) {
        var gpus = root.get("gpus");
        out.printf(Locale.ROOT, "NVML %s, driver %s, %d GPU%s (%s)%n", root.path("nvmlVersion").asText("?"),
                root.path("driverVersion").asText("?"), gpus.size(), gpus.size() == 1 ? "" : "s",
                root.get("library").asText());
        for (var g : gpus) {
            out.printf(Locale.ROOT, "%s  %s  %s  %s%s%n", g.get("id").asText(), g.get("name").asText(),
                    g.get("uuid").asText(), g.get("pciBusId").asText(),
                    g.has("catalogId") ? "  [" + g.get("catalogId").asText() + "]" : "");
            var un = g.path("unavailable");
            Unavailable why = new Unavailable(g.get("id").asText());
            out.printf(Locale.ROOT, "  power   %s%n", g.has("powerWatts")
                    ? String.format(Locale.ROOT, "%.1f W", g.get("powerWatts").asDouble())
                    : "unavailable: " + why.say(un.path("powerWatts").asText()));
            out.printf(Locale.ROOT, "  energy  %s%n", g.has("energyJoules")
                    ? String.format(Locale.ROOT, "%.1f J since the driver loaded", g.get("energyJoules").asDouble())
                    : "unavailable: " + why.say(un.path("energyJoules").asText()));
            if (g.has("clocks")) {
                var c = g.get("clocks");
                out.printf(Locale.ROOT, "  clocks  SM %d MHz (max %d), memory %d MHz (max %d)%n",
                        c.get("smClockMhz").asInt(), c.get("maxSmClockMhz").asInt(), c.get("memoryClockMhz").asInt(),
                        c.get("maxMemoryClockMhz").asInt());
            } else {
                out.println("  clocks  unavailable: " + why.say(un.path("clocks").asText()));
            }
            if (g.has("powerLimits")) {
                var l = g.get("powerLimits");
                out.printf(Locale.ROOT, "  limit   %.0f W (enforced %.0f W, default %.0f W, settable %.0f-%.0f W)%n",
                        l.get("limitWatts").asDouble(), l.get("enforcedWatts").asDouble(),
                        l.get("defaultWatts").asDouble(), l.get("minWatts").asDouble(), l.get("maxWatts").asDouble());
            } else {
                out.println("  limit   unavailable: " + why.say(un.path("powerLimits").asText()));
            }
            if (g.has("memory")) {
                var m = g.get("memory");
                out.printf(Locale.ROOT, "  memory  %.1f GiB total, %.1f GiB used%n",
                        m.get("totalBytes").asDouble() / (1L << 30), m.get("usedBytes").asDouble() / (1L << 30));
            }
            var mig = g.get("mig");
            if (!mig.path("supported").asBoolean()) {
                out.println("  MIG     not supported");
            } else if (!mig.path("enabled").asBoolean()) {
                out.println("  MIG     disabled" + (mig.path("pendingEnabled").asBoolean() ? " (enabled after a GPU reset)" : ""));
            } else {
                var inst = mig.path("instances");
                out.printf(Locale.ROOT, "  MIG     enabled, %d GPU instance%s%s%n", inst.size(), inst.size() == 1 ? "" : "s",
                        un.has("migPlacements") ? " (placements need root: " + un.get("migPlacements").asText() + ")" : "");
                for (var i : inst) {
                    var p = i.path("placement");
                    out.printf(Locale.ROOT, "    GI %-3d %-12s %-8s %s%n", i.get("gpuInstanceId").asInt(),
                            i.get("profile").asText(), p.isMissingNode() ? "" : "{" + p.get("start").asInt() + "}:"
                                    + p.get("size").asInt(), String.join(" ", iterable(i.get("migDeviceUuids"))));
                }
            }
        }
        for (var a : root.get("abandonedChanges")) {
            out.println("warning: " + a.asText());
        }
        out.flush();
    }

    private static List<String> iterable(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
