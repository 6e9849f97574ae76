package dev.greenslice.rapl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the RAPL energy-status registers directly, on the lowest-numbered CPU of each package (of each die on
 * Intel parts with several dies per package, whose RAPL counters are die-scoped): Intel
 * {@code MSR_PKG_ENERGY_STATUS} 0x611, {@code MSR_PP0_ENERGY_STATUS} 0x639 (core), {@code MSR_PP1_ENERGY_STATUS}
 * 0x641 (uncore), {@code MSR_DRAM_ENERGY_STATUS} 0x619 and, once, {@code MSR_PLATFORM_ENERGY_STATUS} 0x64D
 * (psys); AMD and Hygon {@code 0xC001029B} (package). Units come from {@code MSR_RAPL_POWER_UNIT} (0x606,
 * AMD 0xC0010299) with the kernel's quirks: 15.3 µJ DRAM units on Intel servers from Haswell-X to Ice Lake-X,
 * 1 J psys units on Sapphire and Emerald Rapids, 2^ESU µJ on Silvermont Atoms. The counters are 32 bits wide
 * (only bits 31:0 are used, also where AMD documents 64) and wrap at 2^32 units.
 */
final class MsrBackend {

    static final long MSR_RAPL_POWER_UNIT = 0x606;
    static final long MSR_PKG_ENERGY_STATUS = 0x611;
    static final long MSR_PKG_POWER_INFO = 0x614;
    static final long MSR_DRAM_ENERGY_STATUS = 0x619;
    static final long MSR_DRAM_POWER_INFO = 0x61C;
    static final long MSR_PP0_ENERGY_STATUS = 0x639;
    static final long MSR_PP1_ENERGY_STATUS = 0x641;
    static final long MSR_PLATFORM_ENERGY_STATUS = 0x64D;
    static final long MSR_AMD_RAPL_POWER_UNIT = 0xC0010299L;
    static final long MSR_AMD_PKG_ENERGY_STATUS = 0xC001029BL;

    private static final long COUNTER_MASK = 0xFFFF_FFFFL;
    private static final Pattern CPU_DIR = Pattern.compile("cpu\\d+");

    private MsrBackend() {
    }

    private record Register(ZoneKind kind, long address, String name) {
    }

