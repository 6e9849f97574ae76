package dev.greenslice.estimators.sim;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.gpu.GpuDevice;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import dev.greenslice.estimators.power.AuxiliaryRule;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.power.ProfilingLoad;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfilePoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * A GPU whose behaviour comes from measured profiles: the embedded default device for the planner, the
 * tuner, the meter and the demo on machines without a GPU.
 *
 * <p><b>Power</b> is the device's baseline at the current SM clock plus the co-location rule over the
 * models running at that moment: {@code baseline(f) + decomposed estimate − baseline}, by default with the
 * shared wake-up rule of {@link PowerEstimators#best}. <b>Energy</b> integrates that power, piecewise
 * constant between state changes, over the injected {@link Clock}; {@link #totalEnergy()} is its counter.
 * <b>Latency</b> of a batch is the model's profile at the current clock, the batch size and the instance's
 * compute slices: MIG isolates compute and memory, so a model's latency on its instance does not depend on
 * what runs beside it.
 *
 * <p><b>Time.</b> With a {@link MockClock} the GPU runs in simulated time: {@link #serve} and
 * {@link #elapse} advance the mock clock themselves, instantly and deterministically. With any other clock
 * (e.g. {@link Clock#system()}) it runs in wall time: {@code serve} blocks the caller for the batch's
 * latency, so a meter around it sees real time pass; concurrent calls on different instances overlap.
 *
 * <p><b>MIG.</b> It starts with MIG disabled (the whole GPU, 7 slices), like a new A100. Layouts are
 * validated against the geometry's real placement table; applying one while models run is refused unless
 * forced. Whatever a handle changes (clock lock, layout) is restored on {@link #close()}.
 *
 * <p><b>Failures</b> are {@link GpuDeviceException}s: INVALID_ARGUMENT for an unsupported clock, an invalid
 * layout, a model or cell the profiles lack, or an instance not in the layout; INSUFFICIENT_RESOURCES for a
 * model whose memory need exceeds its instance; IN_USE for an instance already serving; NO_PERMISSION
 * when built with {@link Builder#denyClockControl()} or {@link Builder#denyMigControl()} (to exercise a
 * caller's handling of unprivileged hosts); UNAVAILABLE after {@code close()}.
 *
 * <p>Thread-safe.
 */
public final class SimulatedGpu implements GpuDevice {

    /** A batch to serve on one instance, for {@link #serveTogether}. */
    public record Batch(MigInstance instance, String model, int batchSize) {

        public Batch {
            Objects.requireNonNull(model, "model");
            if (batchSize < 1) {
                throw new IllegalArgumentException("Batch size must be >= 1, got " + batchSize);
            }
        }
    }

    private record Running(ModelPlacement placement) {
    }

    private static final String WHOLE = "whole GPU";

    private final int index;
    private final String name;
    private final String uuid;
    private final GpuModel model;
    private final MigGeometry geometry;
    private final ModelProfiles profiles;
    private final DevicePowerProfile device;
    private final PowerEstimator estimator;
    private final Clock clock;
    private final MockClock simulated;
    private final boolean clockControl;
    private final boolean migControl;
    private final double noise;
    private final Random random;
    private final List<Integer> supported;

    private final Map<String, Running> running = new LinkedHashMap<>();
    private int clockMhz;
    private boolean clockLocked;
    private boolean migEnabled;
    private MigLayout layout;
    private boolean layoutChanged;
    private boolean originalMigEnabled;
    private MigLayout originalLayout;
    private double energyJoules;
    private long lastNanos;
    private boolean closed;

    private SimulatedGpu(Builder b) {
        this.index = b.index;
        this.geometry = b.geometry;
        this.model = b.model;
        this.name = "NVIDIA " + b.geometry.gpu() + " (simulated)";
        this.uuid = "GPU-" + UUID.nameUUIDFromBytes((name + "#" + b.index).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        this.profiles = b.profiles;
        this.device = b.device;
        this.estimator = PowerEstimators.decomposed(b.profiles, b.device, b.rule);
        this.clock = b.clock;
        this.simulated = b.clock instanceof MockClock m ? m : null;
        this.clockControl = b.clockControl;
        this.migControl = b.migControl;
        this.noise = b.noise;
        this.random = new Random(b.seed);
        List<Integer> clocks = new ArrayList<>(b.device.clocksMhz());
        clocks.sort(Comparator.reverseOrder());
        this.supported = List.copyOf(clocks);
        this.clockMhz = supported.get(0);
        this.migEnabled = false;
        this.layout = MigLayout.empty(geometry);
        this.lastNanos = clock.monotonicNanos();
    }

    /** @return a builder: embedded EnerTune A100 profiles, A100 80GB geometry, system clock, no noise */
    public static Builder builder() {
        return new Builder();
    }

    /** The simulated A100 80GB over the embedded profiles, in simulated time on {@code clock}. */
    public static SimulatedGpu a100(MockClock clock) {
        return builder().clock(clock).build();
    }

    /** Configures a {@link SimulatedGpu}. Not thread-safe. */
    public static final class Builder {
        private int index;
        private MigGeometry geometry = A100Geometry.A100_80GB;
        private GpuModel model;
        private ModelProfiles profiles = EnerTuneA100.profiles();
        private DevicePowerProfile device = EnerTuneA100.devicePower();
        private AuxiliaryRule rule = AuxiliaryRule.SHARED_WAKE_UP;
        private Clock clock = Clock.system();
        private boolean clockControl = true;
        private boolean migControl = true;
        private double noise;
        private long seed;

        private Builder() {
        }

        /** @param index the device index, for {@code gpu:N} */
        public Builder index(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("Device index must be >= 0, got " + index);
            }
            this.index = index;
            return this;
        }

        /** The model profiles that drive latency and power. */
        public Builder profiles(ModelProfiles profiles) {
            this.profiles = Objects.requireNonNull(profiles, "profiles");
            return this;
        }

        /** The device's baseline power per clock; its clocks are the supported clocks. */
        public Builder devicePower(DevicePowerProfile device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** The MIG geometry (placement table); default the A100 80GB's. */
        public Builder geometry(MigGeometry geometry) {
            this.geometry = Objects.requireNonNull(geometry, "geometry");
            return this;
        }

        /** The catalog entry {@link #model()} reports; default none. */
        public Builder gpuModel(GpuModel model) {
            this.model = model;
            return this;
        }

        /** The co-location rule for power; default {@link AuxiliaryRule#SHARED_WAKE_UP}. */
        public Builder rule(AuxiliaryRule rule) {
            this.rule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** The clock: a {@link MockClock} for simulated time, anything else for wall time. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Gaussian noise on {@link #power()} readings, as a relative standard deviation (0.02 = 2 %),
         * reproducible from {@code seed}. The energy counter stays exact.
         */
        public Builder powerNoise(double relativeSd, long seed) {
            if (!(relativeSd >= 0 && relativeSd < 1)) {
                throw new IllegalArgumentException("Power noise must be in [0, 1), got " + relativeSd);
            }
            this.noise = relativeSd;
            this.seed = seed;
            return this;
        }

        /** Makes clock control fail with NO_PERMISSION, as on a host without root. */
        public Builder denyClockControl() {
            this.clockControl = false;
            return this;
        }

        /** Makes MIG control fail with NO_PERMISSION, as on a host without root. */
        public Builder denyMigControl() {
            this.migControl = false;
            return this;
        }

        /** @return the simulated GPU */
        public SimulatedGpu build() {
            return new SimulatedGpu(this);
        }
    }

    // ---- GpuDevice ---------------------------------------------------------------------------------

    @Override
    public int index() {
        return index;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String uuid() {
        return uuid;
    }

    @Override
    public Optional<GpuModel> model() {
        return Optional.ofNullable(model);
    }

    @Override
    public synchronized Power power() {
        open("power");
        accrue();
        double watts = currentWatts();
        if (noise > 0) {
            watts *= Math.max(0.0, 1 + noise * random.nextGaussian());
        }
        return Power.ofWatts(watts);
    }

    @Override
    public synchronized Optional<Energy> totalEnergy() {
        open("totalEnergy");
        accrue();
        return Optional.of(Energy.ofJoules(energyJoules));
    }

    @Override
    public synchronized int smClockMhz() {
        open("smClockMhz");
        return clockMhz;
    }

    @Override
    public List<Integer> supportedSmClocksMhz() {
        return supported;
    }

    @Override
    public synchronized void lockSmClock(int minMhz, int maxMhz) {
        open("lockSmClock");
        if (!clockControl) {
            throw new GpuDeviceException(id(), "lockSmClock", GpuDeviceException.Reason.NO_PERMISSION,
                    "locking clocks needs root (or CAP_SYS_ADMIN), as nvidia-smi -lgc does; run as root or ask an"
                            + " administrator to lock the clock");
        }
        if (minMhz > maxMhz) {
            throw new GpuDeviceException(id(), "lockSmClock", GpuDeviceException.Reason.INVALID_ARGUMENT,
                    "minimum " + minMhz + " MHz is above maximum " + maxMhz + " MHz");
        }
        for (int c : supported) {
            if (c <= maxMhz && c >= minMhz) {
                accrue();
                clockMhz = c;
                clockLocked = true;
                return;
            }
        }
        throw new GpuDeviceException(id(), "lockSmClock", GpuDeviceException.Reason.INVALID_ARGUMENT,
                "no supported clock in [" + minMhz + ", " + maxMhz + "] MHz; supported: " + supported);
    }

    @Override
    public synchronized void resetSmClock() {
        open("resetSmClock");
        if (clockLocked) {
            accrue();
            clockMhz = supported.get(0);
            clockLocked = false;
        }
    }

    @Override
    public synchronized boolean isMigEnabled() {
        open("isMigEnabled");
        return migEnabled;
    }

    @Override
    public synchronized MigLayout migLayout() {
        open("migLayout");
        return layout;
    }

    @Override
    public synchronized void applyMigLayout(MigLayout requested, boolean force) {
        open("applyMigLayout");
        if (!migControl) {
            throw new GpuDeviceException(id(), "applyMigLayout", GpuDeviceException.Reason.NO_PERMISSION,
                    "changing MIG instances needs root (or CAP_SYS_ADMIN); run as root or ask an administrator");
        }
        List<MigInstance> resolved = new ArrayList<>();
        for (MigInstance i : requested.instances()) {
            Optional<MigProfile> p = geometry.profile(i.profile().name());
            if (p.isEmpty()) {
                throw new GpuDeviceException(id(), "applyMigLayout", GpuDeviceException.Reason.INVALID_ARGUMENT,
                        "profile " + i.profile().name() + " does not exist on " + geometry.gpu() + "; known: "
                                + geometry.profiles().stream().map(MigProfile::name).toList());
            }
            resolved.add(new MigInstance(p.get(), i.placement()));
        }
        MigLayout candidate = new MigLayout(geometry, resolved);
        List<String> problems = candidate.problems();
        if (!problems.isEmpty()) {
            throw new GpuDeviceException(id(), "applyMigLayout", GpuDeviceException.Reason.INVALID_ARGUMENT,
                    "invalid layout " + requested + ": " + String.join("; ", problems));
        }
        if (!running.isEmpty()) {
            if (!force) {
                throw new GpuDeviceException(id(), "applyMigLayout", GpuDeviceException.Reason.IN_USE,
                        "models are running on " + running.keySet() + "; stop them first or force the change");
            }
            accrue();
            running.clear();
        }
        remember();
        migEnabled = true;
        layout = candidate;
    }

    /**
     * Disables MIG: the whole GPU serves one model. Restored on {@link #close()}.
     *
     * @throws GpuDeviceException IN_USE if models run and not {@code force}; NO_PERMISSION if denied
     */
    public synchronized void disableMig(boolean force) {
        open("disableMig");
        if (!migControl) {
            throw new GpuDeviceException(id(), "disableMig", GpuDeviceException.Reason.NO_PERMISSION,
                    "changing MIG mode needs root (or CAP_SYS_ADMIN)");
        }
        if (!running.isEmpty()) {
            if (!force) {
                throw new GpuDeviceException(id(), "disableMig", GpuDeviceException.Reason.IN_USE,
                        "models are running on " + running.keySet() + "; stop them first or force the change");
            }
            accrue();
            running.clear();
        }
        remember();
        migEnabled = false;
        layout = MigLayout.empty(geometry);
    }

    private void remember() {
        if (!layoutChanged) {
            layoutChanged = true;
            originalMigEnabled = migEnabled;
            originalLayout = layout;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        accrue();
        running.clear();
        if (clockLocked) {
            clockMhz = supported.get(0);
            clockLocked = false;
        }
        if (layoutChanged) {
            migEnabled = originalMigEnabled;
            layout = originalLayout;
            layoutChanged = false;
        }
        closed = true;
    }

    // ---- simulation --------------------------------------------------------------------------------

    /** @return the MIG geometry the device validates layouts against */
    public MigGeometry geometry() {
        return geometry;
    }

    /** @return the profiles that drive the simulation */
    public ModelProfiles profiles() {
        return profiles;
    }

    /** @return the device's baseline power per clock */
    public DevicePowerProfile devicePower() {
        return device;
    }

    /** @return whether the device runs in simulated time (a {@link MockClock}) */
    public boolean isSimulatedTime() {
        return simulated != null;
    }

    /**
     * Serves one batch of {@code model} on {@code instance} (null: the whole GPU, MIG disabled): the
     * instance is busy, and its model's power is drawn, for the profile's latency at the current clock.
     *
     * @return the batch's latency
     */
    public Duration serve(MigInstance instance, String model, int batchSize) {
        return serveTogether(List.of(new Batch(instance, model, batchSize))).get(0);
    }

    /** Serves one batch on the whole GPU (MIG disabled). */
    public Duration serve(String model, int batchSize) {
        return serve(null, model, batchSize);
    }

    /**
     * Serves batches on different instances at the same time, starting together; each instance is released
     * when its batch completes.
     *
     * @return each batch's latency, in the order given
     */
    public List<Duration> serveTogether(List<Batch> batches) {
        List<String> slots = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        synchronized (this) {
            open("serve");
            accrue();
            List<String> seen = new ArrayList<>();
            for (Batch b : batches) {
                String slot = slot(b.instance());
                if (running.containsKey(slot)) {
                    throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.IN_USE,
                            slot + " is already serving " + running.get(slot).placement() + "; wait or stop it first");
                }
                if (seen.contains(slot)) {
                    throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.IN_USE,
                            "two batches for " + slot + " at once; serve them one after the other");
                }
                seen.add(slot);
            }
            for (Batch b : batches) {
                String slot = slot(b.instance());
                ModelPlacement placement = placement(b.instance(), b.model(), b.batchSize());
                ProfilePoint p = point(placement);
                running.put(slot, new Running(placement));
                slots.add(slot);
                latencies.add(Math.round(p.latencyMs() * 1e6));
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < latencies.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(latencies::get));
        long done = 0;
        try {
            for (int i : order) {
                long wait = latencies.get(i) - done;
                pass(wait);
                done = latencies.get(i);
                synchronized (this) {
                    accrue();
                    running.remove(slots.get(i));
                }
            }
        } finally {
            synchronized (this) {
                accrue();
                slots.forEach(running::remove);
            }
        }
        List<Duration> out = new ArrayList<>();
        for (long l : latencies) {
            out.add(Duration.ofNanos(l));
        }
        return out;
    }

    /**
     * Starts serving {@code model} closed loop (at peak throughput) on {@code instance} (null: the whole
     * GPU) until {@link #stopServing} or {@link #stopAll}: its power is drawn continuously.
     */
    public synchronized void startServing(MigInstance instance, String model, int batchSize) {
        open("startServing");
        String slot = slot(instance);
        if (running.containsKey(slot)) {
            throw new GpuDeviceException(id(), "startServing", GpuDeviceException.Reason.IN_USE,
                    slot + " already serves " + running.get(slot).placement() + "; stop it first");
        }
        ModelPlacement placement = placement(instance, model, batchSize);
        point(placement);
        accrue();
        running.put(slot, new Running(placement));
    }

    /** Stops the model serving on {@code instance} (null: the whole GPU), if any. */
    public synchronized void stopServing(MigInstance instance) {
        open("stopServing");
        accrue();
        running.remove(instance == null ? WHOLE : instance.toString());
    }

    /** Stops every model. */
    public synchronized void stopAll() {
        open("stopAll");
        accrue();
        running.clear();
    }

    /** @return the models running now, as placements */
    public synchronized List<ModelPlacement> running() {
        return running.values().stream().map(Running::placement).toList();
    }

    /**
     * Lets {@code duration} pass with the current load: advances the mock clock in simulated time, sleeps
     * in wall time.
     */
    public void elapse(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Cannot elapse a negative duration " + duration);
        }
        pass(duration.toNanos());
        synchronized (this) {
            accrue();
        }
    }

    /** @return a {@link ProfilingLoad} that runs models on this GPU, for the profiling protocol */
    public ProfilingLoad profilingLoad() {
        return new ProfilingLoad() {
            @Override
            public void start(MigInstance instance, String model, int batchSize) {
                startServing(instance, model, batchSize);
            }

            @Override
            public void stopAll() {
                if (!closed) {
                    SimulatedGpu.this.stopAll();
                }
            }

            @Override
            public void await(Duration duration) {
                elapse(duration);
            }
        };
    }

    /** @return the latency of one batch of {@code model} on {@code instance} at the current clock, without serving it */
    public synchronized Duration latencyOf(MigInstance instance, String model, int batchSize) {
        open("latencyOf");
        return Duration.ofNanos(Math.round(point(placement(instance, model, batchSize)).latencyMs() * 1e6));
    }

    // ---- internals ---------------------------------------------------------------------------------

    /** The clock and MIG state, readable after close (for tests of the restore). */
    synchronized String state() {
        return clockMhz + " MHz" + (clockLocked ? " locked" : "") + ", MIG " + (migEnabled ? layout.toString() : "disabled");
    }

    private void pass(long nanos) {
        if (nanos <= 0) {
            return;
        }
        if (simulated != null) {
            simulated.advanceNanos(nanos);
        } else {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.FAILED,
                        "interrupted while serving", e);
            }
        }
    }

    private String slot(MigInstance instance) {
        return instance == null ? WHOLE : instance.toString();
    }

    private ModelPlacement placement(MigInstance instance, String model, int batchSize) {
        int slices;
        if (instance == null) {
            if (migEnabled) {
                throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.INVALID_ARGUMENT,
                        "MIG is enabled (layout " + layout + "); serve on one of its instances or disable MIG");
            }
            slices = geometry.computeSlices();
        } else {
            if (!migEnabled || !layout.instances().stream().anyMatch(i -> i.toString().equals(instance.toString()))) {
                throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.INVALID_ARGUMENT,
                        "instance " + instance + " is not in the current layout ("
                                + (migEnabled ? layout.toString() : "MIG disabled") + "); apply a layout that has it");
            }
            slices = instance.computeSlices();
        }
        ModelProfile profile;
        try {
            profile = profiles.profile(model);
        } catch (IllegalArgumentException e) {
            throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.INVALID_ARGUMENT, e.getMessage(), e);
        }
        if (instance != null && profile.memoryNeedGb().isPresent()
                && profile.memoryNeedGb().getAsDouble() > instance.profile().memoryGb()) {
            throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.INSUFFICIENT_RESOURCES,
                    model + " needs " + profile.memoryNeedGb().getAsDouble() + " GB; instance " + instance + " has "
                            + instance.profile().memoryGb() + " GB");
        }
        return new ModelPlacement(model, batchSize, slices);
    }

    private ProfilePoint point(ModelPlacement p) {
        try {
            return profiles.profile(p.model()).require(p.batchSize(), p.slices(), clockMhz);
        } catch (IllegalArgumentException e) {
            throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }

    private double currentWatts() {
        if (running.isEmpty()) {
            return device.baseline(clockMhz).watts();
        }
        List<ModelPlacement> placements = new ArrayList<>();
        for (Running r : running.values()) {
            placements.add(r.placement());
        }
        return estimator.estimate(clockMhz, placements).total().watts();
    }

    /** Adds the energy drawn since the last state change at the power of the state that held. */
    private void accrue() {
        long now = clock.monotonicNanos();
        long dt = now - lastNanos;
        if (dt > 0) {
            energyJoules += currentWatts() * dt / 1e9;
        }
        lastNanos = now;
    }

    private void open(String operation) {
        if (closed) {
            throw new GpuDeviceException(id(), operation, GpuDeviceException.Reason.UNAVAILABLE,
                    "this simulated GPU handle is closed; build a new one");
        }
    }

    @Override
    public String toString() {
        return "SimulatedGpu[" + id() + ", " + geometry.gpu() + (simulated != null ? ", simulated time" : ", wall time")
                + "]";
    }
}
