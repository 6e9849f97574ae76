package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuDevice;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.GpuDeviceSensor;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.plan.SloCheck;
import dev.greenslice.carbon.tune.ClockPoint;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.carbon.tune.TuningRequest;
import dev.greenslice.carbon.tune.TuningResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Tunes a live GPU's SM clock for carbon by measuring: it locks candidate clocks one at a time, meters one
 * {@link ProbeLoad#serve()} at each with a {@link CarbonMeter} (the device's energy, the grid's intensity, the
 * device's embodied carbon), and locks the clock with the least carbon per request among those where every
 * model meets its SLO. Works on any {@link GpuDevice}: the simulated GPU, NVML devices.
 *
 * <pre>{@code
 * try (OnlineFrequencyTuner tuner = OnlineFrequencyTuner.builder(gpu, load)
 *         .intensity(CarbonIntensities.of(EnergySource.GAS))
 *         .build()) {
 *     OnlineTuning t = tuner.tune();        // at most 5 probes of 15 clocks
 *     ...serve...
 *     tuner.maintain();                     // call periodically: re-tunes when the intensity moves
 * }                                         // the clock lock is released
 * }</pre>
 *
 * <p><b>Search.</b> {@link ClockSearch#fibonacci()} by default: at most 5 probes where an exhaustive sweep of
 * 15 clocks takes 15. Probes are priced at one reference intensity (the one in effect when the run starts) so
 * that probes falling in different hours of a trace compare on equal terms.
 *
 * <p><b>Units.</b> Carbon in gCO2e per request served, energy in J, clocks in MHz.
 *
 * <p><b>Restoring the clock.</b> The lock is released (the clock handed back to the driver) by {@link #close()}
 * and {@link #restore()}; when a probe fails (the exception from the load or the device is rethrown after the
 * release); when no clock meets every SLO; and on JVM shutdown, by a hook registered with the first lock and
 * removed when it is released. The tuner does not close the device.
 *
 * <p><b>No permission.</b> Locking clocks needs root or CAP_SYS_ADMIN (as {@code nvidia-smi -lgc} does). When the
 * device refuses with {@link GpuDeviceException.Reason#NO_PERMISSION}, {@link #tune()} does not throw: it meters
 * the current clock, changes nothing and returns a {@link OnlineTuning.Action#DRY_RUN} whose notes name the
 * privilege and the {@code nvidia-smi} command that would apply the clock; with a {@link Builder#prior prior}
 * (an offline tuner over the models' profiles) it also says which clock it would have set.
 *
 * <p><b>Re-tuning.</b> {@link #maintain()} re-tunes when the intensity has moved per the {@link RetunePolicy}
 * (a share, held for a dwell, and a switching margin: hysteresis so the clock does not flap).
 *
 * <p>Thread-safe: {@code tune}, {@code maintain}, {@code restore} and {@code close} serialize on the tuner.
 * Failures other than missing permission propagate: {@link GpuDeviceException} from the device, whatever the
 * load throws, {@link IllegalArgumentException} from an intensity source without data for now.
 */
public final class OnlineFrequencyTuner implements AutoCloseable {

    /** The most candidates taken from a device's list of clocks when none are given. */
    public static final int DEFAULT_CANDIDATES = 15;

    private final GpuDevice device;
    private final ProbeLoad load;
    private final IntensitySource intensity;
    private final EmbodiedCarbon embodied;
    private final Clock clock;
    private final ClockSearch search;
    private final List<Integer> candidates;
    private final RetunePolicy policy;
    private final FrequencyTuner priorTuner;
    private final TuningRequest priorRequest;
    private final CarbonMeter meter;
    private final Prober prober;
    private final ClockGuard guard;

    private OnlineTuning current;
    private Instant movedSince;
    private boolean closed;

    private OnlineFrequencyTuner(Builder b, List<Integer> candidates, EmbodiedCarbon embodied) {
        this.device = b.device;
        this.load = b.load;
        this.intensity = b.intensity;
        this.embodied = embodied;
        this.clock = b.clock;
        this.search = b.search;
        this.candidates = candidates;
        this.policy = b.policy;
        this.priorTuner = b.priorTuner;
        this.priorRequest = b.priorRequest;
        this.meter = CarbonMeter.builder()
                .sensor(GpuDeviceSensor.builder(List.of(device)).open())
                .intensity(intensity)
                .embodied(embodied)
                .clock(clock)
                .synchronous()
                // A sampler thread waits for time to pass: pointless (and nondeterministic) on a clock whose time
                // moves only when told, such as a MockClock driven by the simulated GPU.
                .backgroundSampling(clock.advancesByItself())
                .build();
        this.prober = new Prober(meter, load);
        this.guard = new ClockGuard(device, b.shutdownHook);
    }

    /**
     * Starts a tuner of {@code device} metering {@code load}.
     *
     * @param device the GPU whose clock is tuned; the tuner locks and releases its clock but never closes it
     * @param load   the work served at each probe
     * @return a new builder
     */
    public static Builder builder(GpuDevice device, ProbeLoad load) {
        return new Builder(device, load);
    }

    /** Configures an {@link OnlineFrequencyTuner}; the intensity is required. Not thread-safe. */
    public static final class Builder {
        private final GpuDevice device;
        private final ProbeLoad load;
        private IntensitySource intensity;
        private EmbodiedCarbon embodied;
        private Clock clock = Clock.system();
        private ClockSearch search = ClockSearch.fibonacci();
        private List<Integer> candidates;
        private RetunePolicy policy = RetunePolicy.DEFAULT;
        private FrequencyTuner priorTuner;
        private TuningRequest priorRequest;
        private boolean shutdownHook = true;

        private Builder(GpuDevice device, ProbeLoad load) {
            this.device = Objects.requireNonNull(device, "device");
            this.load = Objects.requireNonNull(load, "load");
        }

        /**
         * Where the grid's carbon intensity comes from (required).
         *
         * @param source the grid's carbon intensity over time
         * @return this builder
         */
        public Builder intensity(IntensitySource source) {
            this.intensity = Objects.requireNonNull(source, "intensity");
            return this;
        }

        /**
         * The device's embodied carbon; default the ACT model of the device's catalog model.
         *
         * @param model the device's embodied footprint and lifetime
         * @return this builder
         */
        public Builder embodied(EmbodiedCarbon model) {
            this.embodied = Objects.requireNonNull(model, "embodied");
            return this;
        }

        /**
         * The clock for probes and re-tune checks; a {@link MockClock} with the simulated GPU. Default system. The
         * tuner's meter samples in the background only on a clock whose time {@link Clock#advancesByItself()
         * passes by itself}.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * How candidates are chosen for probing; default {@link ClockSearch#fibonacci()}.
         *
         * @param value the search
         * @return this builder
         */
        public Builder search(ClockSearch value) {
            this.search = Objects.requireNonNull(value, "search");
            return this;
        }

        /**
         * The clocks to choose from, in MHz; each must be one the device supports (and the load, if it says). By
         * default the device's clocks that the load can run at, at most {@value #DEFAULT_CANDIDATES} spread from
         * the lowest to the highest.
         *
         * @param clocksMhz the candidate clocks, in MHz; checked by {@link #build()}
         * @return this builder
         */
        public Builder candidateClocksMhz(List<Integer> clocksMhz) {
            this.candidates = List.copyOf(clocksMhz);
            return this;
        }

        /**
         * When {@link #maintain()} re-tunes; default {@link RetunePolicy#DEFAULT}.
         *
         * @param value the re-tune policy
         * @return this builder
         */
        public Builder retune(RetunePolicy value) {
            this.policy = Objects.requireNonNull(value, "retune");
            return this;
        }

        /**
         * A tuner that predicts from profiles (e.g. the offline tuner) and the request describing the GPU's
         * models, consulted only when the device refuses clock control, to say which clock the online tuner would
         * have set. The request's intensity is replaced by this tuner's, its start by the time of the run.
         *
         * @param tuner   the predicting tuner
         * @param request the GPU's models, SLOs and embodied carbon as that tuner takes them
         * @return this builder
         */
        public Builder prior(FrequencyTuner tuner, TuningRequest request) {
            this.priorTuner = Objects.requireNonNull(tuner, "tuner");
            this.priorRequest = Objects.requireNonNull(request, "request");
            return this;
        }

        /**
         * Whether to register a JVM shutdown hook that releases the clock lock (default true). Turn it off only
         * where something else restores the device on exit.
         *
         * @param enabled whether to register the shutdown hook
         * @return this builder
         */
        public Builder shutdownHook(boolean enabled) {
            this.shutdownHook = enabled;
            return this;
        }

        /**
         * Builds the tuner and its meter. Touches nothing on the device until {@link #tune()}.
         *
         * @return the tuner
         * @throws IllegalStateException    without an intensity source, or without an embodied model for a
         *                                  device the catalog does not know
         * @throws IllegalArgumentException for candidate clocks the device or the load does not support
         */
        public OnlineFrequencyTuner build() {
            if (intensity == null) {
                throw new IllegalStateException("An online tuner needs an intensity source: call intensity(...), e.g."
                        + " CarbonIntensities.of(EnergySource.GAS)");
            }
            EmbodiedCarbon emb = embodied;
            if (emb == null) {
                emb = EmbodiedCarbon.act(device.model().orElseThrow(() -> new IllegalStateException(device.id()
                        + " (" + device.name() + ") is not in the GPU catalog: give its embodied carbon with"
                        + " embodied(EmbodiedCarbon.act(model, parameters, lifetime))")));
            }
            return new OnlineFrequencyTuner(this, candidates(), emb);
        }

        private List<Integer> candidates() {
            TreeSet<Integer> usable = new TreeSet<>(device.supportedSmClocksMhz());
            String usableFrom = device.id() + " supports " + usable;
            if (!load.clocksMhz().isEmpty()) {
                usable.retainAll(load.clocksMhz());
                usableFrom += " and the load runs at " + new TreeSet<>(load.clocksMhz());
            }
            if (usable.isEmpty()) {
                throw new IllegalArgumentException("No clock to tune: " + usableFrom + " MHz, none in common");
            }
            if (candidates == null) {
                return Candidates.spread(new ArrayList<>(usable), DEFAULT_CANDIDATES);
            }
            for (int c : candidates) {
                if (!usable.contains(c)) {
                    throw new IllegalArgumentException("Candidate clock " + c + " MHz cannot be probed: " + usableFrom
                            + " MHz; choose among those");
                }
            }
            return Candidates.check(new ArrayList<>(new TreeSet<>(candidates)));
        }
    }

    /** @return the candidate clocks, in MHz, ascending */
    public List<Integer> candidateClocksMhz() {
        return candidates;
    }

    /** @return the clock this tuner has locked now, if any */
    public OptionalInt lockedClockMhz() {
        return guard.lockedMhz();
    }

    /** @return the last tuning run, if any */
    public synchronized Optional<OnlineTuning> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Searches for the clock with the least carbon per request and applies it.
     *
     * @return what was probed, the curve and what was done with the clock
     * @throws IllegalStateException    after {@link #close()}, or when a sensor fails during a probe (the lock is
     *                                  released)
     * @throws GpuDeviceException       for a device failure other than missing permission (the lock is released)
     * @throws RuntimeException         whatever the load throws (the lock is released)
     */
    public synchronized OnlineTuning tune() {
        return run("requested");
    }

    /**
     * Re-tunes if the intensity has moved per the {@link RetunePolicy}: call it periodically (every few minutes).
     * Tunes if nothing was tuned yet.
     *
     * @return the new tuning, if the tuner ran
     */
    public synchronized Optional<OnlineTuning> maintain() {
        open();
        if (current == null) {
            return Optional.of(run("first tuning"));
        }
        Instant now = clock.wallTime();
        CarbonIntensity tuned = current.referenceIntensity();
        CarbonIntensity here = intensity.at(now).value();
        if (!policy.moved(tuned, here)) {
            movedSince = null;
            return Optional.empty();
        }
        if (movedSince == null) {
            movedSince = now;
        }
        if (Duration.between(movedSince, now).compareTo(policy.dwell()) < 0) {
            return Optional.empty();
        }
        return Optional.of(run("intensity moved from " + grams(tuned) + " to " + grams(here) + " gCO2e/kWh"
                + (policy.dwell().isZero() ? "" : " and held for " + inWords(Duration.between(movedSince, now)))));
    }

    /** A duration as people write it ("1 h", "45 min", "30 s"), never ISO-8601's "PT1H". */
    static String inWords(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600 && s % 3600 == 0) {
            return s / 3600 + " h";
        }
        if (s >= 60 && s % 60 == 0) {
            return s / 60 + " min";
        }
        return s >= 60 ? String.format(java.util.Locale.ROOT, "%.1f min", s / 60.0) : s + " s";
    }

    /** Releases the clock lock now; the tuner stays usable. Never throws. */
    public synchronized void restore() {
        guard.restore();
    }

    /** Releases the clock lock and closes the meter. Idempotent; never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        guard.restore();
        meter.close();
    }

    /** What the shutdown hook runs: releases the clock lock. For tests. */
    Runnable shutdownAction() {
        return guard.shutdownAction();
    }

    /** The shutdown hook's thread. For tests. */
    Thread shutdownHookThread() {
        return guard.hookThread();
    }

    /** @return why the last release of the clock lock failed, if it did */
    public Optional<String> restoreProblem() {
        return Optional.ofNullable(guard.lastRestoreProblem());
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("This online tuner is closed; build a new one");
        }
    }

    private OnlineTuning run(String trigger) {
        open();
        movedSince = null;
        Instant at = clock.wallTime();
        IntensityFactor factor = intensity.at(at);
        CarbonIntensity reference = factor.value();
        ClockSearch.Session session = search.start(candidates, reference);
        List<ProbePoint> probes = new ArrayList<>();
        OnlineTuning previous = current;
        try {
            for (OptionalInt next = session.next(); next.isPresent(); next = session.next()) {
                int mhz = next.getAsInt();
                try {
                    guard.lock(mhz);
                } catch (GpuDeviceException e) {
                    if (e.reason() == GpuDeviceException.Reason.NO_PERMISSION) {
                        return current = dryRun(trigger, at, factor, probes, mhz, e);
                    }
                    throw e;
                }
                ProbePoint p = prober.probe(mhz);
                probes.add(p);
                session.observe(p);
            }
            return current = decide(trigger, at, factor, probes, previous);
        } catch (RuntimeException e) {
            guard.restore();
            current = null;
            throw e;
        }
    }

    private OnlineTuning decide(String trigger, Instant at, IntensityFactor factor, List<ProbePoint> probes,
                                OnlineTuning previous) {
        CarbonIntensity reference = factor.value();
        Comparator<ProbePoint> byCarbon = Comparator
                .<ProbePoint>comparingDouble(p -> p.carbonPerRequestAt(reference).grams())
                .thenComparingDouble(p -> p.energyPerRequest().joules())
                .thenComparingInt(ProbePoint::clockMhz);
        Optional<ProbePoint> best = probes.stream().filter(ProbePoint::meetsSlo).min(byCarbon);
        List<String> notes = new ArrayList<>();
        if (best.isEmpty()) {
            guard.restore();
            String reason = noClockReason(probes);
            notes.add(reason + "; the clock lock was released (the driver's default clock, the fastest)");
            return new OnlineTuning(trigger, at, reference, search.name(), candidates.size(), probes,
                    result(probes, factor, OptionalInt.empty(), Optional.of(reason)),
                    OnlineTuning.Action.NO_CLOCK_MEETS_SLOS, OptionalInt.empty(), Optional.empty(), notes);
        }
        ProbePoint chosen = best.get();
        int apply = chosen.clockMhz();
        OnlineTuning.Action action = OnlineTuning.Action.APPLIED;
        Optional<ProbePoint> inUse = previous == null || !previous.applied() ? Optional.empty()
                : probes.stream().filter(p -> p.clockMhz() == previous.clockMhz().getAsInt()).findFirst()
                .or(() -> previous.probeAt(previous.clockMhz().getAsInt()));
        if (inUse.isPresent() && inUse.get().clockMhz() != apply && inUse.get().meetsSlo()) {
            double keep = inUse.get().carbonPerRequestAt(reference).grams();
            double gain = chosen.carbonPerRequestAt(reference).grams();
            if (keep <= gain * (1 + policy.switchMargin())) {
                apply = inUse.get().clockMhz();
                action = OnlineTuning.Action.KEPT;
                notes.add(String.format(Locale.ROOT, "kept %d MHz: %d MHz would save %.2f %% of carbon per request,"
                                + " not more than the switch margin of %.2f %%", apply, chosen.clockMhz(),
                        100 * (keep - gain) / keep, 100 * policy.switchMargin()));
            }
        }
        guard.lock(apply);
        int lowestReachable = lowestReachable();
        if (chosen.clockMhz() == lowestReachable && lowestReachable != candidates.get(0)) {
            notes.add("the chosen clock is the lowest the search reaches; clocks below " + lowestReachable
                    + " MHz were not probed (a search with more probes reaches them)");
        }
        return new OnlineTuning(trigger, at, reference, search.name(), candidates.size(), probes,
                result(probes, factor, OptionalInt.of(chosen.clockMhz()), Optional.empty()), action,
                OptionalInt.of(apply), Optional.empty(), notes);
    }

    /** The lowest candidate a Fibonacci search can probe; the lowest candidate for other searches. */
    private int lowestReachable() {
        if (search instanceof FibonacciSearch f) {
            return candidates.get(candidates.size() - f.window(candidates.size()));
        }
        return candidates.get(0);
    }

    private static String noClockReason(List<ProbePoint> probes) {
        ProbePoint fastest = probes.stream().max(Comparator.comparingInt(ProbePoint::clockMhz)).orElseThrow();
        List<String> missing = new ArrayList<>();
        for (ServedWork.Model m : fastest.served().models()) {
            if (!m.meetsSlo()) {
                missing.add(String.format(Locale.ROOT, "%s (%.1f ms against an SLO of %.1f ms)", m.model(),
                        m.meanLatencyMs(), m.sloMs().getAsDouble()));
            }
        }
        return "no probed clock meets every SLO: at " + fastest.clockMhz() + " MHz, the fastest probed, "
                + String.join(", ", missing) + " miss" + (missing.size() == 1 ? "es" : "") + " it";
    }

    private OnlineTuning dryRun(String trigger, Instant at, IntensityFactor factor, List<ProbePoint> probes,
                                int wanted, GpuDeviceException refusal) {
        guard.restore();
        CarbonIntensity reference = factor.value();
        int now = device.smClockMhz();
        List<ProbePoint> measured = new ArrayList<>(probes);
        measured.removeIf(p -> p.clockMhz() == now);
        measured.add(prober.probe(now));
        Optional<TuningResult> prediction = Optional.empty();
        if (priorTuner != null) {
            TuningRequest r = priorRequest;
            prediction = Optional.of(priorTuner.tune(TuningRequest.builder(r.gpu(), intensity, r.embodied())
                    .tenants(r.tenants()).accounting(r.accounting()).candidateClocksMhz(r.candidateClocksMhz()).start(at)
                    .build()));
        }
        OptionalInt would = prediction.map(TuningResult::chosenClockMhz).orElse(OptionalInt.empty());
        String privilege = "cannot lock the SM clock of " + device.id() + " at " + wanted + " MHz: setting GPU clocks"
                + " needs root or the CAP_SYS_ADMIN capability, as nvidia-smi -lgc does; run the server as root,"
                + " grant it CAP_SYS_ADMIN, or have an administrator lock the clock";
        List<String> notes = new ArrayList<>();
        if (would.isPresent()) {
            int c = would.getAsInt();
            notes.add(privilege + " with nvidia-smi -i " + device.index() + " -lgc " + c + "," + c
                    + " (the clock the tuner would have set, predicted by the " + priorTuner.name() + " tuner)");
        } else {
            notes.add(privilege + "; give the tuner a prior (an offline tuner over the models' profiles) to learn"
                    + " which clock it would set");
        }
        notes.add("nothing was changed; measured only the current clock, " + now + " MHz (device said: "
                + refusal.getMessage() + ")");
        return new OnlineTuning(trigger, at, reference, search.name(), candidates.size(), measured,
                result(measured, factor, OptionalInt.empty(), Optional.of(privilege)), OnlineTuning.Action.DRY_RUN,
                would, prediction, notes);
    }

    private TuningResult result(List<ProbePoint> probes, IntensityFactor factor, OptionalInt chosen,
                                Optional<String> reason) {
        List<ClockPoint> curve = new ArrayList<>();
        for (ProbePoint p : probes.stream().sorted(Comparator.comparingInt(ProbePoint::clockMhz)).toList()) {
            double joules = p.energyPerRequest().joules();
            CarbonFigure operational = new CarbonFigure(factor.value().times(p.energyPerRequest()),
                    factor.low().times(p.energyPerRequest()), factor.high().times(p.energyPerRequest()));
            List<SloCheck> slos = new ArrayList<>();
            for (ServedWork.Model m : p.served().models()) {
                if (m.sloMs().isPresent() && m.requests() > 0) {
                    slos.add(new SloCheck(m.model(), m.meanLatencyMs(), m.sloMs().getAsDouble(),
                            m.isolatedLatencyMs().orElse(m.sloMs().getAsDouble())));
                }
            }
            curve.add(ClockPoint.builder().clockMhz(p.clockMhz()).makespan(p.timePerRequest())
                    .energy(Energy.ofJoules(joules)).operational(operational).embodied(p.embodiedPerRequest())
                    .slos(slos).build());
        }
        List<Assumption> assumptions = List.of(
                Assumption.of("measurement", "one probe per clock: " + load + " served with the clock locked",
                        "CarbonMeter over " + device.name() + " (" + device.id() + "), synchronous window edges"),
                Assumption.of("search", search.name(), candidates.size() + " candidate clocks " + candidates + " MHz"),
                Assumption.of("intensity", factor.value() + " at the start of the run", intensity.description()),
                Assumption.of("embodied", embodied.footprint().carbon().value() + " over " + embodied.lifetime().toDays()
                        / 365 + " years, whole device", embodied.footprint().model()),
                Assumption.of("functional unit", "one request", "figures per request served in each probe"));
        return new TuningResult("online", curve, chosen, reason, assumptions);
    }

    private static String grams(CarbonIntensity i) {
        return String.format(Locale.ROOT, "%.0f", i.gramsPerKwh());
    }

    @Override
    public String toString() {
        return "OnlineFrequencyTuner[" + device.id() + ", " + search.name() + ", " + candidates.size() + " candidates]";
    }
}
