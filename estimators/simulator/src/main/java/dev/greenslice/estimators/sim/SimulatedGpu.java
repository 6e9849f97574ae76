package dev.greenslice.estimators.sim;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuDevice;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import dev.greenslice.estimators.power.ProfilingLoad;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfilePoint;

import java.nio.charset.StandardCharsets;
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
 * tuner, the meter and the demo on machines without a GPU. By default an A100 80GB PCIe
 * ({@link GpuCatalog#A100_PCIE_80GB}, the GPU the embedded EnerTune data were measured on, with its real MIG
 * placement table) driven by that data.
 *
 * <p><b>Power</b> of the models running at a moment is the simulator's own ground truth, a
 * {@link CoLocationLaw} (partly shared auxiliary power with a concave sum, per-model interference), which is
 * deliberately none of the library's estimators: tests of an estimator against the simulator test it against
 * a physics it does not contain. One model alone draws exactly its profiled board power. <b>Energy</b> integrates that power, piecewise constant between
 * state changes, over the injected {@link Clock}; {@link #totalEnergy()} is its counter. <b>Latency</b> of a
 * batch is the model's profile at the current clock, the batch size and the instance's compute slices: MIG
 * isolates compute and memory, so a model's latency on its instance does not depend on what runs beside it.
 *
 * <p><b>Time.</b> {@link #serve} and {@link #elapse} let time pass through the clock's own
 * {@link Clock#sleep(Duration)}, so the clock decides, not its type: with a {@link MockClock} (whose time
 * {@link Clock#advancesByItself() moves only when told}) the GPU runs in simulated time, advancing the mock clock
 * itself, instantly and deterministically. With a clock whose time passes by itself (e.g. {@link Clock#system()})
 * it runs in wall time: {@code serve} blocks the caller for the batch's latency, so a meter around it sees real
 * time pass; concurrent calls on different instances overlap.
 *
 * <p><b>Handles.</b> {@link #reopen()} opens another handle on the same device (same clock, layout, load and
 * counter). Each handle restores on {@link #close()} what it changed: the clock it locked, the MIG mode and
 * layout as they were before its first change, and the load it started.
 *
 * <p><b>MIG</b> starts disabled (the whole GPU, 7 slices), like a new A100, unless the builder enables it.
 * Layouts are validated against the geometry's placement table before anything changes; applying one while
 * models run is refused unless forced.
 *
 * <p><b>Failures.</b> An invalid layout is an {@link dev.greenslice.carbon.gpu.mig.InvalidMigLayoutException}
 * naming the conflicting instances. Everything else is a {@link GpuDeviceException}: INVALID_ARGUMENT for an
 * unsupported clock, a model or cell the profiles lack, or an instance not in the layout;
 * INSUFFICIENT_RESOURCES for a model whose memory need exceeds its instance; IN_USE for an instance already
 * serving; NO_PERMISSION when built with {@link Builder#denyClockControl()} or {@link Builder#denyMigControl()}
 * (to exercise a caller's handling of unprivileged hosts); UNAVAILABLE after {@code close()}.
 *
 * <p>Thread-safe.
 */
public final class SimulatedGpu implements GpuDevice {

    /**
     * A batch to serve on one instance, for {@link #serveTogether}.
     *
     * @param instance  the MIG instance, or null for the whole GPU (MIG disabled)
     * @param model     the model's name
     * @param batchSize requests in the batch
     */
    public record Batch(MigInstance instance, String model, int batchSize) {

        /**
         * Checks the model and batch size.
         *
         * @param instance  the MIG instance, or null for the whole GPU
         * @param model     the model's name
         * @param batchSize requests in the batch, {@code >= 1}
         * @throws NullPointerException     if the model is null
         * @throws IllegalArgumentException for a batch size below 1
         */
        public Batch {
            Objects.requireNonNull(model, "model");
            if (batchSize < 1) {
                throw new IllegalArgumentException("Batch size must be >= 1, got " + batchSize);
            }
        }
    }

    private static final String WHOLE = "whole GPU";

    /** The physical device, shared by every handle opened on it. All access holds its monitor. */
    private static final class Board {
        final Map<String, ModelPlacement> running = new LinkedHashMap<>();
        int clockMhz;
        boolean migEnabled;
        MigLayout layout;
        double energyJoules;
        long lastNanos;
    }

    private final Builder config;
    private final MigGeometry geometry;
    private final String name;
    private final String uuid;
    private final CoLocationLaw law;
    private final Clock clock;
    private final Random random;
    private final List<Integer> supported;
    private final Board board;

    private final List<String> startedHere = new ArrayList<>();
    private boolean lockedHere;
    private boolean layoutChanged;
    private boolean originalMigEnabled;
    private MigLayout originalLayout;
    private boolean closed;

    private SimulatedGpu(Builder b, Board shared) {
        this.config = b;
        this.geometry = b.geometry != null ? b.geometry : b.model.migGeometry().orElseThrow(() ->
                new IllegalArgumentException(b.model + " has no MIG geometry; give one with geometry(...)"));
        this.name = "NVIDIA " + (b.model != null ? b.model.id() : geometry.gpu()) + " (simulated)";
        this.uuid = "GPU-" + UUID.nameUUIDFromBytes((name + "#" + b.index).getBytes(StandardCharsets.UTF_8));
        this.law = b.law;
        this.clock = b.clock;
        this.random = new Random(b.seed);
        List<Integer> clocks = new ArrayList<>(b.device.clocksMhz());
        clocks.sort(Comparator.reverseOrder());
        this.supported = List.copyOf(clocks);
        if (shared != null) {
            this.board = shared;
        } else {
            this.board = new Board();
            board.clockMhz = supported.get(0);
            board.layout = MigLayout.empty(geometry);
            board.migEnabled = b.migEnabled;
            board.lastNanos = b.clock.monotonicNanos();
        }
    }

    /**
     * @return a builder: embedded EnerTune profiles, A100 80GB PCIe, the default {@link CoLocationLaw}, system
     *         clock, MIG disabled, no noise
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The simulated A100 80GB over the embedded profiles, in simulated time on {@code clock}.
     *
     * @param clock the mock clock the GPU advances as it serves
     * @return the simulated GPU, MIG disabled
     */
    public static SimulatedGpu a100(MockClock clock) {
        return builder().clock(clock).build();
    }

    /**
     * A new handle on the same simulated device: it sees the same clock, layout, load and energy counter,
     * and restores on close only what it changes itself.
     *
     * @return the new handle
     */
    public SimulatedGpu reopen() {
        return new SimulatedGpu(config, board);
    }

    /** Configures a {@link SimulatedGpu}. Not thread-safe. */
    public static final class Builder {
        private int index;
        private GpuModel model = GpuCatalog.A100_PCIE_80GB;
        private MigGeometry geometry;
        private ModelProfiles profiles = EnerTuneA100.profiles();
        private DevicePowerProfile device = EnerTuneA100.devicePower();
        private CoLocationLaw law = CoLocationLaw.defaults();
        private Clock clock = Clock.system();
        private boolean clockControl = true;
        private boolean migControl = true;
        private boolean migEnabled;
        private double noise;
        private long seed;

        private Builder() {
        }

        /**
         * The device index; default 0.
         *
         * @param index the device index, for {@code gpu:N}; {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException for a negative index
         */
        public Builder index(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("Device index must be >= 0, got " + index);
            }
            this.index = index;
            return this;
        }

        /**
         * The model profiles that drive latency and power; default the embedded EnerTune A100 profiles.
         *
         * @param profiles the models' isolated profiles
         * @return this builder
         */
        public Builder profiles(ModelProfiles profiles) {
            this.profiles = Objects.requireNonNull(profiles, "profiles");
            return this;
        }

        /**
         * The device's baseline power per clock; its clocks are the supported clocks.
         *
         * @param device the device's baseline power per clock
         * @return this builder
         */
        public Builder devicePower(DevicePowerProfile device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * The product simulated (name, {@link #model()}, and its MIG geometry); default the A100 80GB PCIe, the
         * GPU the embedded profiles were measured on. The A100 SXM4 80GB has the same die and MIG table: the
         * embedded profiles then stand for it, with the PCIe board's baseline and power (300 W limit, not 400 W).
         *
         * @param model the GPU product
         * @return this builder
         */
        public Builder gpuModel(GpuModel model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * A MIG geometry overriding the product's.
         *
         * @param geometry the MIG placement table to validate layouts against
         * @return this builder
         */
        public Builder geometry(MigGeometry geometry) {
            this.geometry = Objects.requireNonNull(geometry, "geometry");
            return this;
        }

        /**
         * The ground-truth law of co-located power; default {@link CoLocationLaw#defaults()}.
         *
         * @param law how the power of co-located models combines on this simulated board
         * @return this builder
         */
        public Builder coLocationLaw(CoLocationLaw law) {
            this.law = Objects.requireNonNull(law, "law");
            return this;
        }

        /**
         * The clock, whose {@link Clock#sleep(Duration)} lets time pass: a {@link MockClock} for simulated time, a
         * clock whose time passes by itself for wall time.
         *
         * @param clock the clock; default {@link Clock#system()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts with MIG enabled and no instances (default: disabled).
         *
         * @param enabled whether MIG starts enabled
         * @return this builder
         */
        public Builder migEnabled(boolean enabled) {
            this.migEnabled = enabled;
            return this;
        }

        /**
         * Gaussian noise on {@link #power()} readings, as a relative standard deviation (0.02 = 2 %),
         * reproducible from {@code seed}. The energy counter stays exact.
         *
         * @param relativeSd the noise's relative standard deviation, in [0, 1)
         * @param seed       the noise's random seed
         * @return this builder
         * @throws IllegalArgumentException for a deviation outside [0, 1)
         */
        public Builder powerNoise(double relativeSd, long seed) {
            if (!(relativeSd >= 0 && relativeSd < 1)) {
                throw new IllegalArgumentException("Power noise must be in [0, 1), got " + relativeSd);
            }
            this.noise = relativeSd;
            this.seed = seed;
            return this;
        }

        /**
         * Makes clock control fail with NO_PERMISSION, as on a host without root.
         *
         * @return this builder
         */
        public Builder denyClockControl() {
            this.clockControl = false;
            return this;
        }

        /**
         * Makes MIG control fail with NO_PERMISSION, as on a host without root.
         *
         * @return this builder
         */
        public Builder denyMigControl() {
            this.migControl = false;
            return this;
        }

        /** @return the simulated GPU */
        public SimulatedGpu build() {
            return new SimulatedGpu(this, null);
        }
    }

    // ---- GpuDevice ---------------------------------------------------------------------------------

    @Override
    public int index() {
        return config.index;
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
        return Optional.ofNullable(config.model);
    }

    @Override
    public Power power() {
        synchronized (board) {
            open("power");
            accrue();
            double watts = currentWatts();
            if (config.noise > 0) {
                watts *= Math.max(0.0, 1 + config.noise * random.nextGaussian());
            }
            return Power.ofWatts(watts);
        }
    }

    @Override
    public Optional<Energy> totalEnergy() {
        synchronized (board) {
            open("totalEnergy");
            accrue();
            return Optional.of(Energy.ofJoules(board.energyJoules));
        }
    }

    @Override
    public int smClockMhz() {
        synchronized (board) {
            open("smClockMhz");
            return board.clockMhz;
        }
    }

    @Override
    public List<Integer> supportedSmClocksMhz() {
        return supported;
    }

    @Override
    public void lockSmClock(int minMhz, int maxMhz) {
        synchronized (board) {
            open("lockSmClock");
            if (!config.clockControl) {
                throw new GpuDeviceException(id(), "lockSmClock", GpuDeviceException.Reason.NO_PERMISSION,
                        "locking clocks needs root (or CAP_SYS_ADMIN), as nvidia-smi -lgc does; run as root or ask"
                                + " an administrator to lock the clock");
            }
            for (int c : supported) {
                if (c <= maxMhz && c >= minMhz) {
                    accrue();
                    board.clockMhz = c;
                    lockedHere = true;
                    return;
                }
            }
            throw new GpuDeviceException(id(), "lockSmClock", GpuDeviceException.Reason.INVALID_ARGUMENT,
                    "no supported clock in [" + minMhz + ", " + maxMhz + "] MHz; supported: " + supported);
        }
    }

    @Override
    public void resetSmClock() {
        synchronized (board) {
            open("resetSmClock");
            if (lockedHere) {
                accrue();
                board.clockMhz = supported.get(0);
                lockedHere = false;
            }
        }
    }

    @Override
    public boolean isMigEnabled() {
        synchronized (board) {
            open("isMigEnabled");
            return board.migEnabled;
        }
    }

    @Override
    public MigLayout migLayout() {
        synchronized (board) {
            open("migLayout");
            return board.layout;
        }
    }

    @Override
    public void applyMigLayout(MigLayout requested, boolean force) {
        synchronized (board) {
            open("applyMigLayout");
            if (!config.migControl) {
                throw new GpuDeviceException(id(), "applyMigLayout", GpuDeviceException.Reason.NO_PERMISSION,
                        "changing MIG instances needs root (or CAP_SYS_ADMIN); run as root or ask an administrator");
            }
            List<MigInstance> resolved = new ArrayList<>();
            for (MigInstance i : requested.instances()) {
                MigProfile p = geometry.profile(i.profile().name()).orElseThrow(() -> new IllegalArgumentException(
                        "MIG profile " + i.profile().name() + " does not exist on " + geometry.gpu() + "; known: "
                                + geometry.profiles().stream().map(MigProfile::name).toList()));
                resolved.add(new MigInstance(p, i.placement()));
            }
            // Validates against the real placement table before anything changes.
            MigLayout candidate = MigLayout.of(geometry, resolved);
            clearLoad(force, "applyMigLayout");
            remember();
            board.migEnabled = true;
            board.layout = candidate;
        }
    }

    /**
     * Disables MIG: the whole GPU serves one model. Restored on {@link #close()}.
     *
     * @param force whether to stop the models running now instead of refusing
     * @throws GpuDeviceException IN_USE if models run and not {@code force}; NO_PERMISSION if denied
     */
    public void disableMig(boolean force) {
        synchronized (board) {
            open("disableMig");
            if (!config.migControl) {
                throw new GpuDeviceException(id(), "disableMig", GpuDeviceException.Reason.NO_PERMISSION,
                        "changing MIG mode needs root (or CAP_SYS_ADMIN)");
            }
            clearLoad(force, "disableMig");
            remember();
            board.migEnabled = false;
            board.layout = MigLayout.empty(geometry);
        }
    }

    private void clearLoad(boolean force, String operation) {
        if (!board.running.isEmpty()) {
            if (!force) {
                throw new GpuDeviceException(id(), operation, GpuDeviceException.Reason.IN_USE,
                        "models are running on " + board.running.keySet() + "; stop them first or force the change");
            }
            accrue();
            board.running.clear();
        }
    }

    private void remember() {
        if (!layoutChanged) {
            layoutChanged = true;
            originalMigEnabled = board.migEnabled;
            originalLayout = board.layout;
        }
    }

    @Override
    public void close() {
        synchronized (board) {
            if (closed) {
                return;
            }
            accrue();
            startedHere.forEach(board.running::remove);
            if (lockedHere) {
                board.clockMhz = supported.get(0);
                lockedHere = false;
            }
            if (layoutChanged) {
                if (!board.running.isEmpty()) {
                    board.running.clear();
                }
                board.migEnabled = originalMigEnabled;
                board.layout = originalLayout;
                layoutChanged = false;
            }
            closed = true;
        }
    }

    // ---- simulation --------------------------------------------------------------------------------

    /** @return the MIG geometry the device validates layouts against */
    public MigGeometry geometry() {
        return geometry;
    }

    /** @return the profiles that drive the simulation */
    public ModelProfiles profiles() {
        return config.profiles;
    }

    /** @return the device's baseline power per clock */
    public DevicePowerProfile devicePower() {
        return config.device;
    }

    /** @return the simulation's ground-truth law of co-located power */
    public CoLocationLaw coLocationLaw() {
        return law;
    }

    /**
     * The board power this simulated GPU draws (without noise) serving {@code placements} at {@code clockMhz}:
     * the ground truth an estimator is tested against.
     *
     * @param clockMhz   the SM clock, in MHz
     * @param placements the models running, each on its own instance (empty: the baseline)
     * @return the board power
     * @throws IllegalArgumentException for a model, cell or clock the profiles lack
     */
    public Power boardPower(int clockMhz, List<ModelPlacement> placements) {
        return Power.ofWatts(law.boardWatts(config.profiles, config.device, geometry.computeSlices(), clockMhz,
                placements));
    }

    /**
     * @return whether the device runs in simulated time: its clock's time moves only when told (a {@link MockClock}),
     *         see {@link Clock#advancesByItself()}
     */
    public boolean isSimulatedTime() {
        return !clock.advancesByItself();
    }

    /**
     * Serves one batch of {@code model} on {@code instance} (null: the whole GPU, MIG disabled): the
     * instance is busy, and its model's power is drawn, for the profile's latency at the current clock.
     *
     * @param instance  the MIG instance, or null for the whole GPU
     * @param model     the model's name
     * @param batchSize requests in the batch
     * @return the batch's latency
     * @throws GpuDeviceException IN_USE if the instance is serving, INVALID_ARGUMENT for a model or cell the
     *                            profiles lack, INSUFFICIENT_RESOURCES if the model does not fit the instance
     */
    public Duration serve(MigInstance instance, String model, int batchSize) {
        return serveTogether(List.of(new Batch(instance, model, batchSize))).get(0);
    }

    /**
     * Serves one batch on the whole GPU (MIG disabled).
     *
     * @param model     the model's name
     * @param batchSize requests in the batch
     * @return the batch's latency
     * @throws GpuDeviceException as {@link #serve(MigInstance, String, int)}
     */
    public Duration serve(String model, int batchSize) {
        return serve(null, model, batchSize);
    }

    /**
     * Serves batches on different instances at the same time, starting together; each instance is released
     * when its batch completes.
     *
     * @param batches the batches, each on a different instance
     * @return each batch's latency, in the order given
     * @throws GpuDeviceException IN_USE if two batches share an instance or one is already serving, or as
     *                            {@link #serve(MigInstance, String, int)}
     */
    public List<Duration> serveTogether(List<Batch> batches) {
        List<String> slots = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        synchronized (board) {
            open("serve");
            accrue();
            List<ModelPlacement> placements = new ArrayList<>();
            for (Batch b : batches) {
                String slot = slot(b.instance());
                if (board.running.containsKey(slot) || slots.contains(slot)) {
                    throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.IN_USE,
                            slot + " is already serving; serve its batches one after the other");
                }
                slots.add(slot);
                ModelPlacement placement = placement(b.instance(), b.model(), b.batchSize());
                placements.add(placement);
                latencies.add(Math.round(point(placement).latencyMs() * 1e6));
            }
            for (int i = 0; i < slots.size(); i++) {
                board.running.put(slots.get(i), placements.get(i));
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
                pass(latencies.get(i) - done);
                done = latencies.get(i);
                synchronized (board) {
                    accrue();
                    board.running.remove(slots.get(i));
                }
            }
        } finally {
            synchronized (board) {
                accrue();
                slots.forEach(board.running::remove);
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
     * GPU) until {@link #stopServing}, {@link #stopAll} or this handle's close: its power is drawn
     * continuously.
     *
     * @param instance  the MIG instance, or null for the whole GPU
     * @param model     the model's name
     * @param batchSize requests per batch
     * @throws GpuDeviceException IN_USE if the instance already serves a model, or as
     *                            {@link #serve(MigInstance, String, int)}
     */
    public void startServing(MigInstance instance, String model, int batchSize) {
        synchronized (board) {
            open("startServing");
            String slot = slot(instance);
            if (board.running.containsKey(slot)) {
                throw new GpuDeviceException(id(), "startServing", GpuDeviceException.Reason.IN_USE,
                        slot + " already serves " + board.running.get(slot) + "; stop it first");
            }
            ModelPlacement placement = placement(instance, model, batchSize);
            point(placement);
            accrue();
            board.running.put(slot, placement);
            if (!startedHere.contains(slot)) {
                // Once per slot: a load that starts and stops an instance per batch must not grow this list.
                startedHere.add(slot);
            }
        }
    }

    /**
     * Stops the model serving on {@code instance} (null: the whole GPU), if any.
     *
     * @param instance the MIG instance, or null for the whole GPU
     */
    public void stopServing(MigInstance instance) {
        synchronized (board) {
            open("stopServing");
            accrue();
            board.running.remove(slot(instance));
        }
    }

    /** Stops every model. */
    public void stopAll() {
        synchronized (board) {
            open("stopAll");
            accrue();
            board.running.clear();
        }
    }

    /** @return the models running now, as placements */
    public List<ModelPlacement> running() {
        synchronized (board) {
            return List.copyOf(board.running.values());
        }
    }

    /**
     * Lets {@code duration} pass with the current load: advances the mock clock in simulated time, sleeps
     * in wall time.
     *
     * @param duration how long to let pass; not negative
     * @throws IllegalArgumentException for a negative duration
     */
    public void elapse(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Cannot elapse a negative duration " + duration);
        }
        pass(duration.toNanos());
        synchronized (board) {
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
                synchronized (board) {
                    if (!closed) {
                        SimulatedGpu.this.stopAll();
                    }
                }
            }

            @Override
            public void await(Duration duration) {
                elapse(duration);
            }
        };
    }

    /**
     * What one batch would take, without serving it.
     *
     * @param instance  the MIG instance, or null for the whole GPU
     * @param model     the model's name
     * @param batchSize requests in the batch
     * @return the latency of one batch of {@code model} on {@code instance} at the current clock
     * @throws GpuDeviceException INVALID_ARGUMENT for a model or cell the profiles lack, INSUFFICIENT_RESOURCES
     *                            if the model does not fit the instance
     */
    public Duration latencyOf(MigInstance instance, String model, int batchSize) {
        synchronized (board) {
            open("latencyOf");
            return Duration.ofNanos(Math.round(point(placement(instance, model, batchSize)).latencyMs() * 1e6));
        }
    }

    /** The clock and MIG state, readable after close (for tests of the restore). */
    String state() {
        synchronized (board) {
            return board.clockMhz + " MHz, MIG " + (board.migEnabled ? board.layout.toString() : "disabled");
        }
    }

    // ---- internals ---------------------------------------------------------------------------------

    private void pass(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            // Simulated time advances the mock clock at once; wall time sleeps: the clock's own capability.
            clock.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.FAILED,
                    "interrupted while serving", e);
        }
    }

    private static String slot(MigInstance instance) {
        return instance == null ? WHOLE : instance.toString();
    }

    private ModelPlacement placement(MigInstance instance, String model, int batchSize) {
        int slices;
        if (instance == null) {
            if (board.migEnabled) {
                throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.INVALID_ARGUMENT,
                        "MIG is enabled (layout " + board.layout + "); serve on one of its instances or disable MIG");
            }
            slices = geometry.computeSlices();
        } else {
            if (!board.migEnabled || board.layout.instances().stream().noneMatch(i -> i.toString().equals(instance.toString()))) {
                throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.INVALID_ARGUMENT,
                        "instance " + instance + " is not in the current layout ("
                                + (board.migEnabled ? board.layout.toString() : "MIG disabled") + "); apply a layout that has it");
            }
            slices = instance.computeSlices();
        }
        ModelProfile profile;
        try {
            profile = config.profiles.profile(model);
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
            return config.profiles.profile(p.model()).require(p.batchSize(), p.slices(), board.clockMhz);
        } catch (IllegalArgumentException e) {
            throw new GpuDeviceException(id(), "serve", GpuDeviceException.Reason.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }

    private double currentWatts() {
        return law.boardWatts(config.profiles, config.device, geometry.computeSlices(), board.clockMhz,
                List.copyOf(board.running.values()));
    }

    /** Adds the energy drawn since the last state change at the power of the state that held. */
    private void accrue() {
        long now = config.clock.monotonicNanos();
        long dt = now - board.lastNanos;
        if (dt > 0) {
            board.energyJoules += currentWatts() * dt / 1e9;
        }
        board.lastNanos = Math.max(board.lastNanos, now);
    }

    private void open(String operation) {
        if (closed) {
            throw new GpuDeviceException(id(), operation, GpuDeviceException.Reason.UNAVAILABLE,
                    "this simulated GPU handle is closed; open a new one");
        }
    }

    @Override
    public String toString() {
        return "SimulatedGpu[" + id() + ", " + name + (isSimulatedTime() ? ", simulated time" : ", wall time") + "]";
    }
}
