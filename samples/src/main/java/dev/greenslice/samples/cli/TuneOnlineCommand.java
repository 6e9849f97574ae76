package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.gpu.GpuDevice;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.intensity.IntensityTrace;
import dev.greenslice.carbon.plan.Arrival;
import dev.greenslice.carbon.tune.ClockPoint;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.carbon.tune.TuningRequest;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.sim.SimulatedGpu;
import dev.greenslice.estimators.tune.FrequencyTuners;
import dev.greenslice.estimators.tune.online.ClockSearch;
import dev.greenslice.estimators.tune.online.OnlineFrequencyTuner;
import dev.greenslice.estimators.tune.online.OnlineTuning;
import dev.greenslice.estimators.tune.online.ProbeLoad;
import dev.greenslice.estimators.tune.online.ProbePoint;
import dev.greenslice.estimators.tune.online.ServedWork;
import dev.greenslice.estimators.sim.SimulatedTraffic;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.nvml.Nvml;
import dev.greenslice.nvml.NvmlAvailability;
import dev.greenslice.nvml.NvmlDevice;
import dev.greenslice.nvml.NvmlOptions;
import dev.greenslice.nvml.NvmlUnavailable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code greenslice tune-online}: tunes a GPU's SM clock for carbon by measuring, with the online tuner — on the
 * simulated A100 (default) serving the given models, or on an NVIDIA GPU through NVML running a command that
 * serves requests at each probed clock.
 */
@Command(name = "tune-online", mixinStandardHelpOptions = true,
        description = {"Tune a GPU's SM clock for carbon by measuring carbon per request at a few clocks (a Fibonacci"
                + " search: at most 5 probes of 15 clocks) and locking the best one that meets every SLO.",
                "Default: the simulated A100-PCIE-80GB (the embedded data's GPU) serving the --model set in simulated time; the clock is"
                        + " released when the command exits.",
                "With --nvml-library: an NVIDIA GPU, running the command after -- once per probe (it must serve"
                        + " --requests requests); locking clocks needs root or CAP_SYS_ADMIN, without which the"
                        + " command reports a dry run."})
final class TuneOnlineCommand implements Callable<Integer> {

