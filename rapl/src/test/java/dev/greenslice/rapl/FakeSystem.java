package dev.greenslice.rapl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fake system root for the perf_event and MSR backends: {@code sys/bus/event_source/devices/power} as the
 * kernel's RAPL perf PMU describes itself (values recorded from real machines), CPU topology and
 * {@code /proc} files.
 */
final class FakeSystem {

    /** 2^-32 J, the scale of energy-pkg, energy-cores, energy-gpu and energy-psys as the kernel writes it. */
    static final String SCALE_2_POW_MINUS_32 = "2.3283064365386962890625e-10";
    /** 2^-16 J (15.2587890625 µJ), the scale of energy-ram as the kernel writes it on many servers. */
    static final String SCALE_2_POW_MINUS_16 = "1.52587890625e-05";

    final Path root;

    FakeSystem(Path root) {
        this.root = root;
    }

    Path pmu() {
        return root.resolve(PerfEventBackend.PMU_DIR);
    }

    FakeSystem write(String relative, String content) {
        try {
            Path p = root.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The power PMU with type {@code type} and {@code cpumask}. */
    FakeSystem powerPmu(int type, String cpumask) {
        write(PerfEventBackend.PMU_DIR + "/type", Integer.toString(type));
        write(PerfEventBackend.PMU_DIR + "/cpumask", cpumask);
        write(PerfEventBackend.PMU_DIR + "/format/event", "config:0-7");
        return this;
    }

    FakeSystem event(String name, String spec, String scale, String unit) {
        write(PerfEventBackend.PMU_DIR + "/events/" + name, spec);
        if (scale != null) {
            write(PerfEventBackend.PMU_DIR + "/events/" + name + ".scale", scale);
        }
        if (unit != null) {
            write(PerfEventBackend.PMU_DIR + "/events/" + name + ".unit", unit);
        }
        return this;
    }

    FakeSystem cpu(int cpu, int packageId, int dieId) {
        write("sys/devices/system/cpu/cpu" + cpu + "/topology/physical_package_id", Integer.toString(packageId));
        write("sys/devices/system/cpu/cpu" + cpu + "/topology/die_id", Integer.toString(dieId));
        return this;
    }

    FakeSystem paranoid(int level) {
        return write("proc/sys/kernel/perf_event_paranoid", Integer.toString(level));
    }

    FakeSystem cpuinfo(String vendor, int family, int model) {
        return write("proc/cpuinfo", "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: " + family
                + "\nmodel\t\t: " + model + "\nmodel name\t: recorded CPU\nflags\t\t: fpu vme\n\nprocessor\t: 1\nvendor_id\t: "
                + vendor + "\ncpu family\t: " + family + "\nmodel\t\t: " + model + "\n");
    }

    /**
     * A two-socket Intel server's power PMU (type 23, cpumask 0,28) with energy-pkg, energy-ram and
     * energy-psys; CPUs 0 and 28 on packages 0 and 1.
     */
    static FakeSystem twoSocketPerf(Path root) {
        return new FakeSystem(root).powerPmu(23, "0,28")
                .event("energy-pkg", "event=0x02", SCALE_2_POW_MINUS_32, "Joules")
                .event("energy-ram", "event=0x03", SCALE_2_POW_MINUS_16, "Joules")
                .event("energy-psys", "event=0x05", SCALE_2_POW_MINUS_32, "Joules")
                .cpu(0, 0, 0).cpu(1, 0, 0).cpu(28, 1, 0).paranoid(2);
    }
}
