package dev.greenslice.nvml;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.UnavailableException;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorBuilder;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;
import dev.greenslice.nvml.mig.GpuInstanceProfileInfo;
import dev.greenslice.nvml.mig.MigDeviceInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The NVML {@link EnergySensor}: one root domain per physical GPU ({@code gpu:N}) and, on MIG-enabled GPUs, one
 * domain per GPU instance ({@code gpu:N/mig:K}, K the GPU-instance id).
 *
 * <p><b>GPU domains</b> read the board's energy counter ({@code nvmlDeviceGetTotalEnergyConsumption}, mJ, Volta
 * and newer; {@link ReadingKind#HARDWARE_ENERGY_COUNTER}); where a GPU has none they read board power
 * ({@link ReadingKind#POWER_SAMPLE}), which the meter's sampler integrates every {@code powerSamplingPeriod}
 * (1 s by default, as in the co-location study; shorter on request). A counter that goes back (the driver
 * reloaded) is continued, so readings never decrease, and the reading marks a series break (the energy in the
 * gap is unknown), so no window spanning it reports a figure.
 *
 * <p><b>MIG domains.</b> NVML reports board power only, so each GPU instance gets the board's energy apportioned
 * by a stated rule ({@link ReadingKind#APPORTIONED_ENERGY}, the rule in the domain's description): its share of
 * compute slices by default, or the share a {@link PowerEstimator} attributes to the model it serves. A MIG
 * domain names its board as parent, so totals never count the board twice; its resource share is its compute
 * slices over the GPU's (7 on A100/H100). Instances are found through unprivileged MIG device handles; one
 * destroyed after the sensor was built reads unavailable.
 *
 * <p><b>Per-process domains</b> (on request, {@link Builder#processShare}): {@code gpu:N/process} and
 * {@code gpu:N/mig:K/process}, nested in their device, hold the share of its energy used by this JVM and its
 * descendant processes (or chosen pids): NVML's per-process utilization samples
 * ({@code nvmlDeviceGetProcessesUtilizationInfo}, else {@code nvmlDeviceGetProcessUtilization}) split each read
 * interval's dynamic energy by SM utilization among every process the driver lists, and the baseline energy by a
 * {@link StaticEnergyRule}; the shares of all listed processes plus the unattributed part add up to the device's
 * energy. Where the driver gives no samples (MIG-enabled GPUs, old drivers, no permission) the domain reads
 * unavailable with the driver's answer. Such a read makes one more NVML call per device and may allocate when the
 * sample buffer grows.
 *
 * <p><b>Update period.</b> NVML refreshes power and energy about every 100 ms on A100/H100 (configurable);
 * {@link #updatePeriod()} says so and the meter flags shorter windows.
 *
 * <pre>{@code
 * CarbonMeter.builder().sensor(NvmlSensor.builder().open())...
 * }</pre>
 *
 * <p><b>Failures.</b> A device fault makes its domains unavailable with NVML's code, function and fix; {@link #read}
 * never throws for one. Without NVML (no library, no driver), {@link Builder#open()} gives a sensor with no domains
 * whose {@link #unavailability()} says why, so the meter goes on without GPU domains and every report says why;
 * {@link Builder#openOrThrow()} throws that {@link UnavailableException} instead.
 *
 * <p><b>Threading.</b> {@link #read} must not be called from two threads at once (the meter never does); a read
 * allocates nothing. {@link #close()} is idempotent and closes the device handles the sensor opened.
 */
public final class NvmlSensor implements EnergySensor {

    /** The default power sampling period where a GPU has no energy counter: 1 s, as in the study. */
    public static final Duration DEFAULT_POWER_SAMPLING_PERIOD = Duration.ofSeconds(1);
    /** How often NVML refreshes power and energy by default: 100 ms (A100/H100). */
    public static final Duration DEFAULT_UPDATE_PERIOD = Duration.ofMillis(100);

    private final List<NvmlDevice> devices;
    private final Board[] boards;
    private final List<SensorDomain> domains;
    private final Clock clock;
    private final Duration powerSamplingPeriod;
    private final Duration updatePeriod;
    private final NvmlUnavailable unavailable;
    private final UnavailableException unavailability;
    private final List<Assumption> assumptions;
    private volatile boolean closed;

    private NvmlSensor(List<NvmlDevice> devices, Board[] boards, List<SensorDomain> domains, Clock clock,
                       Duration powerSamplingPeriod, Duration updatePeriod, NvmlUnavailable unavailable,
                       List<Assumption> assumptions) {
        this.devices = List.copyOf(devices);
        this.boards = boards;
        this.domains = List.copyOf(domains);
        this.clock = clock;
        this.powerSamplingPeriod = powerSamplingPeriod;
        this.updatePeriod = updatePeriod;
        this.unavailable = unavailable;
        this.unavailability = unavailable == null ? null : new UnavailableException("NVML", unavailable.message());
        this.assumptions = List.copyOf(assumptions);
    }

    /**
     * A builder for the GPUs (every GPU by default, with their MIG instances), periods and MIG apportionment;
     * {@link Builder#open()} or {@link Builder#openOrThrow()} opens the sensor.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    static NvmlSensor empty(NvmlUnavailable why, Clock clock) {
        return new NvmlSensor(List.of(), new Board[0], List.of(), clock, DEFAULT_POWER_SAMPLING_PERIOD, Duration.ZERO,
                why, List.of(Assumption.of("NVIDIA GPUs", "not metered", why.message())));
    }

    /** The update period assumed, and per MIG-enabled GPU the rule that apportions its energy. */
    @Override
    public List<Assumption> assumptions() {
        return assumptions;
    }

    @Override
    public String name() {
        return unavailable == null ? "nvml" : "nvml (unavailable: " + unavailable.reason() + ")";
    }

    @Override
    public List<SensorDomain> domains() {
        return domains;
    }

    /**
     * Why this sensor has no domains, when NVML could not be used.
     *
     * @return the library tried, the reason and the fix; empty when NVML was opened
     * @deprecated use {@link #unavailability()}, the same answer every sensor gives
     */
    @Deprecated(since = "0.2.0")
    public Optional<NvmlUnavailable> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    /** Present when NVML could not be used (no library, no driver): the library tried, the reason and the fix. */
    @Override
    public Optional<UnavailableException> unavailability() {
        return Optional.ofNullable(unavailability);
    }

    @Override
    public void read(SensorReadout readout) {
        if (closed) {
            throw new IllegalStateException("The NVML sensor is closed");
        }
        for (Board b : boards) {
            b.read(readout, clock);
        }
    }

    /**
     * The power sampling period if any GPU is read by power; otherwise a minute (NVML's 64-bit millijoule counter
     * does not wrap), or a second when an estimator apportions MIG energy at the current clock.
     */
    @Override
    public Duration maximumSamplingPeriod() {
        Duration max = Duration.ofMinutes(1);
        for (Board b : boards) {
            if (!b.counter) {
                return powerSamplingPeriod;
            }
            if (b.rule != null && b.rule.needsClock()) {
                max = Duration.ofSeconds(1);
            }
        }
        return max;
    }

    @Override
    public Duration updatePeriod() {
        return boards.length == 0 ? Duration.ZERO : updatePeriod;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NvmlDevice d : devices) {
            d.close();
        }
    }

    /** One MIG GPU instance on a board. */
    private static final class Instance {
        final int slot;
        final int gpuInstanceId;
        final String domainId;
        double joules;
        String gone;
        ProcessScope process;

        Instance(int slot, int gpuInstanceId, String domainId) {
            this.slot = slot;
            this.gpuInstanceId = gpuInstanceId;
            this.domainId = domainId;
        }
    }

    /** One physical GPU's reading, with its MIG apportionment. */
    private static final class Board {
        private static final long MIG_REFRESH_NANOS = Duration.ofSeconds(5).toNanos();

        final NvmlDevice device;
        final NvmlLibrary lib;
        final HotCalls hot;
        final Pointer handle;
        final int slot;
        final boolean counter;
        final Instance[] instances;
        final MigShareRule rule;
        final Memory buf = new Memory(8);
        final Memory clockBuf = new Memory(8);
        long lastRawMillijoules = Long.MIN_VALUE;
        double offsetJoules;
        double lastJoules = Double.NaN;
        double lastWatts = Double.NaN;
        long lastNanos;
        long nextRefreshNanos;
        double pendingJoules;
        ProcessScope process;

        Board(NvmlDevice device, int slot, boolean counter, Instance[] instances, MigShareRule rule, long now) {
            this.device = device;
            this.lib = device.lib();
            this.hot = lib.hot();
            this.handle = device.handle();
            this.slot = slot;
            this.counter = counter;
            this.instances = instances;
            this.rule = rule;
            this.nextRefreshNanos = now + MIG_REFRESH_NANOS;
        }

        void read(SensorReadout readout, Clock clock) {
            int rc = counter ? hot.totalEnergy(handle, buf) : hot.powerUsage(handle, buf);
            if (rc != 0) {
                String why = lib.error(rc, counter ? "nvmlDeviceGetTotalEnergyConsumption" : "nvmlDeviceGetPowerUsage",
                        device.id(), "read", null).getMessage();
                readout.unavailable(slot, why);
                for (Instance i : instances) {
                    readout.unavailable(i.slot, "the board " + device.id() + " could not be read: " + why);
                    if (i.process != null) {
                        i.process.parentUnavailable(readout, "the board " + device.id() + " could not be read: " + why);
                    }
                }
                if (process != null) {
                    process.parentUnavailable(readout, "the board " + device.id() + " could not be read: " + why);
                }
                return;
            }
            double delta = Double.NaN;
            String restart = null;
            if (counter) {
                long mj = buf.getLong(0);
                if (lastRawMillijoules != Long.MIN_VALUE && Long.compareUnsigned(mj, lastRawMillijoules) < 0) {
                    // The driver reloaded and the counter restarted: the energy between the last reading and the
                    // reload is unknown, so the series breaks here; readings stay monotonic from where they were.
                    offsetJoules += NvmlDevice.unsigned(lastRawMillijoules) / 1e3;
                    restart = "the NVML energy counter of " + device.id() + " restarted (the driver reloaded): the "
                            + "energy between the previous reading and the reload is unknown";
                }
                lastRawMillijoules = mj;
                double joules = offsetJoules + NvmlDevice.unsigned(mj) / 1e3;
                if (restart == null) {
                    readout.energy(slot, joules);
                } else {
                    readout.energyAfterBreak(slot, joules, restart);
                }
                if (process != null) {
                    process.onEnergy(readout, joules, clock.monotonicNanos(), restart);
                }
                if (instances.length > 0) {
                    delta = Double.isNaN(lastJoules) ? 0 : joules - lastJoules;
                    lastJoules = joules;
                }
            } else {
                double watts = Integer.toUnsignedLong(buf.getInt(0)) / 1e3;
                readout.power(slot, watts);
                if (process != null) {
                    process.onPower(readout, watts, clock.monotonicNanos());
                }
                if (instances.length > 0) {
                    long now = clock.monotonicNanos();
                    delta = Double.isNaN(lastWatts) ? 0 : (watts + lastWatts) / 2 * ((now - lastNanos) / 1e9);
                    lastWatts = watts;
                    lastNanos = now;
                }
            }
            if (instances.length > 0) {
                apportion(readout, delta, clock, restart);
            }
        }

        private void apportion(SensorReadout readout, double delta, Clock clock, String restart) {
            if (clock.monotonicNanos() >= nextRefreshNanos) {
                refresh(clock);
            }
            String failure = null;
            double[] shares = null;
            try {
                int clockMhz = -1;
                if (rule.needsClock()) {
                    int rc = hot.clockInfo(handle, NvmlStructs.CLOCK_SM, clockBuf);
                    if (rc != 0) {
                        throw lib.error(rc, "nvmlDeviceGetClockInfo", device.id(), "read", null);
                    }
                    clockMhz = clockBuf.getInt(0);
                }
                shares = rule.shares(clockMhz);
            } catch (RuntimeException e) {
                failure = "cannot apportion " + device.id() + "'s energy: " + e.getMessage();
            }
            if (failure != null) {
                pendingJoules += delta; // apportioned at the next read that has shares, so nothing is lost
                for (Instance i : instances) {
                    readout.unavailable(i.slot, i.gone != null ? i.gone : failure);
                    if (i.process != null) {
                        i.process.parentUnavailable(readout, i.gone != null ? i.gone : failure);
                    }
                }
                return;
            }
            double d = delta + pendingJoules;
            pendingJoules = 0;
            for (int k = 0; k < instances.length; k++) {
                Instance i = instances[k];
                if (i.gone != null) {
                    readout.unavailable(i.slot, i.gone);
                    if (i.process != null) {
                        i.process.parentUnavailable(readout, i.gone);
                    }
                } else {
                    i.joules += d * shares[k];
                    if (restart == null) {
                        readout.energy(i.slot, i.joules);
                    } else {
                        readout.energyAfterBreak(i.slot, i.joules, restart);
                    }
                    if (i.process != null) {
                        i.process.onEnergy(readout, i.joules, clock.monotonicNanos(), restart);
                    }
                }
            }
        }

        /** Marks instances destroyed since the sensor was built (at most every 5 s, on the reading thread). */
        private void refresh(Clock clock) {
            nextRefreshNanos = clock.monotonicNanos() + MIG_REFRESH_NANOS;
            try {
                Set<Integer> present = new HashSet<>();
                if (device.isMigEnabled()) {
                    for (MigDeviceInfo m : device.mig().migDevices()) {
                        present.add(m.gpuInstanceId());
                    }
                }
                for (Instance i : instances) {
                    if (i.gone == null && !present.contains(i.gpuInstanceId)) {
                        i.gone = "MIG instance " + i.domainId + " no longer exists: the layout changed after the "
                                + "sensor was built; build a new sensor to meter the new instances";
                    }
                }
            } catch (RuntimeException e) {
                // keep the instances; the board reading reports device faults itself
            }
        }
    }

    /**
     * Builds an {@link NvmlSensor}: which GPUs, MIG instance domains or not, sampling and update periods, and the
     * MIG apportionment rule. Not thread-safe.
     */
    public static final class Builder implements SensorBuilder<NvmlSensor> {
        private NvmlOptions options = NvmlOptions.defaults();
        private List<Integer> indices;
        private String cudaVisibleDevices;
        private boolean cudaVisibleSet;
        private boolean migDomains = true;
        private Duration powerSamplingPeriod = DEFAULT_POWER_SAMPLING_PERIOD;
        private Duration updatePeriod = DEFAULT_UPDATE_PERIOD;
        private PowerEstimator estimator;
        private Map<String, ModelPlacement> placements = Map.of();
        private StaticEnergyRule processRule;
        private Set<Long> processRoots = Set.of();
        private double processBaselineWatts = Double.NaN;

        Builder() {
        }

        /**
         * Adds a per-process domain under each GPU ({@code gpu:N/process}) and MIG instance
         * ({@code gpu:N/mig:K/process}): the share of that device's energy used by this JVM and its descendant
         * processes, from NVML's per-process utilization samples. The dynamic energy (above the baseline power) is
         * split by SM utilization among every process the driver lists; the baseline energy follows {@code rule}.
         * Where the driver gives no per-process samples (MIG-enabled GPUs "not currently supported" by nvml.h, GPUs
         * before Maxwell, drivers that refuse it) the domain reads unavailable with the driver's answer.
         *
         * @param rule how the static and idle energy is shared
         * @return this builder
         */
        public Builder processShare(StaticEnergyRule rule) {
            return processShare(rule, Set.of(ProcessHandle.current().pid()));
        }

        /**
         * Like {@link #processShare(StaticEnergyRule)} for other processes: the domain's share is that of
         * {@code rootPids} and their descendants (e.g. the worker processes a server forked).
         *
         * @param rule     how the static and idle energy is shared
         * @param rootPids the processes whose share to meter, with their descendants; not empty, each positive
         * @return this builder
         * @throws IllegalArgumentException for an empty set or a pid that is not positive
         */
        public Builder processShare(StaticEnergyRule rule, Set<Long> rootPids) {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(rootPids, "rootPids");
            if (rootPids.isEmpty()) {
                throw new IllegalArgumentException("processShare needs at least one root pid");
            }
            for (Long pid : rootPids) {
                if (pid == null || pid <= 0) {
                    throw new IllegalArgumentException("processShare: pid " + pid + " is not a process id; give "
                            + "positive pids");
                }
            }
            this.processRule = rule;
            this.processRoots = Set.copyOf(rootPids);
            return this;
        }

        /**
         * The static and idle power of each GPU (the same for all), which per-process domains treat as baseline;
         * by default the lowest power a device showed over 1 s or longer since the domain's first read, which
         * overstates the baseline (and understates the dynamic part) until the GPU has been idle once.
         *
         * @param baseline the board's power with no process running, e.g. measured with {@code nvidia-smi}
         * @return this builder
         */
        public Builder processBaselinePower(dev.greenslice.carbon.Power baseline) {
            this.processBaselineWatts = Objects.requireNonNull(baseline, "baseline").toWatts();
            return this;
        }

        /**
         * How to open NVML; default {@link NvmlOptions#defaults()}.
         *
         * @param o the library file, journal directory and clock
         * @return this builder
         */
        public Builder options(NvmlOptions o) {
            this.options = Objects.requireNonNull(o, "options");
            return this;
        }

        /**
         * Meters only these GPUs; all by default. Ignored when {@link #cudaVisibleDevices} is set.
         *
         * @param nvmlIndices NVML indices (PCI bus order), in the order the sensor should list them; an index NVML
         *                    does not have fails at {@link #build()}
         * @return this builder
         */
        public Builder devices(int... nvmlIndices) {
            List<Integer> list = new ArrayList<>();
            for (int i : nvmlIndices) {
                list.add(i);
            }
            this.indices = List.copyOf(list);
            return this;
        }

        /**
         * Meters the GPUs (and, for {@code MIG-} entries, only the MIG instances) a {@code CUDA_VISIBLE_DEVICES}
         * value names, resolved as CUDA would with this process's {@code CUDA_DEVICE_ORDER}; takes precedence over
         * {@link #devices}.
         *
         * @param value the variable's value; null means unset (every GPU)
         * @return this builder
         */
        public Builder cudaVisibleDevices(String value) {
            this.cudaVisibleDevices = value;
            this.cudaVisibleSet = true;
            return this;
        }

        /**
         * Whether to add a domain per MIG GPU instance ({@code gpu:0/mig:1}) beside the whole GPU's.
         *
         * @param enabled true (default) for MIG domains, false for whole GPUs only
         * @return this builder
         */
        public Builder migDomains(boolean enabled) {
            this.migDomains = enabled;
            return this;
        }

        /**
         * How often GPUs without an energy counter are sampled for power, which the meter integrates.
         *
         * @param period positive; default 1 s
         * @return this builder
         * @throws IllegalArgumentException for a null, zero or negative period
         */
        public Builder powerSamplingPeriod(Duration period) {
            requirePositive(period, "powerSamplingPeriod");
            this.powerSamplingPeriod = period;
            return this;
        }

        /**
         * How often the driver refreshes power and energy; windows shorter than this are flagged in their report.
         *
         * @param period positive; default 100 ms
         * @return this builder
         * @throws IllegalArgumentException for a null, zero or negative period
         */
        public Builder updatePeriod(Duration period) {
            requirePositive(period, "updatePeriod");
            this.updatePeriod = period;
            return this;
        }

        /**
         * Apportions MIG energy by what {@code estimator} attributes to the model each instance serves instead of by
         * compute slices.
         *
         * @param estimator the power model that splits a GPU's dynamic power among the models on its instances
         * @param byDomain  the model on each MIG domain, keyed by domain id ({@code "gpu:0/mig:1"}); every instance
         *                  of a GPU named here must be mapped, with its own number of compute slices (checked at
         *                  {@link #build()})
         * @return this builder
         */
        public Builder apportionBy(PowerEstimator estimator, Map<String, ModelPlacement> byDomain) {
            this.estimator = Objects.requireNonNull(estimator, "estimator");
            this.placements = Map.copyOf(byDomain);
            return this;
        }

        private static void requirePositive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
            }
        }

        /**
         * Opens NVML and the chosen devices.
         *
         * @return the sensor; close it to release the devices
         * @throws NvmlUnavailableException if NVML cannot be opened
         * @throws NvmlException INVALID_ARGUMENT for an unknown device index
         * @throws IllegalArgumentException if the estimator mapping names unknown domains or misses instances
         * @deprecated use {@link #openOrThrow()}, which throws {@link UnavailableException} without NVML, or
         *             {@link #open()}, as every sensor is opened
         */
        @Deprecated(since = "0.2.0")
        public NvmlSensor build() {
            try (Nvml nvml = Nvml.open(options)) {
                return build(nvml);
            }
        }

        /**
         * Like {@link #build()}, but without NVML gives a sensor with no domains whose
         * {@link NvmlSensor#unavailable()} says why, so that a meter goes on without GPU domains.
         *
         * @return the sensor, or the empty one
         * @throws NvmlException for a device error once NVML is open (e.g. an unknown device index)
         * @deprecated use {@link #open()}, the same, as every sensor is opened
         */
        @Deprecated(since = "0.2.0")
        public NvmlSensor buildOrEmpty() {
            return open();
        }

        /**
         * Opens NVML and the chosen devices, going on without NVML: then the sensor has no domains and
         * {@link NvmlSensor#unavailability()} says why (the library tried, the reason, the fix), as does every
         * report of a meter holding it.
         *
         * @return the sensor; close it (or the meter it is given to) to release the devices
         * @throws NvmlException for a device error once NVML is open (e.g. an unknown device index, a
         *                       {@code CUDA_VISIBLE_DEVICES} entry naming no GPU): a wrong setting, not missing
         *                       hardware
         * @throws IllegalArgumentException if the estimator mapping names unknown domains or misses instances
         */
        @Override
        public NvmlSensor open() {
            NvmlAvailability a = Nvml.tryOpen(options);
            if (a instanceof NvmlUnavailable u) {
                return empty(u, options.clock());
            }
            try (Nvml nvml = (Nvml) a) {
                return build(nvml);
            }
        }

        private NvmlSensor build(Nvml nvml) {
            Map<Integer, Set<Integer>> migFilter = new TreeMap<>();
            List<Integer> chosen;
            if (cudaVisibleSet) {
                CudaVisibleDevices visible = nvml.cudaVisibleDevices(cudaVisibleDevices,
                        System.getenv("CUDA_DEVICE_ORDER"));
                chosen = new ArrayList<>();
                for (CudaDevice d : visible.devices()) {
                    if (!chosen.contains(d.gpuIndex())) {
                        chosen.add(d.gpuIndex());
                    }
                    if (d.isMig()) {
                        migFilter.computeIfAbsent(d.gpuIndex(), k -> new HashSet<>()).add(d.gpuInstanceId().getAsInt());
                    }
                }
            } else if (indices != null) {
                chosen = indices;
            } else {
                chosen = new ArrayList<>();
                for (int i = 0; i < nvml.deviceCount(); i++) {
                    chosen.add(i);
                }
            }
            List<NvmlDevice> opened = new ArrayList<>();
            try {
                for (int i : chosen) {
                    opened.add(nvml.device(i));
                }
                return assemble(opened, migFilter);
            } catch (RuntimeException e) {
                opened.forEach(NvmlDevice::close);
                throw e;
            }
        }

        private NvmlSensor assemble(List<NvmlDevice> opened, Map<Integer, Set<Integer>> migFilter) {
            List<SensorDomain> domains = new ArrayList<>();
            List<Board> boards = new ArrayList<>();
            Set<String> mapped = new HashSet<>();
            Clock clock = options.clock();
            for (NvmlDevice d : opened) {
                boolean counter;
                try {
                    counter = d.totalEnergy().isPresent();
                } catch (NvmlException e) {
                    counter = true; // a faulty GPU keeps its counter domain and reads unavailable with the reason
                }
                int boardSlot = domains.size();
                domains.add(SensorDomain.root(d.id(), counter ? ReadingKind.HARDWARE_ENERGY_COUNTER
                        : ReadingKind.POWER_SAMPLE, d.name() + " (" + d.uuid() + "), " + (counter
                        ? "NVML total energy counter" : "NVML board power sampled every "
                        + powerSamplingPeriod.toMillis() + " ms (no energy counter)")));
                Map<Integer, MigDeviceInfo> byInstance = migDomains ? instances(d, migFilter.get(d.index()))
                        : Map.of();
                Instance[] instances = new Instance[byInstance.size()];
                int[] slices = new int[byInstance.size()];
                List<ModelPlacement> models = new ArrayList<>();
                int total = byInstance.isEmpty() ? 7 : totalSlices(d);
                boolean assumed = total < 0;
                total = assumed ? 7 : total;
                int k = 0;
                for (MigDeviceInfo m : byInstance.values()) {
                    String domainId = d.id() + "/mig:" + m.gpuInstanceId();
                    instances[k] = new Instance(boardSlot + 1 + k, m.gpuInstanceId(), domainId);
                    slices[k] = m.gpuInstanceSlices();
                    ModelPlacement mp = placements.get(domainId);
                    if (mp != null) {
                        mapped.add(domainId);
                        if (mp.slices() != m.gpuInstanceSlices()) {
                            throw new IllegalArgumentException("Model " + mp + " is mapped to " + domainId + " ("
                                    + m.profileName() + ", " + m.gpuInstanceSlices() + " compute slices) but says "
                                    + mp.slices() + " slices; give the instance's own slice count");
                        }
                        models.add(mp);
                    }
                    k++;
                }
                MigShareRule rule = null;
                if (instances.length > 0) {
                    if (estimator != null && !models.isEmpty()) {
                        if (models.size() != instances.length) {
                            List<String> missing = new ArrayList<>();
                            for (Instance i : instances) {
                                if (!placements.containsKey(i.domainId)) {
                                    missing.add(i.domainId);
                                }
                            }
                            throw new IllegalArgumentException("The estimator mapping covers some MIG instances of "
                                    + d.id() + " but not " + missing + "; map every instance of the GPU to a model");
                        }
                        rule = new MigShareRule.EstimatorShare(estimator, models);
                    } else {
                        rule = new MigShareRule.SliceShare(slices, total, assumed);
                    }
                    k = 0;
                    for (MigDeviceInfo m : byInstance.values()) {
                        domains.add(new SensorDomain(instances[k].domainId, ReadingKind.APPORTIONED_ENERGY, d.id(),
                                Math.min(1.0, (double) m.gpuInstanceSlices() / total),
                                "MIG " + m.profileName() + " (GPU instance " + m.gpuInstanceId() + ", " + m.uuid()
                                        + ") on " + d.id() + ": " + rule.describe(k)));
                        k++;
                    }
                }
                Board board = new Board(d, boardSlot, counter, instances, rule, clock.monotonicNanos());
                if (processRule != null) {
                    board.process = processDomain(domains, d.id(), d.handle(), d.id(), d);
                    for (Instance i : instances) {
                        Pointer mig;
                        try {
                            mig = d.migDeviceHandle(i.gpuInstanceId);
                        } catch (NvmlException e) {
                            mig = null;
                        }
                        i.process = processDomain(domains, i.domainId, mig, i.domainId, d);
                    }
                }
                boards.add(board);
            }
            Set<String> unknown = new HashSet<>(placements.keySet());
            unknown.removeAll(mapped);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("The estimator mapping names " + unknown + ", which are not MIG "
                        + "domains of this sensor; its MIG domains are " + domains.stream()
                        .map(SensorDomain::id).filter(x -> x.contains("/mig:")).toList());
            }
            List<Assumption> assumptions = new ArrayList<>();
            if (!boards.isEmpty()) {
                assumptions.add(Assumption.of("NVML power and energy update period", updatePeriod.toMillis() + " ms",
                        updatePeriod.equals(DEFAULT_UPDATE_PERIOD)
                                ? "default: A100/H100 refresh about every 100 ms; set NvmlSensors.builder().updatePeriod"
                                : "set by the caller"));
            }
            for (SensorDomain dom : domains) {
                if (dom.kind() == ReadingKind.APPORTIONED_ENERGY && dom.id().endsWith("/process")) {
                    assumptions.add(Assumption.of("GPU energy of " + dom.id(), processAssumption(),
                            "NVML per-process utilization samples; " + dom.description()));
                } else if (dom.kind() == ReadingKind.APPORTIONED_ENERGY) {
                    String rule = dom.description().substring(dom.description().lastIndexOf(": ") + 2);
                    assumptions.add(Assumption.of("MIG energy of " + dom.id(), rule,
                            "NVML reports board power only; the board's energy is apportioned among its instances"));
                }
            }
            return new NvmlSensor(opened, boards.toArray(new Board[0]), domains, clock, powerSamplingPeriod,
                    updatePeriod, null, assumptions);
        }

        private ProcessScope processDomain(List<SensorDomain> domains, String parentId, Pointer handle, String who,
                                           NvmlDevice d) {
            String id = parentId + "/process";
            ProcessScope scope = new ProcessScope(domains.size(), id, handle, who, d.lib(), processRoots, processRule,
                    processBaselineWatts);
            String failure = scope.prime();
            long period = scope.samplingPeriodMicros();
            String description = "share of " + parentId + " used by pid " + describeRoots() + " and descendants: "
                    + "dynamic energy by SM utilization (" + scope.function() + ", driver sampling period "
                    + (period > 0 ? period / 1000.0 + " ms" : "not yet seen") + "), " + processRule.description()
                    + ", baseline " + (Double.isNaN(processBaselineWatts) ? "the lowest 1 s power seen"
                    : processBaselineWatts + " W given") + (failure == null ? "" : "; unavailable: " + failure);
            domains.add(SensorDomain.within(id, parentId, ReadingKind.APPORTIONED_ENERGY, description));
            return scope;
        }

        private String describeRoots() {
            return processRoots.stream().sorted().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
        }

        private String processAssumption() {
            return "dynamic energy split by NVML per-process SM utilization; " + processRule.description()
                    + "; baseline " + (Double.isNaN(processBaselineWatts)
                    ? "the lowest board power seen over 1 s (set NvmlSensors.builder().processBaselinePower)"
                    : processBaselineWatts + " W given");
        }

        /** The GPU instances, found through unprivileged MIG device handles, one per instance id. */
        private static Map<Integer, MigDeviceInfo> instances(NvmlDevice d, Set<Integer> only) {
            Map<Integer, MigDeviceInfo> out = new LinkedHashMap<>();
            try {
                if (!d.isMigEnabled()) {
                    return out;
                }
                for (MigDeviceInfo m : d.mig().migDevices()) {
                    if (only == null || only.contains(m.gpuInstanceId())) {
                        out.putIfAbsent(m.gpuInstanceId(), m);
                    }
                }
            } catch (NvmlException e) {
                return new LinkedHashMap<>();
            }
            return out;
        }

        /** @return the GPU's compute slices (the largest profile's), or -1 if the driver will not say */
        private static int totalSlices(NvmlDevice d) {
            try {
                int max = 0;
                for (GpuInstanceProfileInfo p : d.mig().profiles()) {
                    max = Math.max(max, p.sliceCount());
                }
                return max > 0 ? max : -1;
            } catch (NvmlException e) {
                return -1;
            }
        }
    }
}
