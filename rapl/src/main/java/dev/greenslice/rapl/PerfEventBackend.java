package dev.greenslice.rapl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the RAPL events of the kernel's {@code power} perf PMU ({@code energy-pkg}, {@code energy-cores},
 * {@code energy-gpu}, {@code energy-ram}, {@code energy-psys}) on one CPU per package (the PMU's
 * {@code cpumask}), as {@code perf stat -e power/energy-pkg/} does: per die where Intel's counters are die-scoped,
 * once per package on AMD even where an old kernel's cpumask lists a CPU per die; energy-psys on each package
 * the powercap tree names a psys zone for ({@code psys}, {@code psys-N}), else once. Counts times the event's {@code .scale}
 * are joules; the kernel extends the hardware counters to 64 bits, so they do not wrap.
 */
final class PerfEventBackend {

    /** The PMU directory, relative to the system root. */
    static final String PMU_DIR = "sys/bus/event_source/devices/power";

    /** Event names and the kinds they measure; {@code energy-gpu} is PP1, which powercap calls uncore. */
    private static final Map<String, ZoneKind> EVENTS = new LinkedHashMap<>();

    static {
        EVENTS.put("energy-pkg", ZoneKind.PACKAGE);
        EVENTS.put("energy-cores", ZoneKind.CORE);
        EVENTS.put("energy-gpu", ZoneKind.UNCORE);
        EVENTS.put("energy-ram", ZoneKind.DRAM);
        EVENTS.put("energy-psys", ZoneKind.PSYS);
    }

    private PerfEventBackend() {
    }

    /**
     * @param syscalls the kernel calls, or null to load them through JNA (only once the PMU is known to exist)
     */
    static BackendProbe probe(Path systemRoot, SysfsAccess sysfs, PerfEventSyscalls syscalls, boolean includePsys)
            throws BackendUnavailableException {
        Path pmuDir = systemRoot.resolve(PMU_DIR);
        if (!Files.isDirectory(pmuDir)) {
            throw new BackendUnavailableException("no RAPL perf PMU: " + pmuDir + " does not exist (the kernel"
                    + " exposes no 'power' PMU: CPU not supported, CONFIG_PERF_EVENTS_INTEL_RAPL off, or RAPL hidden"
                    + " as in most virtual machines)");
        }
        PerfPmu pmu;
        try {
            pmu = PerfPmu.load(pmuDir, sysfs);
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot read the perf PMU at " + pmuDir + ": " + RaplFixes.message(e));
        }
        List<String> notes = new ArrayList<>();
        List<Integer> cpus = pmu.cpus();
        if (cpus.isEmpty()) {
            throw new BackendUnavailableException(pmuDir.resolve("cpumask") + " is missing or empty, so the CPU of"
                    + " each package is unknown");
        }
        Map<Integer, PerfPmu.CpuPlace> places = PerfPmu.places(systemRoot.resolve("sys/devices/system/cpu"), cpus, sysfs, notes);
        if (isAmdLike(systemRoot, sysfs)) {
            places = onePerPackage(places, notes);
            cpus = List.copyOf(places.keySet());
        }
        Map<Integer, String> socketOf = sockets(places);
        Map<Integer, Integer> psysCpus = psysCpus(systemRoot, sysfs, places, cpus.get(0), notes);

        Map<ZoneKind, PerfPmu.Event> events = new LinkedHashMap<>();
        for (Map.Entry<String, ZoneKind> e : EVENTS.entrySet()) {
            if (e.getValue() == ZoneKind.PSYS && !includePsys) {
                continue;
            }
            try {
                Optional<PerfPmu.Event> ev = pmu.event(e.getKey(), sysfs);
                if (ev.isEmpty()) {
                    continue;
                }
                if (!ev.get().unit().isEmpty() && !ev.get().unit().equalsIgnoreCase("Joules")) {
                    notes.add("skipped power/" + e.getKey() + ": its unit is '" + ev.get().unit() + "', not Joules");
                    continue;
                }
                events.put(e.getValue(), ev.get());
            } catch (IOException ex) {
                notes.add("skipped power/" + e.getKey() + ": " + RaplFixes.message(ex));
            }
        }
        if (events.isEmpty()) {
            throw new BackendUnavailableException("the perf PMU at " + pmuDir + " lists no RAPL energy event"
                    + " (energy-pkg, energy-cores, energy-gpu, energy-ram, energy-psys)"
                    + (notes.isEmpty() ? "" : ": " + String.join("; ", notes)));
        }
        if (syscalls == null) {
            syscalls = JnaPerfEventSyscalls.create();
        }
        String paranoid = paranoid(systemRoot, sysfs);
        List<RaplCounter> counters = new ArrayList<>();
        for (int cpu : cpus) {
            for (Map.Entry<ZoneKind, PerfPmu.Event> e : events.entrySet()) {
                ZoneKind kind = e.getKey();
                if (kind == ZoneKind.PSYS && !psysCpus.containsKey(cpu)) {
                    continue; // the platform counter is read on the packages that have one
                }
                PerfPmu.Event ev = e.getValue();
                String socket = kind != ZoneKind.PSYS ? socketOf.get(cpu)
                        : psysCpus.get(cpu) == 0 ? "" : String.valueOf(psysCpus.get(cpu));
                String source = "perf event power/" + ev.name() + " (type " + pmu.type() + ", config 0x"
                        + Long.toHexString(ev.config()) + ") on cpu " + cpu;
                RawCounter counter = null;
                String failure = null;
                try {
                    int fd = syscalls.open(pmu.type(), ev.config(), -1, cpu);
                    counter = new PerfCounter(syscalls, fd);
                } catch (IOException ex) {
                    failure = openFailure(source, ex, paranoid);
                }
                counters.add(new RaplCounter(kind, socket, source, counter, failure, ev.scale(),
                        RaplCounter.NEVER_WRAPS, -1, kind.assumedMaximumWatts(),
                        "assumed for a " + kind.label() + " zone; perf_event states no maximum power", ""));
            }
        }
        return new BackendProbe(RaplBackend.PERF_EVENT, pmuDir.toString(), counters, notes);
    }

