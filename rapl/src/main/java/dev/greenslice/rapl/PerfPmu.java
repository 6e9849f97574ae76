package dev.greenslice.rapl;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A perf PMU as sysfs describes it ({@code /sys/bus/event_source/devices/<pmu>/}): its type number, the
 * CPUs to open its events on ({@code cpumask}) and its named events with their config bits, scale and unit.
 *
 * @param name  the PMU's directory name, e.g. {@code power}
 * @param dir   the PMU's directory
 * @param type  the {@code perf_event_attr.type} to use
 * @param cpus  the CPUs in {@code cpumask}, ascending; empty if the PMU has no cpumask
 */
record PerfPmu(String name, Path dir, int type, List<Integer> cpus) {

    PerfPmu {
        cpus = List.copyOf(cpus);
    }

    /**
     * One event of the PMU.
     *
     * @param name   e.g. {@code energy-pkg}
     * @param config the {@code perf_event_attr.config} value
     * @param scale  the factor from counts to {@code unit}; 1 if the PMU states none
     * @param unit   the unit after scaling, e.g. {@code Joules}; empty if the PMU states none
     */
    record Event(String name, long config, double scale, String unit) {
    }

    /** Reads a PMU's type and cpumask. */
    static PerfPmu load(Path dir, SysfsAccess sysfs) throws IOException {
        String name = dir.getFileName().toString();
        String typeText = sysfs.readAttribute(dir.resolve("type")).trim();
        int type;
        try {
            type = Integer.parseInt(typeText);
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve("type") + " does not hold a PMU type number: '" + typeText + "'");
        }
        List<Integer> cpus = List.of();
        try {
            cpus = parseCpuList(sysfs.readAttribute(dir.resolve("cpumask")), dir.resolve("cpumask"));
        } catch (NoSuchFileException e) {
            // A PMU without a cpumask counts per task or on any CPU.
        }
        return new PerfPmu(name, dir, type, cpus);
    }

    /**
     * Reads one event, or empty if the PMU does not have it.
     *
     * @throws IOException naming the file if the event exists but its description cannot be read or parsed
     */
    Optional<Event> event(String eventName, SysfsAccess sysfs) throws IOException {
        Path events = dir.resolve("events");
        String spec;
        try {
            spec = sysfs.readAttribute(events.resolve(eventName));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        long config = parseConfig(spec, events.resolve(eventName), term -> sysfs.readAttribute(dir.resolve("format").resolve(term)));
        double scale = 1;
        try {
            String s = sysfs.readAttribute(events.resolve(eventName + ".scale")).trim();
            scale = parseScale(s, events.resolve(eventName + ".scale"));
        } catch (NoSuchFileException e) {
            // No scale: counts are the unit.
        }
        String unit = "";
        try {
            unit = sysfs.readAttribute(events.resolve(eventName + ".unit")).trim();
        } catch (NoSuchFileException e) {
            // No unit stated.
        }
        return Optional.of(new Event(eventName, config, scale, unit));
    }

    /** Reads a term's format ({@code config:0-7}) from the PMU's {@code format/} directory. */
    interface FormatSource {
        String format(String term) throws IOException;
    }

    /**
     * Turns an event description such as {@code event=0x02} or {@code event=0x3c,umask=0x1} into a
     * {@code config} value, placing each term's value into the bits its format names
     * ({@code config:0-7}, {@code config:0-7,32-35}, {@code config:21}).
     */
    static long parseConfig(String spec, Path source, FormatSource formats) throws IOException {
        long config = 0;
        String text = spec.trim();
        if (text.isEmpty()) {
            throw new IOException(source + " is empty; expected an event description such as event=0x02");
        }
        for (String term : text.split(",")) {
            String t = term.trim();
            String key;
            long value;
            int eq = t.indexOf('=');
            if (eq < 0) {
                key = t;
                value = 1;
            } else {
                key = t.substring(0, eq).trim();
                value = parseNumber(t.substring(eq + 1).trim(), source);
            }
            if (!key.matches("[a-z0-9_]+")) {
                throw new IOException(source + ": '" + t + "' is not a term of the form name=value");
            }
            String format;
            try {
                format = formats.format(key).trim();
            } catch (NoSuchFileException e) {
                throw new IOException(source + ": the PMU has no format for term '" + key + "'");
            }
            config |= place(value, format, source);
        }
        return config;
    }

    /** Places {@code value}'s low bits into the bit ranges of a format such as {@code config:0-7,32-35}. */
    static long place(long value, String format, Path source) throws IOException {
        int colon = format.indexOf(':');
        if (colon < 0 || !format.substring(0, colon).equals("config")) {
            throw new IOException(source + ": format '" + format + "' is not a config field (config1/config2 are not supported)");
        }
        long out = 0;
        int used = 0;
        for (String range : format.substring(colon + 1).split(",")) {
            String[] ends = range.trim().split("-", -1);
            int lo;
            int hi;
            try {
                lo = Integer.parseInt(ends[0]);
                hi = ends.length > 1 ? Integer.parseInt(ends[1]) : lo;
            } catch (NumberFormatException e) {
                throw new IOException(source + ": format '" + format + "' has a bad bit range '" + range + "'");
            }
            if (lo < 0 || hi > 63 || hi < lo || ends.length > 2) {
                throw new IOException(source + ": format '" + format + "' has a bad bit range '" + range + "'");
            }
            int width = hi - lo + 1;
            long bits = width == 64 ? value >>> used : (value >>> used) & ((1L << width) - 1);
            out |= bits << lo;
            used += width;
        }
        if (used < 64 && (value >>> used) != 0) {
            throw new IOException(source + ": value 0x" + Long.toHexString(value) + " does not fit format '" + format + "'");
        }
        return out;
    }

    private static long parseNumber(String text, Path source) throws IOException {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseUnsignedLong(text.substring(2), 16);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(source + ": '" + text + "' is not a number");
        }
    }

    /** Parses a scale such as {@code 2.3283064365386962890625e-10}; it must be positive and finite. */
    static double parseScale(String text, Path source) throws IOException {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IOException(source + " does not hold a number: '" + text.trim() + "'");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IOException(source + " holds " + text.trim() + "; a scale must be positive and finite");
        }
        return v;
    }

    /** Parses a kernel CPU list such as {@code 0}, {@code 0,28} or {@code 0-3,8-11}. */
    static List<Integer> parseCpuList(String text, Path source) throws IOException {
        List<Integer> out = new ArrayList<>();
        String t = text.trim();
        if (t.isEmpty()) {
            return out;
        }
        for (String part : t.split(",")) {
            String[] ends = part.trim().split("-", -1);
            try {
                int lo = Integer.parseInt(ends[0]);
                int hi = ends.length > 1 ? Integer.parseInt(ends[1]) : lo;
                if (lo < 0 || hi < lo || ends.length > 2) {
                    throw new NumberFormatException();
                }
                for (int c = lo; c <= hi; c++) {
                    out.add(c);
                }
            } catch (NumberFormatException e) {
                throw new IOException(source + " does not hold a CPU list: '" + t + "'");
            }
        }
        return out.stream().distinct().sorted().toList();
    }

    /** The physical package and die of a CPU, from {@code <cpuDir>/cpuN/topology}. */
    record CpuPlace(int cpu, int packageId, int dieId) {
    }

    /** Reads where each CPU sits; a CPU without topology files is taken to be package 0, die 0, and said so in {@code notes}. */
    static Map<Integer, CpuPlace> places(Path cpuDir, List<Integer> cpus, SysfsAccess sysfs, List<String> notes) {
        Map<Integer, CpuPlace> out = new LinkedHashMap<>();
        for (int cpu : cpus) {
            Path topo = cpuDir.resolve("cpu" + cpu).resolve("topology");
            int pkg;
            int die = 0;
            try {
                pkg = Integer.parseInt(sysfs.readAttribute(topo.resolve("physical_package_id")).trim());
            } catch (IOException | NumberFormatException e) {
                notes.add("cannot read " + topo.resolve("physical_package_id") + " (" + RaplFixes.message(e)
                        + "); cpu " + cpu + " is taken to be package " + out.size());
                pkg = out.size();
            }
            try {
                die = Integer.parseInt(sysfs.readAttribute(topo.resolve("die_id")).trim());
            } catch (IOException | NumberFormatException e) {
                // Kernels before 5.2 have no die_id: one die per package.
                die = 0;
            }
            out.put(cpu, new CpuPlace(cpu, pkg, die));
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (type %d, cpus %s)", name, type, cpus);
    }
}