    static BackendProbe probe(Path systemRoot, SysfsAccess sysfs, MsrAccess msr, boolean includePsys)
            throws BackendUnavailableException {
        Path cpuinfoPath = systemRoot.resolve("proc/cpuinfo");
        CpuIdentity cpu;
        try {
            cpu = CpuIdentity.parse(sysfs.readAttribute(cpuinfoPath), cpuinfoPath.toString());
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot tell the CPU vendor and model from " + cpuinfoPath + ": " + RaplFixes.message(e));
        }
        if (!cpu.isIntel() && !cpu.isAmdLike()) {
            throw new BackendUnavailableException("the CPU (" + cpu + ") has no RAPL MSRs GreenSlice knows (Intel, AMD and Hygon only)");
        }
        List<String> notes = new ArrayList<>();
        // Intel's RAPL counters are die-scoped (multi-die parts such as Cascade Lake-AP have a set per die), AMD's
        // are per package: read the first CPU of each die, or of each package.
        Map<String, Integer> firstCpuOfPackage = packages(systemRoot.resolve("sys/devices/system/cpu"), sysfs, notes,
                cpu.isIntel());

        List<RaplCounter> counters = new ArrayList<>();
        boolean psysDone = !includePsys || !cpu.isIntel();
        for (Map.Entry<String, Integer> p : firstCpuOfPackage.entrySet()) {
            String socket = p.getKey();
            int c = p.getValue();
            String device = systemRoot.resolve("dev/cpu/" + c + "/msr").toString();
            long unitRegister = cpu.isIntel() ? MSR_RAPL_POWER_UNIT : MSR_AMD_RAPL_POWER_UNIT;
            long packageRegister = cpu.isIntel() ? MSR_PKG_ENERGY_STATUS : MSR_AMD_PKG_ENERGY_STATUS;
            String packageSource = source(device, packageRegister, cpu.isIntel() ? "MSR_PKG_ENERGY_STATUS" : "MSR_AMD_PKG_ENERGY_STATUS");
            RaplUnits units;
            List<Register> registers = new ArrayList<>();
            double packageWatts = 0;
            double dramWatts = 0;
            try (MsrAccess.Registers regs = msr.open(c)) {
                try {
                    units = RaplUnits.decode(regs.read(unitRegister));
                } catch (IOException e) {
                    counters.add(failed(ZoneKind.PACKAGE, socket, packageSource, "cannot read the RAPL unit register 0x"
                            + Long.toHexString(unitRegister) + " from " + device + " (" + RaplFixes.message(e)
                            + "): the CPU does not implement RAPL or the hypervisor hides it"));
                    continue;
                }
                if (cpu.isIntel()) {
                    registers.add(new Register(ZoneKind.PACKAGE, MSR_PKG_ENERGY_STATUS, "MSR_PKG_ENERGY_STATUS"));
                    registers.add(new Register(ZoneKind.CORE, MSR_PP0_ENERGY_STATUS, "MSR_PP0_ENERGY_STATUS"));
                    registers.add(new Register(ZoneKind.UNCORE, MSR_PP1_ENERGY_STATUS, "MSR_PP1_ENERGY_STATUS"));
                    registers.add(new Register(ZoneKind.DRAM, MSR_DRAM_ENERGY_STATUS, "MSR_DRAM_ENERGY_STATUS"));
                    if (!psysDone) {
                        registers.add(new Register(ZoneKind.PSYS, MSR_PLATFORM_ENERGY_STATUS, "MSR_PLATFORM_ENERGY_STATUS"));
                        psysDone = true;
                    }
                    packageWatts = powerInfoWatts(regs, MSR_PKG_POWER_INFO, units);
                    dramWatts = powerInfoWatts(regs, MSR_DRAM_POWER_INFO, units);
                } else {
                    registers.add(new Register(ZoneKind.PACKAGE, MSR_AMD_PKG_ENERGY_STATUS, "MSR_AMD_PKG_ENERGY_STATUS"));
                }
                // Keep only the registers this CPU implements: a register that faults, or reads 0 before any
                // work, is not there (the kernel's own probe skips such domains too). The package is always kept.
                List<Register> present = new ArrayList<>();
                for (Register r : registers) {
                    try {
                        long v = regs.read(r.address()) & COUNTER_MASK;
                        if (v == 0 && r.kind() != ZoneKind.PACKAGE) {
                            notes.add(r.name() + " on cpu " + c + " reads 0: the " + r.kind().label() + " domain is not implemented; left out");
                            continue;
                        }
                        present.add(r);
                    } catch (IOException e) {
                        if (r.kind() == ZoneKind.PACKAGE) {
                            present.add(r);
                        } else {
                            notes.add(r.name() + " (0x" + Long.toHexString(r.address()) + ") cannot be read on cpu " + c
                                    + " (" + RaplFixes.message(e) + "): the " + r.kind().label() + " domain is not implemented; left out");
                        }
                    }
                }
                registers = present;
            } catch (IOException e) {
                counters.add(failed(ZoneKind.PACKAGE, socket, packageSource, openFailure(device, e)));
                continue;
            }
            for (Register r : registers) {
                double joulesPerUnit = units.energyJoules();
                String note = "";
                if (cpu.atomEnergyUnits()) {
                    joulesPerUnit = Math.scalb(1e-6, units.energyStatusUnit());
                    note = "Silvermont energy unit 2^ESU uJ";
                } else if (r.kind() == ZoneKind.DRAM && cpu.dramUnitIs15_3MicroJoules()) {
                    joulesPerUnit = 15.3e-6;
                    note = "server DRAM unit 15.3 uJ";
                } else if (r.kind() == ZoneKind.PSYS && cpu.psysUnitIsOneJoule()) {
                    joulesPerUnit = 1.0;
                    note = "psys unit 1 J";
                }
                double maxWatts = r.kind() == ZoneKind.PACKAGE ? packageWatts : r.kind() == ZoneKind.DRAM ? dramWatts : 0;
                String origin = r.kind() == ZoneKind.PACKAGE ? "MSR_PKG_POWER_INFO thermal spec power"
                        : "MSR_DRAM_POWER_INFO thermal spec power";
                if (!(maxWatts > 0)) {
                    maxWatts = r.kind().assumedMaximumWatts();
                    origin = "assumed for a " + r.kind().label() + " zone that declares no maximum power";
                }
                String src = source(device, r.address(), r.name());
                RawCounter counter = null;
                String failure = null;
                try {
                    counter = new MsrCounter(msr.open(c), r.address());
                } catch (IOException e) {
                    failure = openFailure(device, e);
                }
                counters.add(new RaplCounter(r.kind(), r.kind() == ZoneKind.PSYS ? "" : socket, src, counter, failure,
                        joulesPerUnit, 1L << 32, COUNTER_MASK, maxWatts, origin, note));
            }
        }
        return new BackendProbe(RaplBackend.MSR, systemRoot.resolve("dev/cpu").toString(), counters, notes);
    }