    private static boolean isAmdLike(Path systemRoot, SysfsAccess sysfs) {
        Path cpuinfo = systemRoot.resolve("proc/cpuinfo");
        try {
            return CpuIdentity.parse(sysfs.readAttribute(cpuinfo), cpuinfo.toString()).isAmdLike();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * AMD's RAPL counters are per package (the kernel's rapl.c gives AMD package scope), but kernels before that
     * fix listed one CPU per die in the PMU's cpumask: every die's energy-pkg is then the same counter. Keep the
     * first CPU of each package.
     */
    private static Map<Integer, PerfPmu.CpuPlace> onePerPackage(Map<Integer, PerfPmu.CpuPlace> places, List<String> notes) {
        Map<Integer, PerfPmu.CpuPlace> first = new LinkedHashMap<>();
        Map<Integer, PerfPmu.CpuPlace> out = new LinkedHashMap<>();
        for (PerfPmu.CpuPlace p : places.values()) {
            PerfPmu.CpuPlace seen = first.putIfAbsent(p.packageId(), p);
            if (seen == null) {
                out.put(p.cpu(), p);
            } else {
                notes.add("the power PMU lists cpu " + p.cpu() + " (die " + p.dieId() + ") besides cpu " + seen.cpu()
                        + " on package " + p.packageId() + ": AMD's RAPL counters are per package, so each is read once"
                        + " per package, on cpu " + seen.cpu());
            }
        }
        return out;
    }

    /**
     * The CPUs to read energy-psys on, with the package each stands for. The kernel registers a platform zone
     * named {@code psys} (package 0) or {@code psys-N} (package N) for each package whose platform counter is
     * valid; the powercap names (readable even where energy_uj is not) say which. Without them, psys is read once,
     * on the first CPU, as before.
     */
    private static Map<Integer, Integer> psysCpus(Path systemRoot, SysfsAccess sysfs, Map<Integer, PerfPmu.CpuPlace> places,
                                                  int firstCpu, List<String> notes) {
        java.util.Set<Integer> packages = new java.util.TreeSet<>();
        Path powercap = systemRoot.resolve("sys/class/powercap");
        if (Files.isDirectory(powercap)) {
            try (java.util.stream.Stream<Path> zones = Files.list(powercap)) {
                for (Path z : zones.sorted().toList()) {
                    if (!z.getFileName().toString().matches("intel-rapl(?:-[a-z]+)?:\\d+")) {
                        continue;
                    }
                    try {
                        String name = sysfs.readAttribute(z.resolve("name")).trim();
                        if (name.equals("psys")) {
                            packages.add(0);
                        } else if (name.matches("psys-\\d+")) {
                            packages.add(Integer.parseInt(name.substring(5)));
                        }
                    } catch (IOException | NumberFormatException e) {
                        // A zone whose name cannot be read tells nothing.
                    }
                }
            } catch (IOException e) {
                // No powercap names: read psys once below.
            }
        }
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (int pkg : packages) {
            places.values().stream().filter(p -> p.packageId() == pkg).findFirst()
                    .ifPresentOrElse(p -> out.put(p.cpu(), pkg), () -> notes.add("powercap names a psys zone for package "
                            + pkg + ", but the power PMU lists no CPU of it; its platform counter is not read"));
        }
        if (out.isEmpty()) {
            PerfPmu.CpuPlace first = places.get(firstCpu);
            out.put(firstCpu, first == null || first.packageId() == 0 ? 0 : first.packageId());
        }
        return out;
    }

    /** Package labels per CPU: {@code N}, or {@code N-die-M} where the cpumask holds more than one CPU of a package. */
    static Map<Integer, String> sockets(Map<Integer, PerfPmu.CpuPlace> places) {
        Map<Integer, Integer> perPackage = new LinkedHashMap<>();
        for (PerfPmu.CpuPlace p : places.values()) {
            perPackage.merge(p.packageId(), 1, Integer::sum);
        }
        Map<Integer, String> out = new LinkedHashMap<>();
        for (PerfPmu.CpuPlace p : places.values()) {
            out.put(p.cpu(), perPackage.get(p.packageId()) > 1
                    ? p.packageId() + "-die-" + p.dieId() : String.valueOf(p.packageId()));
        }
        return out;
    }

    private static String paranoid(Path systemRoot, SysfsAccess sysfs) {
        try {
            return sysfs.readAttribute(systemRoot.resolve("proc/sys/kernel/perf_event_paranoid")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String openFailure(String source, IOException e, String paranoid) {
        if (e instanceof PerfEventSyscalls.PerfEventException p) {
            int errno = p.errno();
            String what = "cannot open " + source + ": " + errnoName(errno);
            return switch (errno) {
                case 1, 13 -> what + "; " + RaplFixes.PERF_PERMISSION + " (kernel.perf_event_paranoid is " + paranoid + ")";
                case 2, 22, 95 -> what + "; the kernel does not support this event on this CPU";
                case 19 -> what + "; the CPU is offline or the PMU cannot count on it";
                case 24 -> what + "; too many open files (raise ulimit -n)";
                case 38 -> what + "; this kernel has no perf_event_open (CONFIG_PERF_EVENTS off)";
                default -> what;
            };
        }
        return "cannot open " + source + ": " + RaplFixes.message(e);
    }

    /** The symbolic name of the errno values perf_event_open returns, with the number. */
    static String errnoName(int errno) {
        String name = switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 5 -> "EIO";
            case 9 -> "EBADF";
            case 13 -> "EACCES";
            case 19 -> "ENODEV";
            case 22 -> "EINVAL";
            case 24 -> "EMFILE";
            case 38 -> "ENOSYS";
            case 95 -> "EOPNOTSUPP";
            default -> "errno";
        };
        return name + " (" + errno + ")";
    }

    /** One open perf event descriptor. */
    static final class PerfCounter implements RawCounter {
        private final PerfEventSyscalls syscalls;
        private final int fd;
        private boolean closed;

        PerfCounter(PerfEventSyscalls syscalls, int fd) {
            this.syscalls = syscalls;
            this.fd = fd;
        }

        @Override
        public long read() throws IOException {
            if (closed) {
                throw new IOException("perf event descriptor " + fd + " is closed");
            }
            return syscalls.read(fd);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                syscalls.close(fd);
            }
        }
    }
}