    /** How often --follow checks the intensity, in simulated time. */
    static final Duration CHECK_EVERY = Duration.ofMinutes(15);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME:BATCH:SLICES",
            description = "A model the simulated GPU serves on its own MIG instance, e.g. resnet50:8:4. Repeat for"
                    + " each co-located model. Required without --nvml-library.")
    List<String> models = new ArrayList<>();

    @Option(names = "--requests", paramLabel = "N",
            description = "Requests per probe: per model on the simulated GPU (default 50 batches), or what the"
                    + " command serves (required with --nvml-library).")
    Long requests;

    @Option(names = "--load", paramLabel = "LOAD", defaultValue = "closed",
            description = "How the simulated models' requests arrive: closed (back to back, default) or"
                    + " poisson:SHARE (Poisson at SHARE of peak throughput, e.g. poisson:0.5).")
    String load;

    @Option(names = "--slo-factor", paramLabel = "F", defaultValue = "5",
            description = "Simulated models' SLO: F times their isolated latency (default 5, as in the study).")
    double sloFactor;

    @Option(names = "--slo-ms", paramLabel = "MS",
            description = "An SLO in ms on mean latency (simulated models) or on the command's time per request"
                    + " (--nvml-library).")
    Double sloMs;

    @Option(names = "--intensity", paramLabel = "SPEC", defaultValue = "gas",
            description = "The grid's carbon intensity: " + IntensitySpec.ACCEPTED + ". Default gas.")
    String intensitySpec;

    @Option(names = "--probes", paramLabel = "N", defaultValue = "5",
            description = "The most probes the Fibonacci search takes (default 5: exact over the top 12 clocks"
                    + " of a unimodal curve; 6 covers 20).")
    int probes;

    @Option(names = "--exhaustive", description = "Probe every candidate clock instead (for comparison).")
    boolean exhaustive;

    @Option(names = "--candidates", paramLabel = "MHZ", split = ",",
            description = "The clocks to choose from, e.g. 960,1050,1140. Default: up to 15 of the GPU's clocks.")
    List<Integer> candidates;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the simulated Poisson arrivals (default 1).")
    long seed;

    @Option(names = "--follow", paramLabel = "HOURS",
            description = "Simulated GPU only: after tuning, check the intensity every 15 simulated minutes for"
                    + " HOURS hours and re-tune when it moves (25 %%, held an hour, worth more than 1 %%).")
    Double followHours;

    @Option(names = "--deny-clock-control",
            description = "Simulated GPU only: play a host without root, where locking clocks is refused.")
    boolean denyClockControl;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "Profiles driving the simulated GPU (EnerTune columns). Default: " + ProfileSources.EMBEDDED + ".")
    Path profiles;

    @Option(names = "--device", paramLabel = "FILE",
            description = "Baseline power per clock of the simulated GPU. Default: " + ProfileSources.EMBEDDED + ".")
    Path device;

    @Option(names = "--nvml-library", paramLabel = "PATH",
            description = "Tune an NVIDIA GPU through this libnvidia-ml (a file, or a name such as libnvidia-ml.so.1).")
    String nvmlLibrary;

    @Option(names = "--nvml-journal", paramLabel = "DIR",
            description = "Where GPU changes are journaled before they are made, so that a crash is undone on the next"
                    + " run: a directory private to you (created 0700; refused if another user owns it, others may"
                    + " write it, or it is a symbolic link). Default: $XDG_STATE_HOME/greenslice/nvml-restore, else"
                    + " ~/.local/state/greenslice/nvml-restore.")
    Path nvmlJournal;

    @Option(names = "--gpu-index", paramLabel = "N", defaultValue = "0",
            description = "With --nvml-library: which GPU (default 0).")
    int gpuIndex;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Parameters(paramLabel = "CMD", arity = "0..*",
            description = "With --nvml-library: the command that serves --requests requests, run once per probe.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        if (probes < 1 || probes > 20) {
            throw usage("--probes: give 1 to 20 probes, got " + probes);
        }
        ClockSearch search = exhaustive ? ClockSearch.exhaustive() : ClockSearch.fibonacci(probes);
        return nvmlLibrary != null ? onNvml(search) : onSimulatedGpu(search);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private IntensitySource intensity(Clock clock) {
        try {
            return IntensitySpec.parse(intensitySpec, clock, null);
        } catch (IllegalArgumentException e) {
            throw usage("--intensity: " + e.getMessage());
        }
    }

    // ---- the simulated A100 -----------------------------------------------------------------------------

    private int onSimulatedGpu(ClockSearch search) {
        if (!command.isEmpty()) {
            throw usage("a command (" + String.join(" ", command) + ") is only run with --nvml-library; the simulated"
                    + " GPU serves the --model set");
        }
        if (models.isEmpty()) {
            throw usage("--model: give at least one model for the simulated GPU to serve, e.g. --model resnet50:8:4"
                    + " --model whisper:8:3");
        }
        if (followHours != null && !(followHours > 0 && followHours <= 24 * 366)) {
            throw usage("--follow: give a positive number of hours (at most a year), got " + followHours);
        }
        List<TenantDemand> tenants = tenants();
        IntensitySource source = intensity(Clock.system());
        // Simulated time starts where the trace starts, or now.
        MockClock clock = new MockClock(source instanceof IntensityTrace t ? t.start() : Clock.system().wallTime());
        DevicePowerProfile baseline = ProfileSources.device(device);
        ModelProfiles set = ProfileSources.profiles(profiles, baseline);
        SimulatedGpu.Builder b = SimulatedGpu.builder().clock(clock).profiles(set).devicePower(baseline);
        if (denyClockControl) {
            b.denyClockControl();
        }
        try (SimulatedGpu gpu = b.build()) {
            SimulatedTraffic traffic = SimulatedTraffic.on(gpu, tenants, seed);
            // Refused clock control, the tuner asks the offline tuner over the same profiles which clock it would set.
            EmbodiedCarbon embodied = EmbodiedCarbon.act(gpu.model().orElseThrow());
            FrequencyTuner prior = FrequencyTuners.offline(set, baseline);
            TuningRequest request = traffic.tuningRequest(source, embodied);
            try (OnlineFrequencyTuner tuner = tuner(gpu, traffic, source, clock, search, b2 -> b2.embodied(embodied)
                    .prior(prior, request))) {
                OnlineTuning first = tuner.tune();
                List<OnlineTuning> retunes = new ArrayList<>();
                if (followHours != null) {
                    Instant end = clock.wallTime().plusSeconds(Math.round(followHours * 3600));
                    Instant next = clock.wallTime();
                    while (!(next = next.plus(CHECK_EVERY)).isAfter(end)) {
                        Duration wait = Duration.between(clock.wallTime(), next);
                        if (!wait.isNegative()) {
                            gpu.elapse(wait);
                        }
                        tuner.maintain().ifPresent(retunes::add);
                    }
                }
                // The load in words, not the traffic object's dump.
                print(gpu, "simulated", first, retunes, "load " + String.join(", ", tenants.stream()
                        .map(t -> t.placement() + " " + t.demand().arrival() + " × " + t.demand().requests())
                        .toList()));
            }
        }
        return 0;
    }

    private List<TenantDemand> tenants() {
        Arrival arrival = arrival();
        List<TenantDemand> out = new ArrayList<>();
        for (String m : models) {
            ModelPlacement p;
            try {
                p = ModelPlacement.parse(m);
            } catch (IllegalArgumentException e) {
                throw usage("--model: " + e.getMessage());
            }
            long n = requests != null ? requests : 50L * p.batchSize();
            if (n < 1) {
                throw usage("--requests: give at least 1 request per probe, got " + n);
            }
            if (n > SimulatedTraffic.MAX_REQUESTS_PER_PROBE) {
                throw usage("--requests: the simulated GPU serves at most " + SimulatedTraffic.MAX_REQUESTS_PER_PROBE
                        + " requests per model and probe, got " + n + "; give fewer");
            }
            ModelDemand w;
            try {
                w = ModelDemand.builder().name(p.model()).model(p.model()).batchSize(p.batchSize()).requests(n)
                        .arrival(arrival).sloFactor(sloFactor)
                        .sloMs(sloMs == null ? OptionalDouble.empty() : OptionalDouble.of(sloMs))
                        .memoryNeedGb(OptionalDouble.empty()).build();
            } catch (IllegalArgumentException e) {
                throw usage((sloMs != null ? "--slo-ms" : "--slo-factor") + ": " + e.getMessage());
            }
            out.add(TenantDemand.of(w, p.slices()));
        }
        return out;
    }

    private Arrival arrival() {
        String l = load.trim().toLowerCase(Locale.ROOT);
        if (l.equals("closed") || l.equals("closed-loop")) {
            return Arrival.closedLoop();
        }
        if (l.startsWith("poisson:")) {
            try {
                return Arrival.poisson(Double.parseDouble(l.substring("poisson:".length())));
            } catch (NumberFormatException e) {
                throw usage("--load: '" + load + "' has no number after poisson:, e.g. poisson:0.5");
            } catch (IllegalArgumentException e) {
                throw usage("--load: " + e.getMessage());
            }
        }
        throw usage("--load: '" + load + "' is neither closed nor poisson:SHARE (e.g. poisson:0.5)");
    }

    private OnlineFrequencyTuner tuner(GpuDevice gpu, ProbeLoad traffic, IntensitySource source, Clock clock,
                                       ClockSearch search, Consumer<OnlineFrequencyTuner.Builder> more) {
        OnlineFrequencyTuner.Builder b = OnlineFrequencyTuner.builder(gpu, traffic).intensity(source).clock(clock)
                .search(search);
        more.accept(b);
        if (candidates != null) {
            b.candidateClocksMhz(candidates);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw usage((candidates != null ? "--candidates: " : "") + e.getMessage());
        }
    }

    // ---- NVML -------------------------------------------------------------------------------------------

    private int onNvml(ClockSearch search) {
        if (!models.isEmpty() || followHours != null || denyClockControl || profiles != null || device != null) {
            throw usage("--model, --follow, --deny-clock-control, --profiles and --device describe the simulated GPU;"
                    + " with --nvml-library give the command that serves requests after --");
        }
        if (command.isEmpty()) {
            throw usage("with --nvml-library, give the command that serves --requests requests after --, e.g."
                    + " -- python bench.py --requests 500");
        }
        if (requests == null || requests < 1) {
            throw usage("--requests: with --nvml-library, say how many requests the command serves (at least 1)");
        }
        NvmlAvailability availability = Nvml.tryOpen(nvmlJournal == null
                ? NvmlOptions.defaults().withLibrary(nvmlLibrary)
                : NvmlOptions.defaults().withLibrary(nvmlLibrary).withJournalDirectory(nvmlJournal));
        if (availability instanceof NvmlUnavailable u) {
            throw new IllegalStateException(Options.nvmlUnavailable(u));
        }
        try (Nvml nvml = (Nvml) availability) {
            if (gpuIndex < 0 || gpuIndex >= nvml.deviceCount()) {
                throw usage("--gpu-index: NVML sees " + nvml.deviceCount() + " GPU(s); give 0 to "
                        + (nvml.deviceCount() - 1));
            }
            try (NvmlDevice gpu = nvml.device(gpuIndex);
                 StopSignals stops = StopSignals.trap(Duration.ofSeconds(5))) {
                CommandLoad work = new CommandLoad(command, requests, sloMs, Clock.system(), stops);
                try (OnlineFrequencyTuner tuner = tuner(gpu, work, intensity(Clock.system()), Clock.system(), search,
                        b -> { })) {
                    OnlineTuning t = tuner.tune();
                    print(gpu, "nvml", t, List.of(), work.toString());
                    if (stops.received().isPresent()) {
                        // Told to stop after the last probe: the result stands, the status says so.
                        return stops.received().get().exitStatus();
                    }
                } catch (StopSignals.StoppedException e) {
                    // The tuner restored the GPU's clock as the probe failed; say so and exit like a shell would.
                    spec.commandLine().getErr().println("greenslice tune-online: " + e.getMessage()
                            + "; the GPU's clocks were restored; no clock was chosen");
                    spec.commandLine().getErr().flush();
                    return e.stop().exitStatus();
                }
            }
        }
        return 0;
    }

    /** Runs the command once per probe; its output goes to stderr so that --json stays clean. */
    static final class CommandLoad implements ProbeLoad {
        private final List<String> command;
        private final long requests;
        private final Double sloMs;
        private final Clock clock;

        private final StopSignals stops;

        CommandLoad(List<String> command, long requests, Double sloMs, Clock clock, StopSignals stops) {
            this.command = List.copyOf(command);
            this.requests = requests;
            this.sloMs = sloMs;
            this.clock = clock;
            this.stops = stops;
        }

        @Override
        public ServedWork serve() {
            long start = clock.monotonicNanos();
            StopSignals.Outcome outcome;
            try {
                outcome = stops.run(command, System.err);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the probe command ran", e);
            }
            if (outcome.stoppedBy().isPresent()) {
                StopSignals.Stop stop = outcome.stoppedBy().get();
                throw new StopSignals.StoppedException(stop, "stopped by " + stop.signalName()
                        + " during a probe; the probe command's process tree was stopped");
            }
            int exit = outcome.exitCode();
            if (exit != 0) {
                throw new IllegalStateException("the probe command '" + String.join(" ", command) + "' exited with "
                        + exit + "; the tuner needs it to serve its requests at every clock");
            }
            double perRequestMs = (clock.monotonicNanos() - start) / 1e6 / requests;
            return new ServedWork(List.of(ServedWork.Model.of(command.get(0), requests, perRequestMs,
                    sloMs == null ? OptionalDouble.empty() : OptionalDouble.of(sloMs))));
        }

        @Override
        public String toString() {
            return "'" + String.join(" ", command) + "' serving " + requests + " requests";
        }
    }

    // ---- output -----------------------------------------------------------------------------------------

    private void print(GpuDevice gpu, String mode, OnlineTuning first, List<OnlineTuning> retunes, String load) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = tuningJson(first);
            o.put("mode", mode);
            o.put("device", gpu.name());
            o.put("deviceId", gpu.id());
            o.put("load", load);
            if (followHours != null) {
                ArrayNode r = o.putArray("retunes");
                retunes.forEach(t -> r.add(tuningJson(t)));
            }
            JsonOutput.print(out, o);
            return;
        }
        out.printf(Locale.ROOT, "online tuning of %s (%s), %s%n", gpu.id(), gpu.name(), load);
        printText(out, first);
        for (OnlineTuning t : retunes) {
            out.printf(Locale.ROOT, "%nre-tuned at %s: %s%n", t.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    t.trigger());
            printText(out, t);
        }
        if (followHours != null && retunes.isEmpty()) {
            out.printf(Locale.ROOT, "no re-tune in %s hours: the intensity did not move by 25 %% for an hour%n",
                    new java.math.BigDecimal(followHours).round(new java.math.MathContext(4)).stripTrailingZeros()
                            .toPlainString());
        }
        out.println("the clock lock is released as this command exits");
        out.flush();
    }

    private static ObjectNode tuningJson(OnlineTuning t) {
        ObjectNode o = JsonOutput.object();
        o.put("at", t.at().toString());
        o.put("trigger", t.trigger());
        o.put("action", t.action().name());
        o.put("applied", t.applied());
        if (t.clockMhz().isPresent()) {
            o.put("clockMhz", t.clockMhz().getAsInt());
        } else {
            o.putNull("clockMhz");
        }
        Optional<ClockPoint> at = t.clockMhz().isPresent() ? t.result().at(t.clockMhz().getAsInt()) : Optional.empty();
        if (at.isPresent()) {
            o.put("carbonGrams", at.get().total().value().grams());
            o.put("operationalCarbonGrams", at.get().operational().value().grams());
            o.put("embodiedCarbonGrams", at.get().embodied().value().grams());
            o.put("energyJoules", at.get().energy().joules());
        } else {
            o.putNull("carbonGrams");
        }
        o.put("functionalUnit", "request");
        o.put("probes", t.probeCount());
        o.put("candidates", t.candidates());
        o.put("search", t.search());
        o.put("intensityGramsPerKwh", t.referenceIntensity().gramsPerKwh());
        if (t.result().chosenClockMhz().isPresent()) {
            o.put("bestProbedClockMhz", t.result().chosenClockMhz().getAsInt());
        }
        ArrayNode points = o.putArray("points");
        int order = 1;
        for (ProbePoint p : t.probes()) {
            ClockPoint c = t.result().at(p.clockMhz()).orElseThrow();
            ObjectNode n = points.addObject();
            n.put("probe", order++);
            n.put("clockMhz", p.clockMhz());
            n.put("carbonGrams", c.total().value().grams());
            n.put("operationalCarbonGrams", c.operational().value().grams());
            n.put("embodiedCarbonGrams", c.embodied().value().grams());
            n.put("energyJoules", c.energy().joules());
            n.put("timeSeconds", c.makespan().toNanos() / 1e9);
            n.put("meetsSlo", c.meetsSlos());
            ArrayNode ms = n.putArray("models");
            for (ServedWork.Model m : p.served().models()) {
                ObjectNode mo = ms.addObject().put("model", m.model()).put("requests", m.requests())
                        .put("meanLatencyMs", m.meanLatencyMs());
                if (m.sloMs().isPresent()) {
                    mo.put("sloMs", m.sloMs().getAsDouble());
                } else {
                    mo.putNull("sloMs");
                }
            }
        }
        if (t.result().reason().isPresent()) {
            o.put("reason", t.result().reason().get());
        } else {
            o.putNull("reason");
        }
        ArrayNode notes = o.putArray("notes");
        t.notes().forEach(notes::add);
        return o;
    }

    private static void printText(PrintWriter out, OnlineTuning t) {
        out.printf(Locale.ROOT, "intensity %s; %s; %d probes of %d candidate clocks%n",
                t.referenceIntensity(), t.search(), t.probeCount(), t.candidates());
        out.println("  probe  clock      carbon/request   operational      embodied         energy/request  SLOs");
        int order = 1;
        for (ProbePoint p : t.probes()) {
            ClockPoint c = t.result().at(p.clockMhz()).orElseThrow();
            out.printf(Locale.ROOT, "  %5d  %4d MHz  %.4e g     %.4e g     %.4e g     %8.3f J      %s%n", order++,
                    p.clockMhz(), c.total().value().grams(), c.operational().value().grams(),
                    c.embodied().value().grams(), c.energy().joules(), c.meetsSlos() ? "met" : "missed");
        }
        switch (t.action()) {
            case APPLIED -> out.printf(Locale.ROOT, "locked %d MHz: %.4e gCO2e per request%n", t.clockMhz().getAsInt(),
                    t.chosenCarbonPerRequest().orElseThrow().grams());
            case KEPT -> out.printf(Locale.ROOT, "kept %d MHz%n", t.clockMhz().getAsInt());
            case NO_CLOCK_MEETS_SLOS -> out.println("no clock chosen: " + t.result().reason().orElse(""));
            case DRY_RUN -> out.println("dry run, nothing changed" + (t.clockMhz().isPresent()
                    ? "; would have set " + t.clockMhz().getAsInt() + " MHz" : ""));
        }
        for (String n : t.notes()) {
            out.println("  note: " + n);
        }
    }
}