    private static String source(String device, long register, String name) {
        return String.format(Locale.ROOT, "%s register 0x%X (%s)", device, register, name);
    }

    private static RaplCounter failed(ZoneKind kind, String socket, String source, String failure) {
        return new RaplCounter(kind, socket, source, null, failure, 1, 1L << 32, COUNTER_MASK,
                kind.assumedMaximumWatts(), "assumed for a " + kind.label() + " zone that declares no maximum power", "");
    }

    /** Bits 14:0 of a *_POWER_INFO register: the thermal spec power, in power units; 0 if unreadable. */
    private static double powerInfoWatts(MsrAccess.Registers regs, long register, RaplUnits units) {
        try {
            return (regs.read(register) & 0x7FFF) * units.powerWatts();
        } catch (IOException e) {
            return 0;
        }
    }

    static String openFailure(String device, IOException e) {
        if (e instanceof NoSuchFileException) {
            return device + " does not exist: " + RaplFixes.MSR_MISSING;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied opening " + device + ": " + RaplFixes.MSR_PERMISSION;
        }
        return "cannot open " + device + ": " + RaplFixes.message(e);
    }

    /**
     * The lowest-numbered CPU of each package (or of each die, where {@code perDie} and a package has several),
     * by package label: {@code N}, or {@code N-die-M}.
     */
    private static Map<String, Integer> packages(Path cpuDir, SysfsAccess sysfs, List<String> notes, boolean perDie) {
        List<Integer> cpus = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(cpuDir)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (CPU_DIR.matcher(n).matches()) {
                    cpus.add(Integer.parseInt(n.substring(3)));
                }
            }
        } catch (IOException e) {
            // handled below
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        if (cpus.isEmpty()) {
            notes.add("no CPU topology under " + cpuDir + "; reading cpu 0 as package 0 only");
            out.put("0", 0);
            return out;
        }
        cpus.sort(Integer::compare);
        // package -> die -> first CPU, both in ascending order
        Map<Integer, Map<Integer, Integer>> dies = new TreeMap<>();
        for (PerfPmu.CpuPlace place : PerfPmu.places(cpuDir, cpus, sysfs, notes).values()) {
            dies.computeIfAbsent(place.packageId(), k -> new TreeMap<>())
                    .merge(perDie ? place.dieId() : 0, place.cpu(), Math::min);
        }
        for (Map.Entry<Integer, Map<Integer, Integer>> p : dies.entrySet()) {
            for (Map.Entry<Integer, Integer> d : p.getValue().entrySet()) {
                out.put(p.getValue().size() > 1 ? p.getKey() + "-die-" + d.getKey() : String.valueOf(p.getKey()),
                        d.getValue());
            }
        }
        return out;
    }

    /** One register of one CPU, kept open. */
    static final class MsrCounter implements RawCounter {
        private final MsrAccess.Registers registers;
        private final long register;

        MsrCounter(MsrAccess.Registers registers, long register) {
            this.registers = registers;
            this.register = register;
        }

        @Override
        public long read() throws IOException {
            return registers.read(register) & COUNTER_MASK;
        }

        @Override
        public void close() {
            registers.close();
        }
    }
}
