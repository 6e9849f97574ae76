package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.gpu.GpuDevice;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.estimators.power.CalibrationCsv;
import dev.greenslice.estimators.power.ColocatedMeasurement;
import dev.greenslice.estimators.power.ProfilingLoad;
import dev.greenslice.estimators.power.ProfilingProtocol;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.sim.SimulatedGpu;
import dev.greenslice.nvml.Nvml;
import dev.greenslice.nvml.NvmlAvailability;
import dev.greenslice.nvml.NvmlDevice;
import dev.greenslice.nvml.NvmlOptions;
import dev.greenslice.nvml.NvmlUnavailable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code greenslice profile colocated}: run one co-located set on a GPU (the simulated one by default, or an
 * NVIDIA GPU through NVML), measure its average board power and append the row to a calibration file.
 */
@Command(name = "colocated", mixinStandardHelpOptions = true,
        description = {"Runs a set of models together, each on its own MIG instance, at a locked SM clock, measures"
                + " the average board power over settled windows and appends a row (" + CalibrationCsv.HEADER
                + ") to --out; clocks and MIG layout are restored afterwards.",
                "Default: the simulated A100 80GB PCIe over the embedded profiles, in simulated time.",
                "With --nvml-library: an NVIDIA GPU; the command after -- is started once per model with"
                        + " GREENSLICE_MODEL, GREENSLICE_BATCH and GREENSLICE_MIG_INSTANCE (e.g. 4g@0) in its"
                        + " environment and must serve that model on that instance until stopped; locking clocks"
                        + " and changing MIG need root or CAP_SYS_ADMIN."})
