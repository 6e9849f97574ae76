package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.nvml.AbandonedChange;
import dev.greenslice.nvml.Nvml;
import dev.greenslice.nvml.NvmlAvailability;
import dev.greenslice.nvml.NvmlDevice;
import dev.greenslice.nvml.NvmlOptions;
import dev.greenslice.nvml.NvmlUnavailable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code greenslice clocks apply --sm-mhz INDEX=MHZ ... [--hold]}: locks each listed GPU's SM clock at the given
 * frequency through NVML ({@code nvmlDeviceSetGpuLockedClocks}, min = max), journaled first as every NVML change is.
 * GreenSlice resets whatever it locked when it exits, so a lock lasts as long as the command: with {@code --hold} it
 * keeps the locks until it is stopped (SIGTERM, as Kubernetes stops a pod, or SIGINT) and resets them then; without,
 * it locks, reads the clock back and resets at once (a check that the driver takes the lock). This is what the clock
 * DaemonSets of {@code plan --format kubernetes} run.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Lock GPU SM clocks through NVML, e.g. --sm-mhz 0=1050 --sm-mhz 1=1410 --hold.",
                "A lock lasts while the command runs: --hold keeps it until SIGTERM/SIGINT and resets it then;"
                        + " without --hold the command locks, reads the clock back and resets (a check).",
                "Needs root (or the driver's clock permission). Each change is journaled first, so that a run"
                        + " killed without warning is restored by the next one given --restore-abandoned."})
final class ClocksApplyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sm-mhz", required = true, paramLabel = "INDEX=MHZ",
            description = "A GPU's NVML index and the SM clock to lock it at, in MHz; repeat per GPU.")
    Map<Integer, Integer> smMhz;

    @Option(names = "--hold", description = "Keep the locks until stopped (SIGTERM or SIGINT), then reset them.")
    boolean hold;

    @Option(names = "--restore-abandoned", description = "First restore what earlier runs that were killed left"
            + " changed (from the restore journal).")
    boolean restoreAbandoned;

    @Option(names = "--nvml-library", paramLabel = "PATH",
            description = "Load this libnvidia-ml file instead of the system's (e.g. the simulated library).")
    String nvmlLibrary;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        Map<Integer, Integer> wanted = new TreeMap<>(smMhz);
        for (Map.Entry<Integer, Integer> e : wanted.entrySet()) {
            if (e.getKey() < 0 || e.getValue() < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--sm-mhz: " + e.getKey() + "="
                        + e.getValue() + " needs a GPU index >= 0 and a clock >= 1 MHz, e.g. 0=1050");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NvmlOptions options = NvmlOptions.defaults();
        if (nvmlLibrary != null) {
            options = options.withLibrary(nvmlLibrary);
        }
        NvmlAvailability availability = Nvml.tryOpen(options);
        if (availability instanceof NvmlUnavailable u) {
            throw new IllegalStateException("no GPU to lock: " + u.message());
        }
        Nvml nvml = (Nvml) availability;
        List<NvmlDevice> devices = new ArrayList<>();
        List<String> restored = new ArrayList<>();
        try {
            if (restoreAbandoned) {
                for (AbandonedChange a : nvml.abandonedChanges()) {
                    for (String s : nvml.restoreAbandoned(a)) {
                        restored.add("gpu:" + a.deviceIndex() + " " + s);
                    }
                }
            }
            int count = nvml.deviceCount();
            for (int index : wanted.keySet()) {
                if (index >= count) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--sm-mhz: NVML sees " + count
                            + " GPU(s), so there is no GPU " + index + "; give indices 0 to " + (count - 1));
                }
            }
            ObjectNode o = JsonOutput.object();
            ArrayNode list = o.putArray("devices");
            for (Map.Entry<Integer, Integer> e : wanted.entrySet()) {
                NvmlDevice d = nvml.device(e.getKey());
                devices.add(d);
                d.lockSmClock(e.getValue(), e.getValue());
                int now = d.smClockMhz();
                ObjectNode j = list.addObject();
                j.put("index", d.index());
                j.put("name", d.name());
                j.put("uuid", d.uuid());
                j.put("lockedClockMhz", e.getValue());
                j.put("smClockMhz", now);
                if (!json) {
                    out.printf("gpu:%d %s: SM clock locked at %d MHz (now %d MHz)%n", d.index(), d.name(),
                            e.getValue(), now);
                }
            }
            ArrayNode r = o.putArray("restoredAbandoned");
            restored.forEach(r::add);
            o.put("hold", hold);
            if (json) {
                JsonOutput.print(out, o);
            } else {
                restored.forEach(s -> out.println("restored what a killed run left: " + s));
                out.println(hold ? "holding the locks until stopped (SIGTERM or SIGINT); they are reset then"
                        : "resetting the locks now: a lock lasts while greenslice runs; add --hold to keep it");
            }
            out.flush();
            if (!hold) {
                return 0;
            }
            // SIGTERM runs the shutdown hooks: this one resets the locks and says so (NVML's own hook would too).
            CountDownLatch done = new CountDownLatch(1);
            List<NvmlDevice> held = List.copyOf(devices);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (NvmlDevice d : held) {
                    try {
                        d.close();
                        err.println("greenslice clocks apply: gpu:" + d.index() + " SM clock lock reset");
                    } catch (RuntimeException e) {
                        err.println("greenslice clocks apply: gpu:" + d.index() + " reset failed: " + e.getMessage());
                    }
                }
                err.flush();
                done.countDown();
            }, "greenslice-clocks-reset"));
            done.await();
            return 0;
        } finally {
            for (NvmlDevice d : devices) {
                d.close();
            }
            nvml.close();
        }
    }
}
