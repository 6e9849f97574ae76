package dev.greenslice.rapl;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.UnavailableException;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorBuilder;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link EnergySensor} over the CPU's RAPL energy counters: package, core, uncore, DRAM and psys energy in
 * joules, read from Linux powercap sysfs, the {@code power} perf PMU or the MSRs.
 *
 * <p><b>Domains.</b> {@code cpu:package-N} (or {@code cpu:package-N-die-M} on parts with a counter per die),
 * {@code cpu:package-N/core}, {@code cpu:package-N/uncore}, {@code dram:N} and {@code psys} ({@code psys-N} for
 * the platform zone the kernel registers on package N > 0), all {@link ReadingKind#HARDWARE_ENERGY_COUNTER}.
 * Nested counters name their parent so that totals never add them twice: core and uncore lie within their
 * package; packages and DRAM lie within psys when the machine has a readable psys counter (psys covers the
 * platform; with one psys zone per package, each holds its own package and DRAM). A parent is only named if it could be read when the
 * sensor opened, so an unreadable psys does not hide the packages. Values are the joules counted since the
 * sensor opened.
 *
 * <p><b>Wraparound.</b> The 32-bit hardware counters wrap (at about 262 kJ on Intel packages, 65 kJ on AMD
 * and server DRAM); the sensor corrects each wrap it sees. {@link #maximumSamplingPeriod()} is half the
 * shortest wrap period at a zone's maximum power (declared by {@code constraint_*_max_power_uw} or
 * {@code PKG_POWER_INFO}, else assumed per kind and said in the domain's description); read at least that
 * often. A delta that cannot be right (a counter reset, a gap long enough for several wraps, a counter that
 * goes back with no known range) is dropped, never reported as energy: that reading carries the reason as a
 * series break ({@link SensorReadout#energyAfterBreak}), so a meter fails the windows that span it (naming a
 * broken series) but not the windows that start at it, and the total carries on without the dropped energy.
 * A raw value outside the counter's range is reported unavailable and ignored.
 *
 * <pre>{@code
 * CarbonMeter.builder().sensor(RaplSensor.builder().open())...
 * }</pre>
 *
 * <p><b>Failure behaviour.</b> When no backend can read a single counter, {@link Builder#open()} gives a sensor
 * with no domains whose {@link #unavailability()} is a {@link RaplUnavailableException} naming every backend
 * tried and its fixes (every report of a meter holding it says so), and {@link Builder#openOrThrow()} throws
 * that exception. Once open, a counter that cannot be read (root-only
 * {@code energy_uj}, a zone that went away) is reported unavailable with the file and the fixes; so is a counter
 * that has not changed over three or more reads spanning a second while a sibling counter kept counting (a
 * frozen counter or a file no longer backed by the hardware; uncore is exempt, as an idle integrated GPU may draw
 * nothing), until it moves again. {@link #read} itself never throws for a counter fault.
 *
 * <p><b>Threading.</b> {@link #read} must not be called from two threads at once (the meter never does);
 * {@link #close()} may be called from any thread and is idempotent. A read keeps its files or descriptors
 * open and does not allocate, so a sampler tick costs a few system calls per counter.
 */
public final class RaplSensor implements EnergySensor {

    /** RAPL counters refresh about once per millisecond. */
    private static final Duration UPDATE_PERIOD = Duration.ofMillis(1);

    private final RaplBackend backend;
    private final String name;
    private final RaplCounter[] counters;
    private final RawCounter[] raw;
    private final EnergyAccumulator[] accumulators;
    private final List<SensorDomain> domains;
    private final List<String> notes;
    private final List<Assumption> assumptions;
    private final Clock clock;
    private final Duration maximumSamplingPeriod;
    private final RaplUnavailableException unavailable;
    private volatile boolean closed;
    // Frozen-counter detection, touched only by the reading thread.
    private final long[] values;
    private final boolean[] readOk;
    private final boolean[] seen;
    private final long[] lastRaw;
    private final long[] lastChangeNanos;
    private final int[] unchangedReads;

    /** How long a counter may stand still while its siblings move before it is taken to be frozen. */
    private static final long FROZEN_AFTER_NANOS = 1_000_000_000L;

    private RaplSensor(BackendProbe probe, Clock clock) throws BackendUnavailableException {
        this.backend = probe.backend();
        this.name = "rapl (" + backend.label() + ")";
        this.clock = clock;
        this.counters = probe.counters().toArray(new RaplCounter[0]);
        this.raw = new RawCounter[counters.length];
        this.accumulators = new EnergyAccumulator[counters.length];
        this.values = new long[counters.length];
        this.readOk = new boolean[counters.length];
        this.seen = new boolean[counters.length];
        this.lastRaw = new long[counters.length];
        this.lastChangeNanos = new long[counters.length];
        this.unchangedReads = new int[counters.length];
        String[] initialFailure = new String[counters.length];
        long now = clock.monotonicNanos();
        boolean anyReadable = false;
        for (int i = 0; i < counters.length; i++) {
            raw[i] = counters[i].counter();
            accumulators[i] = new EnergyAccumulator(counters[i]);
            if (raw[i] == null) {
                initialFailure[i] = counters[i].openFailure();
                continue;
            }
            try {
                long first = raw[i].read();
                seen[i] = true;
                lastRaw[i] = first;
                lastChangeNanos[i] = now;
                String dropped = accumulators[i].update(first, now);
                if (dropped == null) {
                    anyReadable = true;
                } else {
                    initialFailure[i] = dropped;
                }
            } catch (IOException e) {
                initialFailure[i] = readFailure(counters[i], e);
            }
        }
        if (!anyReadable) {
            probe.close();
            throw new BackendUnavailableException("found " + counters.length + " counter"
                    + (counters.length == 1 ? "" : "s") + " at " + probe.location() + " but could read none: "
                    + summarize(initialFailure));
        }
        this.domains = layout(counters, initialFailure);
        this.notes = probe.notes();
        this.assumptions = assumptions(counters, domains);
        this.maximumSamplingPeriod = samplingPeriod(counters);
        this.unavailable = null;
    }

    /** A sensor with no domains: no backend could read a counter, for the reasons {@code why} lists. */
    private RaplSensor(RaplUnavailableException why, Clock clock) {
        this.backend = null;
        this.name = "rapl (unavailable)";
        this.clock = clock;
        this.counters = new RaplCounter[0];
        this.raw = new RawCounter[0];
        this.accumulators = new EnergyAccumulator[0];
        this.values = new long[0];
        this.readOk = new boolean[0];
        this.seen = new boolean[0];
        this.lastRaw = new long[0];
        this.lastChangeNanos = new long[0];
        this.unchangedReads = new int[0];
        this.domains = List.of();
        this.notes = List.of();
        this.assumptions = List.of(Assumption.of("RAPL CPU and DRAM energy", "not metered", why.getMessage()));
        this.maximumSamplingPeriod = Duration.ofSeconds(1);
        this.unavailable = why;
    }

    private static List<Assumption> assumptions(RaplCounter[] counters, List<SensorDomain> domains) {
        List<Assumption> out = new ArrayList<>();
        if (domains.stream().anyMatch(d -> d.parent().startsWith("psys"))) {
            out.add(Assumption.of("RAPL psys domain", "includes the CPU packages and DRAM, so totals count psys, not them",
                    "Intel SDM vol. 3B, platform energy counter (PSys); left out with RaplSensor.builder().includePsys(false)"));
        }
        for (RaplCounter c : counters) {
            // The MSR backend notes the kernel's unit quirks it applied; powercap and perf state their units.
            if (c.note().startsWith("server DRAM unit") || c.note().startsWith("psys unit")
                    || c.note().startsWith("Silvermont")) {
                out.add(Assumption.of("energy unit of " + c.domainId(), number(c.joulesPerUnit()) + " J",
                        "Linux intel_rapl_common quirk (" + c.note() + ") for this CPU model"));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Opens the best working backend, trying powercap ({@code /sys/class/powercap}), then perf_event, then
     * MSR; {@link #name()} says which one was chosen.
     *
     * @return an open sensor; close it (or the meter that holds it) when done
     * @throws RaplUnavailableException if none can read a counter; its message names each backend and why
     * @deprecated use {@code RaplSensor.builder().open()}, which goes on without RAPL (the reports say why), or
     *             {@code RaplSensor.builder().openOrThrow()}, as every sensor is opened
     */
    @Deprecated(since = "0.2.0")
    public static RaplSensor autodetect() throws RaplUnavailableException {
        return builder().openOrThrow();
    }

    /**
     * Reads a powercap tree rooted elsewhere: a {@code /sys/class/powercap}-like directory, a
     * {@code /sys/devices/virtual/powercap}-like directory, or the root of a sysfs mount (for containers that
     * mount the host's sysfs at another path, and for tests).
     *
     * @param root the tree's root
     * @return an open powercap sensor
     * @throws RaplUnavailableException if the tree has no readable RAPL counter; the message says why
     * @deprecated use {@code RaplSensor.builder().backends(RaplBackend.POWERCAP).powercapRoot(root).openOrThrow()}
     *             (or {@code open()}), as every sensor is opened
     */
    @Deprecated(since = "0.2.0")
    public static RaplSensor at(Path root) throws RaplUnavailableException {
        return builder().backends(RaplBackend.POWERCAP).powercapRoot(root).openOrThrow();
    }

    /**
     * Opens one backend at the system's default locations.
     *
     * @param backend the backend to use
     * @return an open sensor on that backend
     * @throws RaplUnavailableException if that backend cannot read a counter; the message says why and how to fix it
     * @deprecated use {@code RaplSensor.builder().backends(backend).openOrThrow()} (or {@code open()}), as every
     *             sensor is opened
     */
    @Deprecated(since = "0.2.0")
    public static RaplSensor open(RaplBackend backend) throws RaplUnavailableException {
        return builder().backends(backend).openOrThrow();
    }

    /**
     * A builder to choose the backends, their order, the locations and the clock; {@link Builder#open()} or
     * {@link Builder#openOrThrow()} opens the sensor.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The backend in use.
     *
     * @return the backend
     * @throws RaplUnavailableException if the sensor is unavailable (no backend is in use)
     */
    public RaplBackend backend() {
        if (unavailable != null) {
            throw unavailable;
        }
        return backend;
    }

    /** Present, as a {@link RaplUnavailableException} listing every backend tried, when no backend could read. */
    @Override
    public Optional<UnavailableException> unavailability() {
        return Optional.ofNullable(unavailable);
    }

    /**
     * @return {@code "rapl (powercap)"}, {@code "rapl (perf_event)"} or {@code "rapl (msr)"}; {@code "rapl
     *         (unavailable)"} without a readable counter
     */
    @Override
    public String name() {
        return name;
    }

    @Override
    public List<SensorDomain> domains() {
        return domains;
    }

    /**
     * What the detection left out or assumed, one sentence each: duplicate MMIO zones, mirrored die counters,
     * zones with unknown names or no wrap range, psys left out on request.
     *
     * @return the notes, in the order they were made; empty if nothing was left out or assumed
     */
    public List<String> notes() {
        return notes;
    }

    @Override
    public void read(SensorReadout readout) {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        long now = clock.monotonicNanos();
        // First read every counter, so that each can be compared with its siblings at this instant.
        for (int i = 0; i < counters.length; i++) {
            RawCounter c = raw[i];
            readOk[i] = false;
            if (c == null) {
                readout.unavailable(i, counters[i].openFailure());
                continue;
            }
            try {
                values[i] = c.read();
                readOk[i] = true;
            } catch (IOException e) {
                readout.unavailable(i, closed ? name + " was closed during the read" : readFailure(counters[i], e));
                continue;
            }
            if (!seen[i] || values[i] != lastRaw[i]) {
                seen[i] = true;
                lastRaw[i] = values[i];
                lastChangeNanos[i] = now;
                unchangedReads[i] = 0;
            } else {
                unchangedReads[i]++;
            }
        }
        for (int i = 0; i < counters.length; i++) {
            if (!readOk[i]) {
                continue;
            }
            long value = values[i];
            EnergyAccumulator acc = accumulators[i];
            String dropped = acc.update(value, now);
            String frozen = frozen(i, now);
            if (frozen != null) {
                readout.unavailable(i, frozen);
            } else if (dropped == null) {
                readout.energy(i, acc.totalJoules());
            } else if (acc.lastDropRebased()) {
                // The energy since the previous reading is unknown, but this reading is a good baseline:
                // the meter must not subtract across it, and may subtract from it.
                readout.energyAfterBreak(i, acc.totalJoules(), dropped);
            } else {
                readout.unavailable(i, dropped);
            }
        }
    }

    /**
     * Why counter {@code i} is taken to be frozen, or null: it has not changed over at least three reads spanning
     * its threshold while a sibling counter kept counting. A live package, DRAM or platform counter moves within
     * milliseconds (at 1 W, a 61 µJ unit every 61 µs); one that stands still while its siblings move is a file
     * that no longer follows the hardware (a zone removed under an open file, a stale copy of the tree). Uncore
     * counters are exempt: an idle integrated GPU may be power-gated to nothing.
     */
    private String frozen(int i, long now) {
        RaplCounter c = counters[i];
        if (c.kind() == ZoneKind.UNCORE || unchangedReads[i] < 2 || now - lastChangeNanos[i] < frozenAfterNanos(c)) {
            return null;
        }
        for (int j = 0; j < counters.length; j++) {
            if (j != i && readOk[j] && lastChangeNanos[j] > lastChangeNanos[i]
                    && now - lastChangeNanos[j] < frozenAfterNanos(counters[j])) {
                return c.source() + " has not changed for " + String.format(java.util.Locale.ROOT, "%.1f",
                        (now - lastChangeNanos[i]) / 1e9) + " s while " + counters[j].domainId() + " kept counting: the"
                        + " counter is frozen or its file is gone (zone removed, driver reloaded, or a stale copy of the"
                        + " tree); its energy since then is unknown";
            }
        }
        return null;
    }

    /** One second, or the time two counter units take at 1 W where units are coarse (1 J psys units). */
    private static long frozenAfterNanos(RaplCounter c) {
        return Math.max(FROZEN_AFTER_NANOS, (long) (2e9 * c.joulesPerUnit()));
    }

    /** What the figures assume: that psys includes packages and DRAM (when it is their parent), and unit quirks. */
    @Override
    public List<Assumption> assumptions() {
        return assumptions;
    }

    /** Half the shortest wrap period of any counter at its zone's maximum power. */
    @Override
    public Duration maximumSamplingPeriod() {
        return maximumSamplingPeriod;
    }

    /** About 1 ms: RAPL counters refresh about once per millisecond. */
    @Override
    public Duration updatePeriod() {
        return UPDATE_PERIOD;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RawCounter c : raw) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Override
    public String toString() {
        return name + " " + domains.stream().map(SensorDomain::id).toList();
    }

    private static String readFailure(RaplCounter c, IOException e) {
        if (c.counter() instanceof FileSysfsAccess.SysfsCounterFile || c.source().endsWith("energy_uj")) {
            return RaplFixes.powercapReadFailure(e, c.source());
        }
        return "cannot read " + c.source() + ": " + RaplFixes.message(e);
    }

    /** Joins failure reasons, saying a fix they all share once: "permission denied reading A, B: fixes". */
    static String summarize(String[] failures) {
        List<String> reasons = new ArrayList<>(new LinkedHashSet<>(Arrays.asList(failures)));
        if (reasons.size() < 2) {
            return String.join("; ", reasons);
        }
        String first = reasons.get(0);
        int common = first.length();
        for (String r : reasons) {
            int n = 0;
            while (n < common && n < r.length()
                    && r.charAt(r.length() - 1 - n) == first.charAt(first.length() - 1 - n)) {
                n++;
            }
            common = n;
        }
        // Only factor out a shared tail that starts a clause.
        String tail = first.substring(first.length() - common);
        int clause = tail.indexOf(": ");
        if (common < 40 || clause < 0) {
            return String.join("; ", reasons);
        }
        tail = tail.substring(clause);
        List<String> heads = new ArrayList<>();
        for (String r : reasons) {
            heads.add(r.substring(0, r.length() - tail.length()));
        }
        return String.join(", ", heads) + tail;
    }

    private static List<SensorDomain> layout(RaplCounter[] counters, String[] initialFailure) {
        // Readable platform counters by package: one alone is the platform of every package; one per package
        // (psys, psys-1, ...) each holds its own package's zones.
        Map<Integer, String> psysOfPackage = new LinkedHashMap<>();
        Set<String> readablePackages = new LinkedHashSet<>();
        for (int i = 0; i < counters.length; i++) {
            if (initialFailure[i] != null) {
                continue;
            }
            if (counters[i].kind() == ZoneKind.PSYS) {
                psysOfPackage.putIfAbsent(counters[i].packageNumber(), counters[i].domainId());
            } else if (counters[i].kind() == ZoneKind.PACKAGE) {
                readablePackages.add(counters[i].domainId());
            }
        }
        String onlyPsys = psysOfPackage.size() == 1 ? psysOfPackage.values().iterator().next() : null;
        List<SensorDomain> out = new ArrayList<>();
        for (int i = 0; i < counters.length; i++) {
            RaplCounter c = counters[i];
            String id = c.domainId();
            String description = describe(c, initialFailure[i]);
            String psys = c.kind() == ZoneKind.PSYS ? "" : onlyPsys != null ? onlyPsys
                    : psysOfPackage.getOrDefault(c.packageNumber(), "");
            String parent = "";
            switch (c.kind()) {
                case PSYS -> parent = "";
                case PACKAGE, DRAM -> parent = psys;
                case CORE, UNCORE -> {
                    String pkg = RaplCounter.domainId(ZoneKind.PACKAGE, c.socket());
                    parent = readablePackages.contains(pkg) ? pkg : psys;
                }
                default -> throw new IllegalStateException("unknown kind " + c.kind());
            }
            out.add(parent.isEmpty()
                    ? SensorDomain.root(id, ReadingKind.HARDWARE_ENERGY_COUNTER, description)
                    : SensorDomain.within(id, parent, ReadingKind.HARDWARE_ENERGY_COUNTER, description));
        }
        return List.copyOf(out);
    }

    private static String describe(RaplCounter c, String failure) {
        StringBuilder d = new StringBuilder();
        d.append(c.kind().label()).append(c.socket().isEmpty() ? "" : " " + c.socket())
                .append(" from ").append(c.source());
        if (c.wrapUnits() > 0) {
            d.append("; wraps at ").append(number(c.wrapUnits() * c.joulesPerUnit())).append(" J");
        } else if (c.wrapUnits() == RaplCounter.WRAP_UNKNOWN) {
            d.append("; wrap range unknown");
        }
        d.append("; maximum ").append(number(c.maxWatts())).append(" W (").append(c.maxWattsOrigin()).append(')');
        if (!c.note().isEmpty()) {
            d.append("; ").append(c.note());
        }
        if (failure != null) {
            d.append("; unreadable when opened: ").append(failure);
        }
        return d.toString();
    }

    /** Six significant digits, without trailing zeros. */
    static String number(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static Duration samplingPeriod(RaplCounter[] counters) {
        double shortest = Double.POSITIVE_INFINITY;
        for (RaplCounter c : counters) {
            double wrapSeconds = c.wrapJoulesForSampling() / c.maxWatts();
            shortest = Math.min(shortest, wrapSeconds);
        }
        double half = shortest / 2;
        // A counter that never wraps sets no bound; cap at a day so the figure stays a usable Duration.
        double capped = Math.min(half, 86_400.0);
        return Duration.ofNanos((long) (capped * 1e9));
    }

    /**
     * Configures and opens a {@link RaplSensor}.
     *
     * <p>Defaults: backends powercap, then perf_event, then MSR; powercap root {@code /sys/class/powercap};
     * system root {@code /} (where {@code sys/}, {@code proc/} and {@code dev/} are found for perf_event and
     * MSR); psys included; {@link Clock#system()}. Each setting is checked as it is set. Not thread-safe; build
     * on one thread.
     */
    public static final class Builder implements SensorBuilder<RaplSensor> {
        private List<RaplBackend> backends = List.of(RaplBackend.POWERCAP, RaplBackend.PERF_EVENT, RaplBackend.MSR);
        private Path powercapRoot = PowercapBackend.DEFAULT_ROOT;
        private Path systemRoot = Path.of("/");
        private boolean includePsys = true;
        private Clock clock = Clock.system();
        private SysfsAccess sysfs = SysfsAccess.files();
        private PerfEventSyscalls perfEvents;
        private MsrAccess msrAccess;

        private Builder() {
        }

        /**
         * The backends to try, in order; the first that can read a counter is used.
         *
         * @param order the backends, most preferred first
         * @return this builder
         * @throws IllegalArgumentException if none is given or one is given twice
         */
        public Builder backends(RaplBackend... order) {
            Objects.requireNonNull(order, "order");
            if (order.length == 0) {
                throw new IllegalArgumentException("Give at least one RAPL backend (powercap, perf_event, msr)");
            }
            if (new LinkedHashSet<>(Arrays.asList(order)).size() != order.length) {
                throw new IllegalArgumentException("A RAPL backend is listed twice: " + Arrays.toString(order));
            }
            this.backends = List.of(order);
            return this;
        }

        /**
         * Where the powercap backend looks.
         *
         * @param root a powercap directory or a sysfs mount root
         * @return this builder
         */
        public Builder powercapRoot(Path root) {
            this.powercapRoot = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Where the perf_event and MSR backends find {@code sys/}, {@code proc/} and {@code dev/}.
         *
         * @param root the directory holding them, {@code /} on the machine itself
         * @return this builder
         */
        public Builder systemRoot(Path root) {
            this.systemRoot = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Whether to read psys. With psys, packages and DRAM are reported as lying within it; leave it out on
         * machines whose firmware reports psys badly, so that packages and DRAM are the roots.
         *
         * @param include whether to read psys
         * @return this builder
         */
        public Builder includePsys(boolean include) {
            this.includePsys = include;
            return this;
        }

        /**
         * The clock used to judge whether a delta is plausible.
         *
         * @param clock the monotonic clock; tests pass a {@code MockClock}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        Builder sysfs(SysfsAccess sysfs) {
            this.sysfs = Objects.requireNonNull(sysfs, "sysfs");
            return this;
        }

        Builder perfEvents(PerfEventSyscalls perfEvents) {
            this.perfEvents = Objects.requireNonNull(perfEvents, "perfEvents");
            return this;
        }

        Builder msrAccess(MsrAccess msrAccess) {
            this.msrAccess = Objects.requireNonNull(msrAccess, "msrAccess");
            return this;
        }

        /**
         * Opens the first backend that can read a counter, going on without RAPL: where none can, the sensor has
         * no domains and {@link RaplSensor#unavailability()} is a {@link RaplUnavailableException} naming every
         * backend tried, why it failed and how to fix it.
         *
         * @return the sensor; close it (or the meter it is given to) when done
         */
        @Override
        public RaplSensor open() {
            try {
                return probe();
            } catch (RaplUnavailableException e) {
                return new RaplSensor(e, clock);
            }
        }

        /**
         * Opens the first backend that can read a counter, or throws.
         *
         * @return an open sensor that reads its domains
         * @throws RaplUnavailableException naming every backend tried, why it failed and how to fix it
         */
        @Override
        public RaplSensor openOrThrow() {
            return probe();
        }

        /**
         * Opens the first backend that can read a counter.
         *
         * @return an open sensor
         * @throws RaplUnavailableException naming every backend tried, why it failed and how to fix it
         * @deprecated use {@link #openOrThrow()} (the same, unchecked) or {@link #open()}, as every sensor is
         *             opened
         */
        @Deprecated(since = "0.2.0")
        public RaplSensor build() throws RaplUnavailableException {
            return probe();
        }

        private RaplSensor probe() {
            List<RaplUnavailableException.Attempt> attempts = new ArrayList<>();
            for (RaplBackend b : backends) {
                try {
                    BackendProbe probe = switch (b) {
                        case POWERCAP -> PowercapBackend.probe(powercapRoot, sysfs, includePsys);
                        case PERF_EVENT -> PerfEventBackend.probe(systemRoot, sysfs, perfEvents, includePsys);
                        case MSR -> MsrBackend.probe(systemRoot, sysfs,
                                msrAccess != null ? msrAccess : new DeviceMsrAccess(systemRoot), includePsys);
                    };
                    return new RaplSensor(probe, clock);
                } catch (BackendUnavailableException e) {
                    attempts.add(new RaplUnavailableException.Attempt(b, e.getMessage()));
                } catch (RuntimeException | LinkageError e) {
                    // A backend that breaks (JNA missing its native part, say) must not stop the others.
                    attempts.add(new RaplUnavailableException.Attempt(b, "failed unexpectedly: " + e));
                }
            }
            throw new RaplUnavailableException(attempts);
        }
    }
}
