package dev.greenslice.carbon.sensor;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.Power;

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
    }

    /**
     * This JVM's CPU time, with the per-thread power of this machine's CPU (table or default).
     *
     * @return the sensor; its report names the power figure used and where it came from
     */
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
     */
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
     */
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
     */
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
     */
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
     */
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

    @Override
    public List<Assumption> assumptions() {
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

    @Override
    public String toString() {
        return "CpuTimeSensor[" + powerPerThread() + " per thread]";
    }
}
