package dev.greenslice.carbon.sensor;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.UnavailableException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The fallback energy sensor that works everywhere: CPU time consumed × power per hardware thread,
 * reported as one {@link ReadingKind#ESTIMATED_ENERGY} domain, {@code cpu:process}.
 *
 * <p>Power per hardware thread is the CPU's TDP divided by its hardware threads: given explicitly, or
 * looked up from a small table of common server CPUs by the {@code model name} in {@code /proc/cpuinfo},
 * or else {@value #DEFAULT_WATTS_PER_THREAD} W (a typical server CPU: a Xeon Gold 6248 is 150 W over
 * 40 threads, 3.75 W). The figure is an estimate of the energy attributable to the process's CPU use,
 * not a measurement, and the report says so and which power figure was used. Use RAPL where it is
 * readable.
 *
 * <pre>{@code
 * CarbonMeter.builder().sensor(CpuTimeSensor.builder().open())...
 * }</pre>
 *
 * <p><b>Without CPU time</b> (a JVM or operating system that does not report it), {@link Builder#open()} gives a
 * sensor with no domains whose {@link #unavailability()} says why; {@link Builder#openOrThrow()} throws
 * {@link UnavailableException} instead.
 *
 * <p>Thread-safe for the meter's serialised reads; {@link #close()} is idempotent.
 */
public final class CpuTimeSensor implements EnergySensor {

    /** Power per hardware thread used when the CPU is not in the table, in watts. */
    public static final double DEFAULT_WATTS_PER_THREAD = 4.0;

    /** A CPU's thermal design power and hardware threads, from its vendor's specification. */
    record CpuSpec(String model, double tdpWatts, int threads) {
    }

    // Vendor TDPs (Intel ARK, AMD product pages) and hardware threads (cores × 2 with SMT).
    private static final List<CpuSpec> TABLE = List.of(
            new CpuSpec("Xeon Platinum 8480+", 350, 112),
            new CpuSpec("Xeon Platinum 8380", 270, 80),
            new CpuSpec("Xeon Platinum 8360Y", 250, 72),
            new CpuSpec("Xeon Platinum 8358", 250, 64),
            new CpuSpec("Xeon Platinum 8280", 205, 56),
            new CpuSpec("Xeon Platinum 8168", 205, 48),
            new CpuSpec("Xeon Gold 6338", 205, 64),
            new CpuSpec("Xeon Gold 6248", 150, 40),
            new CpuSpec("Xeon Gold 6226R", 150, 32),
            new CpuSpec("EPYC 9654", 360, 192),
            new CpuSpec("EPYC 9554", 360, 128),
            new CpuSpec("EPYC 7763", 280, 128),
            new CpuSpec("EPYC 7742", 225, 128),
            new CpuSpec("EPYC 7702", 200, 128),
            new CpuSpec("EPYC 7543", 225, 64),
            new CpuSpec("EPYC 7452", 155, 64));

    private final String name;
    private final LongSupplier cpuNanos;
    private final double wattsPerThread;
    private final Assumption assumption;
    private final List<SensorDomain> domains;
    private final boolean tickResolution;
    private final UnavailableException unavailable;
    private long maxSeen;
    private volatile boolean closed;

    private CpuTimeSensor(String name, String description, LongSupplier cpuNanos, double wattsPerThread,
                          Assumption assumption, boolean tickResolution) {
        this.name = name;
        this.cpuNanos = cpuNanos;
        this.wattsPerThread = wattsPerThread;
        this.assumption = assumption;
        this.domains = List.of(SensorDomain.root("cpu:process", ReadingKind.ESTIMATED_ENERGY, description));
        this.tickResolution = !name.equals("cpu-time");
        this.unavailable = null;
    }

    /** A sensor with no domains: CPU time cannot be read here, for the reason {@code why} gives. */
    private CpuTimeSensor(CpuTimeSensor unreadable, UnavailableException why) {
        this.name = "cpu-time (unavailable)";
        this.cpuNanos = unreadable.cpuNanos;
        this.wattsPerThread = unreadable.wattsPerThread;
        this.assumption = Assumption.of("CPU time", "not metered", why.getMessage());
        this.domains = List.of();
        this.tickResolution = false;
        this.unavailable = why;
    }

    /**
     * A builder for a CPU-time sensor: this JVM by default, with the per-thread power of this machine's CPU
     * (table or default); {@link Builder#open()} or {@link Builder#openOrThrow()} opens it.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * This JVM's CPU time, with the per-thread power of this machine's CPU (table or default).
     *
     * @return the sensor; its report names the power figure used and where it came from
     * @deprecated use {@code CpuTimeSensor.builder().open()}, as every sensor is opened
     */
    @Deprecated(since = "0.2.0")
    public static CpuTimeSensor forThisProcess() {
        PowerChoice p = powerForThisMachine();
        return new CpuTimeSensor("cpu-time", "CPU time of this JVM × power per hardware thread",
                processCpuNanos(), p.watts, p.assumption, true);
    }

    /**
     * This JVM's CPU time with an explicit power per hardware thread.
     *
     * @param perThread the CPU's power per hardware thread, e.g. TDP / threads; positive
     * @return the sensor
     * @throws IllegalArgumentException for a zero power
     * @deprecated use {@code CpuTimeSensor.builder().powerPerThread(perThread).open()}, as every sensor is opened
     */
    @Deprecated(since = "0.2.0")
    public static CpuTimeSensor forThisProcess(Power perThread) {
        return new CpuTimeSensor("cpu-time", "CPU time of this JVM × power per hardware thread",
                processCpuNanos(), requirePositive(perThread).watts(), given(perThread), true);
    }

    /**
     * A process and its descendants (e.g. a command started with {@link ProcessBuilder}), with the
     * per-thread power of this machine's CPU. CPU time is polled while the process runs; once it has
     * exited and been reaped, the CPU time the kernel accounts to this JVM's waited-for children
     * ({@code /proc/self/stat} cutime + cstime) fills in what polling missed.
     *
     * @param process the process to meter
     * @return the sensor
     * @deprecated use {@code CpuTimeSensor.builder().process(process).open()}, as every sensor is opened
     */
    @Deprecated(since = "0.2.0")
    public static CpuTimeSensor forProcess(ProcessHandle process) {
        Objects.requireNonNull(process, "process");
        PowerChoice p = powerForThisMachine();
        return new CpuTimeSensor("cpu-time", "CPU time of process " + process.pid() + " and its children × power per hardware thread",
                processTreeCpuNanos(process), p.watts, p.assumption, true);
    }

    /**
     * Every child process of this JVM (and their descendants), counting from now: live children are
     * polled, and children that have exited and been reaped are counted through {@code /proc/self/stat}
     * (cutime + cstime). Create it before starting the command to meter, so no CPU time of the command
     * is missed; this JVM's own CPU time is not included.
     *
     * @return the sensor
     * @deprecated use {@code CpuTimeSensor.builder().childProcesses().open()}, as every sensor is opened
     */
    @Deprecated(since = "0.2.0")
    public static CpuTimeSensor forChildProcesses() {
        PowerChoice p = powerForThisMachine();
        return new CpuTimeSensor("cpu-time", "CPU time of this JVM's child processes × power per hardware thread",
                childrenCpuNanos(), p.watts, p.assumption, true);
    }

    /**
     * A process and its descendants with an explicit power per hardware thread.
     *
     * @param process   the process to meter
     * @param perThread the CPU's power per hardware thread, e.g. TDP / threads; positive
     * @return the sensor
     * @throws IllegalArgumentException for a zero power
     * @deprecated use {@code CpuTimeSensor.builder().process(process).powerPerThread(perThread).open()}, as every sensor is opened
     */
    @Deprecated(since = "0.2.0")
    public static CpuTimeSensor forProcess(ProcessHandle process, Power perThread) {
        Objects.requireNonNull(process, "process");
        return new CpuTimeSensor("cpu-time", "CPU time of process " + process.pid() + " and its children × power per hardware thread",
                processTreeCpuNanos(process), requirePositive(perThread).watts(), given(perThread), true);
    }

    /**
     * Any source of cumulative CPU nanoseconds (e.g. a thread's CPU time from {@code ThreadMXBean}) with
     * an explicit power per hardware thread.
     *
     * @param cumulativeCpuNanos CPU nanoseconds used so far; must not decrease, and is read on the meter's threads
     * @param perThread          the CPU's power per hardware thread, e.g. TDP / threads; positive
     * @return the sensor
     * @throws IllegalArgumentException for a zero power
     * @deprecated use {@code CpuTimeSensor.builder().cpuNanos(cumulativeCpuNanos).powerPerThread(perThread).open()}, as every sensor is opened
     */
    @Deprecated(since = "0.2.0")
    public static CpuTimeSensor of(LongSupplier cumulativeCpuNanos, Power perThread) {
        Objects.requireNonNull(cumulativeCpuNanos, "cumulativeCpuNanos");
        return new CpuTimeSensor("cpu-time", "CPU time × power per hardware thread", cumulativeCpuNanos,
                requirePositive(perThread).watts(), given(perThread), false);
    }

    private static Power requirePositive(Power p) {
        Objects.requireNonNull(p, "perThread");
        if (p.watts() <= 0) {
            throw new IllegalArgumentException("Power per hardware thread must be positive, got " + p);
        }
        return p;
    }

    private static Assumption given(Power perThread) {
        return Assumption.of("CPU power per hardware thread", perThread.toString(), "given by the caller");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<SensorDomain> domains() {
        return domains;
    }

    @Override
    public void read(SensorReadout readout) {
        if (closed) {
            throw new IllegalStateException("CpuTimeSensor is closed");
        }
        if (unavailable != null) {
            return;
        }
        long now;
        try {
            now = cpuNanos.getAsLong();
        } catch (RuntimeException e) {
            readout.unavailable(0, "CPU time not readable: " + e.getMessage());
            return;
        }
        if (now < 0) {
            readout.unavailable(0, "CPU time not supported by this JVM or operating system");
            return;
        }
        // CPU time of a process tree can dip when a child exits before it is polled: keep it monotonic.
        if (now > maxSeen) {
            maxSeen = now;
        }
        readout.energy(0, maxSeen / 1e9 * wattsPerThread);
    }

    @Override
    public Duration maximumSamplingPeriod() {
        return Duration.ofSeconds(1);
    }

    /**
     * Process CPU time from the kernel advances in scheduler ticks (10 ms on Linux with USER_HZ 100, as
     * measured for this JVM's process CPU time and {@code /proc} accounting), so windows shorter than that
     * are flagged. Zero for a caller-supplied CPU-time source, whose resolution is the caller's.
     */
    @Override
    public Duration updatePeriod() {
        return tickResolution ? Duration.ofMillis(10) : Duration.ZERO;
    }

    /** Present when this JVM or operating system does not report the CPU time to meter. */
    @Override
    public Optional<UnavailableException> unavailability() {
        return Optional.ofNullable(unavailable);
    }

    @Override
    public List<Assumption> assumptions() {
        if (unavailable != null) {
            return List.of(assumption);
        }
        return List.of(assumption, Assumption.of("CPU energy model",
                "energy = CPU seconds × power per hardware thread (an estimate, not a measurement)",
                "GreenSlice CpuTimeSensor"));
    }

    /** @return the power per hardware thread this sensor uses */
    public Power powerPerThread() {
        return Power.ofWatts(wattsPerThread);
    }

    @Override
    public void close() {
        closed = true;
    }

    // --- CPU time sources ---

    private static LongSupplier processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun::getProcessCpuTime;
        }
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return () -> {
            long sum = 0;
            for (long id : threads.getAllThreadIds()) {
                long t = threads.getThreadCpuTime(id);
                if (t > 0) {
                    sum += t;
                }
            }
            return sum;
        };
    }

    private static LongSupplier processTreeCpuNanos(ProcessHandle process) {
        long childrenAtStart = reapedChildrenCpuNanos();
        return () -> {
            long polled = cpuOf(process);
            for (ProcessHandle d : process.descendants().toList()) {
                polled += cpuOf(d);
            }
            if (!process.isAlive()) {
                long reaped = reapedChildrenCpuNanos();
                if (reaped >= 0 && childrenAtStart >= 0) {
                    polled = Math.max(polled, reaped - childrenAtStart);
                }
            }
            return polled;
        };
    }

    private static LongSupplier childrenCpuNanos() {
        long reapedAtStart = Math.max(0, reapedChildrenCpuNanos());
        return () -> {
            long live = 0;
            for (ProcessHandle d : ProcessHandle.current().descendants().toList()) {
                live += cpuOf(d);
            }
            long reaped = reapedChildrenCpuNanos();
            return live + (reaped < 0 ? 0 : Math.max(0, reaped - reapedAtStart));
        };
    }

    private static long cpuOf(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** cutime + cstime of this JVM from /proc/self/stat, in ns; -1 where /proc is absent. */
    static long reapedChildrenCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux for /proc accounting
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    // --- power per thread ---

    private record PowerChoice(double watts, Assumption assumption) {
    }

    private static PowerChoice powerForThisMachine() {
        Optional<String> model = cpuModelName();
        if (model.isPresent()) {
            Optional<CpuSpec> spec = lookup(model.get());
            if (spec.isPresent()) {
                CpuSpec s = spec.get();
                double w = s.tdpWatts() / s.threads();
                return new PowerChoice(w, Assumption.of("CPU power per hardware thread",
                        String.format(Locale.ROOT, "%.3f W (TDP %.0f W / %d threads)", w, s.tdpWatts(), s.threads()),
                        "vendor TDP of " + s.model() + " (matched '" + model.get() + "')"));
            }
        }
        return new PowerChoice(DEFAULT_WATTS_PER_THREAD, Assumption.of("CPU power per hardware thread",
                DEFAULT_WATTS_PER_THREAD + " W (default)",
                "CPU " + model.map(m -> "'" + m + "'").orElse("model unknown") + " is not in GreenSlice's table;"
                        + " default from a typical server CPU (Xeon Gold 6248: 150 W / 40 threads = 3.75 W)"));
    }

    static Optional<CpuSpec> lookup(String modelName) {
        String m = modelName.toLowerCase(Locale.ROOT);
        CpuSpec best = null;
        for (CpuSpec s : TABLE) {
            String key = s.model().toLowerCase(Locale.ROOT);
            boolean match = key.endsWith("+") ? m.contains(key) || m.contains(key.substring(0, key.length() - 1) + " ")
                    : containsWord(m, key);
            if (match && (best == null || s.model().length() > best.model().length())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean containsWord(String haystack, String needle) {
        int i = haystack.indexOf(needle);
        while (i >= 0) {
            int end = i + needle.length();
            if (end == haystack.length() || !Character.isLetterOrDigit(haystack.charAt(end))) {
                return true;
            }
            i = haystack.indexOf(needle, i + 1);
        }
        return false;
    }

    private static Optional<String> cpuModelName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return Optional.of(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc not mounted: fall through to the default.
        }
        return Optional.empty();
    }

    /**
     * Configures and opens a {@link CpuTimeSensor}: whose CPU time (this JVM by default, a process tree, this JVM's
     * child processes, or any cumulative source) and the power per hardware thread (this machine's CPU from the
     * table, or the stated default, unless given). Each setting is checked as it is set. Not thread-safe; build on
     * one thread.
     */
    public static final class Builder implements SensorBuilder<CpuTimeSensor> {
        private ProcessHandle process;
        private boolean children;
        private LongSupplier source;
        private Power perThread;

        private Builder() {
        }

        /**
         * Meters a process and its descendants (e.g. a command started with {@link ProcessBuilder}) instead of
         * this JVM. CPU time is polled while the process runs; once it has exited and been reaped, the CPU time
         * the kernel accounts to this JVM's waited-for children ({@code /proc/self/stat} cutime + cstime) fills in
         * what polling missed.
         *
         * @param process the process to meter
         * @return this builder
         * @throws IllegalArgumentException if child processes or a CPU-time source were chosen already
         */
        public Builder process(ProcessHandle process) {
            Objects.requireNonNull(process, "process");
            requireOneScope("process(" + process.pid() + ")");
            this.process = process;
            return this;
        }

        /**
         * Meters every child process of this JVM (and their descendants), counting from {@link #open()}: live
         * children are polled, and children that have exited and been reaped are counted through
         * {@code /proc/self/stat} (cutime + cstime). Open the sensor before starting the command to meter, so no
         * CPU time of the command is missed; this JVM's own CPU time is not included.
         *
         * @return this builder
         * @throws IllegalArgumentException if a process or a CPU-time source was chosen already
         */
        public Builder childProcesses() {
            requireOneScope("childProcesses()");
            this.children = true;
            return this;
        }

        /**
         * Meters any source of cumulative CPU nanoseconds (e.g. a thread's CPU time from {@code ThreadMXBean}).
         *
         * @param cumulativeCpuNanos CPU nanoseconds used so far; must not decrease, and is read on the meter's
         *                           threads
         * @return this builder
         * @throws IllegalArgumentException if a process or child processes were chosen already
         */
        public Builder cpuNanos(LongSupplier cumulativeCpuNanos) {
            Objects.requireNonNull(cumulativeCpuNanos, "cumulativeCpuNanos");
            requireOneScope("cpuNanos(...)");
            this.source = cumulativeCpuNanos;
            return this;
        }

        /**
         * The CPU's power per hardware thread, instead of this machine's CPU looked up in the table.
         *
         * @param perThread e.g. TDP / hardware threads; positive
         * @return this builder
         * @throws IllegalArgumentException for a zero power
         */
        public Builder powerPerThread(Power perThread) {
            this.perThread = requirePositive(perThread);
            return this;
        }

        private void requireOneScope(String setting) {
            if (process != null || children || source != null) {
                throw new IllegalArgumentException("CpuTimeSensor.Builder meters one thing: " + setting
                        + " cannot follow " + (process != null ? "process(" + process.pid() + ")"
                        : children ? "childProcesses()" : "cpuNanos(...)") + "; use one builder per sensor");
            }
        }

        /**
         * Opens the sensor. Where the CPU time cannot be read (the JVM or operating system does not report it, or
         * the given source fails), the sensor has no domains and {@link CpuTimeSensor#unavailability()} says why.
         *
         * @return the sensor; close it (or the meter it is given to) when done
         */
        @Override
        public CpuTimeSensor open() {
            PowerChoice p = perThread == null ? powerForThisMachine()
                    : new PowerChoice(perThread.watts(), given(perThread));
            CpuTimeSensor sensor;
            String whose;
            if (process != null) {
                whose = "process " + process.pid() + " and its children";
                sensor = new CpuTimeSensor("cpu-time", "CPU time of " + whose + " × power per hardware thread",
                        processTreeCpuNanos(process), p.watts, p.assumption, true);
            } else if (children) {
                whose = "this JVM's child processes";
                sensor = new CpuTimeSensor("cpu-time", "CPU time of " + whose + " × power per hardware thread",
                        childrenCpuNanos(), p.watts, p.assumption, true);
            } else if (source != null) {
                whose = "the given source";
                sensor = new CpuTimeSensor("cpu-time", "CPU time × power per hardware thread", source, p.watts,
                        p.assumption, false);
            } else {
                whose = "this JVM";
                sensor = new CpuTimeSensor("cpu-time", "CPU time of this JVM × power per hardware thread",
                        processCpuNanos(), p.watts, p.assumption, true);
            }
            String failure;
            try {
                long now = sensor.cpuNanos.getAsLong();
                failure = now < 0 ? "the JVM or operating system does not report it (" + now + ")" : null;
            } catch (RuntimeException e) {
                failure = "reading it failed: " + e;
            }
            if (failure == null) {
                return sensor;
            }
            return new CpuTimeSensor(sensor, new UnavailableException("CPU time", "The CPU time of " + whose
                    + " cannot be read: " + failure + ". Fix: run on a JVM whose OperatingSystemMXBean reports"
                    + " process CPU time (HotSpot, OpenJ9), or give a source with CpuTimeSensor.builder().cpuNanos(...)"));
        }
    }

    @Override
    public String toString() {
        return "CpuTimeSensor[" + powerPerThread() + " per thread]";
    }
}