final class ProfileColocatedCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--set", required = true, paramLabel = "MODEL:BATCH:SLICES;...",
            description = "The co-located set, e.g. whisper:16:4;gpt:1:3.")
    String set;

    @Option(names = "--clock", required = true, paramLabel = "MHZ", description = "SM clock to lock.")
    int clockMhz;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Calibration CSV to append the row to (created with its header if new).")
    Path out;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "5",
            description = "Time to let power settle before measuring (default 5).")
    double settleSeconds;

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "10",
            description = "Length of one measurement window (default 10).")
    double windowSeconds;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "Windows averaged (default 3).")
    int repeats;

    @Option(names = "--power-noise", paramLabel = "SD", defaultValue = "0",
            description = "Simulated GPU only: relative noise of its power readings (e.g. 0.01); with noise the"
                    + " power is sampled rather than read from the exact energy counter.")
    double powerNoise;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Simulated GPU only: noise seed.")
    long seed;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "Profiles driving the simulated GPU. Default: " + ProfileSources.EMBEDDED + ".")
    Path profiles;

    @Option(names = "--device", paramLabel = "FILE",
            description = "Baseline power per clock of the simulated GPU. Default: " + ProfileSources.EMBEDDED + ".")
    Path device;

    @Option(names = "--nvml-library", paramLabel = "PATH",
            description = "Measure an NVIDIA GPU through this libnvidia-ml (a file, or a name such as"
                    + " libnvidia-ml.so.1).")
    String nvmlLibrary;

    @Option(names = "--gpu-index", paramLabel = "N", defaultValue = "0",
            description = "With --nvml-library: which GPU (default 0).")
    int gpuIndex;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Parameters(paramLabel = "CMD", arity = "0..*",
            description = "With --nvml-library: the command that serves one model on one MIG instance.")
    List<String> command = new ArrayList<>();

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        if (!(settleSeconds >= 0 && settleSeconds <= 3600) || !(windowSeconds > 0 && windowSeconds <= 3600)) {
            throw usage("--settle and --window: give 0 to 3600 s (window above 0), got " + settleSeconds + " and "
                    + windowSeconds);
        }
        if (repeats < 1 || repeats > 100) {
            throw usage("--repeats: give 1 to 100 windows, got " + repeats);
        }
        if (!(powerNoise >= 0 && powerNoise < 0.5)) {
            throw usage("--power-noise: give a relative deviation in [0, 0.5), got " + powerNoise);
        }
        List<ModelPlacement> placements = parseSet();
        ColocatedMeasurement m = nvmlLibrary != null ? onNvml(placements) : onSimulatedGpu(placements);
        CalibrationCsv.append(out, m);
        print(m);
        return 0;
    }

    private List<ModelPlacement> parseSet() {
        List<ModelPlacement> list = new ArrayList<>();
        if (set.isBlank() || set.length() > CalibrationCsv.MAX_LINE) {
            throw usage("--set: give model:batch:slices;model:batch:slices, e.g. whisper:16:4;gpt:1:3");
        }
        for (String part : set.split(";", -1)) {
            try {
                list.add(ModelPlacement.parse(part.strip()));
            } catch (IllegalArgumentException e) {
                throw usage("--set: " + e.getMessage());
            }
        }
        return list;
    }

    private ProfilingProtocol.Builder protocol(GpuDevice gpu, ProfilingLoad load, MigGeometry geometry, Clock clock) {
        return ProfilingProtocol.builder(gpu, load, geometry).clock(clock).repeats(repeats)
                .settle(Duration.ofNanos(Math.round(settleSeconds * 1e9)))
                .window(Duration.ofNanos(Math.round(windowSeconds * 1e9)));
    }

    private ColocatedMeasurement onSimulatedGpu(List<ModelPlacement> placements) {
        if (!command.isEmpty()) {
            throw usage("a command after -- is for --nvml-library; the simulated GPU runs its own models");
        }
        DevicePowerProfile baseline = ProfileSources.device(device);
        ModelProfiles set = ProfileSources.profiles(profiles, baseline);
        if (!baseline.hasClock(clockMhz)) {
            throw usage("--clock: the simulated GPU has no " + clockMhz + " MHz; clocks: " + baseline.clocksMhz());
        }
        for (ModelPlacement p : placements) {
            ModelProfile profile = set.find(p.model()).orElseThrow(() -> usage("--set: no profile for model '"
                    + p.model() + "' in " + ProfileSources.describe(profiles) + "; known models: "
                    + String.join(", ", set.models())));
            if (profile.point(p.batchSize(), p.slices(), clockMhz).isEmpty()) {
                throw usage("--set: the profiles have no " + p + " at " + clockMhz + " MHz");
            }
        }
        MockClock clock = new MockClock();
        SimulatedGpu.Builder b = SimulatedGpu.builder().clock(clock).profiles(set).devicePower(baseline);
        if (powerNoise > 0) {
            b.powerNoise(powerNoise, seed);
        }
        try (SimulatedGpu gpu = b.build()) {
            requireFits(gpu.geometry(), placements, gpu.model().map(GpuModel::id).orElse(gpu.name()));
            return protocol(gpu, gpu.profilingLoad(), gpu.geometry(), clock)
                    .measurement(powerNoise > 0 ? ProfilingProtocol.Measurement.POWER_SAMPLES
                            : ProfilingProtocol.Measurement.AUTO)
                    .build().measureColocated(clockMhz, placements);
        }
    }

    private void requireFits(MigGeometry geometry, List<ModelPlacement> placements, String gpu) {
        if (ColocatedMeasurement.instancesFor(geometry, placements).isEmpty()) {
            throw usage("--set: " + set + " fits no MIG layout of " + gpu + " (see greenslice mig layouts --gpu "
                    + geometry.gpu() + ")");
        }
    }

    private ColocatedMeasurement onNvml(List<ModelPlacement> placements) {
        if (profiles != null || device != null || powerNoise > 0) {
            throw usage("--profiles, --device and --power-noise describe the simulated GPU; with --nvml-library give"
                    + " the command that serves one model after --");
        }
        if (command.isEmpty()) {
            throw usage("with --nvml-library, give the command that serves one model on one MIG instance after --,"
                    + " e.g. -- ./serve.sh (it reads GREENSLICE_MODEL, GREENSLICE_BATCH, GREENSLICE_MIG_INSTANCE)");
        }
        NvmlAvailability availability = Nvml.tryOpen(NvmlOptions.defaults().withLibrary(nvmlLibrary));
        if (availability instanceof NvmlUnavailable u) {
            throw new IllegalStateException(u.message());
        }
        try (Nvml nvml = (Nvml) availability) {
            if (gpuIndex < 0 || gpuIndex >= nvml.deviceCount()) {
                throw usage("--gpu-index: NVML sees " + nvml.deviceCount() + " GPU(s); give 0 to "
                        + (nvml.deviceCount() - 1));
            }
            try (NvmlDevice gpu = nvml.device(gpuIndex)) {
                GpuModel model = gpu.model().orElseThrow(() -> new IllegalStateException(gpu.name()
                        + " is not a GPU of the catalog; its MIG table is unknown"));
                MigGeometry geometry = model.migGeometry().orElseThrow(() -> new IllegalStateException(model.id()
                        + " has no MIG"));
                requireFits(geometry, placements, model.id());
                try (CommandProfilingLoad load = new CommandProfilingLoad(command)) {
                    return protocol(gpu, load, geometry, Clock.system()).build().measureColocated(clockMhz, placements);
                }
            }
        }
    }

    /** Starts the command once per model, with the model and instance in its environment; stops them all. */
    static final class CommandProfilingLoad implements ProfilingLoad, AutoCloseable {
        private final List<String> command;
        private final List<Process> running = new ArrayList<>();

        CommandProfilingLoad(List<String> command) {
            this.command = List.copyOf(command);
        }

        @Override
        public void start(MigInstance instance, String model, int batchSize) {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("GREENSLICE_MODEL", model);
            pb.environment().put("GREENSLICE_BATCH", Integer.toString(batchSize));
            pb.environment().put("GREENSLICE_MIG_INSTANCE", instance == null ? "" : instance.toString());
            try {
                running.add(pb.start());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot run '" + command.get(0) + "' for " + model + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void stopAll() {
            for (Process p : running) {
                p.destroy();
            }
            for (Process p : running) {
                try {
                    if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                }
            }
            running.clear();
        }

        @Override
        public void await(Duration duration) {
            for (Process p : running) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the serving command '" + String.join(" ", command)
                            + "' exited with " + p.exitValue() + " while being measured; it must serve until stopped");
                }
            }
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring", e);
            }
        }

        @Override
        public void close() {
            stopAll();
        }
    }

    private void print(ColocatedMeasurement m) {
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("clockMhz", m.clockMhz());
            o.put("set", m.setText());
            o.put("measuredBoardPowerWatts", m.measuredWatts());
            o.put("device", m.origin());
            o.put("out", out.toString());
            JsonOutput.print(w, o);
        } else {
            w.printf(Locale.ROOT, "%.2f W average board power at %d MHz for %s (%s); appended to %s%n",
                    m.measuredWatts(), m.clockMhz(), m.setText(), m.origin(), out);
            w.flush();
        }
    }
}
