package dev.greenslice.test.rapl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds fake Linux powercap trees in a folder, laid out as the kernel lays them out: the zones as real
 * directories under {@code devices/virtual/powercap/<control type>/} (sub-zones nested in their parent), and
 * {@code class/powercap/} holding relative symlinks to every zone and control type.
 *
 * <p>Counters follow the kernel's model of a RAPL counter: a 32-bit count of hardware energy units, shown in
 * {@code energy_uj} as {@code floor(count mod 2^32 × unit)} µJ, with {@code max_energy_range_uj} =
 * {@code floor((2^32 − 1) × unit)}. Files are rewritten in place, so open readers see new values.
 *
 * <pre>{@code
 * FakePowercapTree tree = FakePowercapTree.clientLaptop(tempDir);
 * try (RaplSensor rapl = RaplSensor.at(tree.powercapRoot())) {
 *     tree.zone("intel-rapl:0").addJoules(12.5);
 * }
 * }</pre>
 *
 * <p>Writes only under the folder it is given (a JUnit {@code @TempDir}, say); it never deletes it. Not
 * thread-safe: change it from one thread while sensors read it. I/O failures throw
 * {@link UncheckedIOException}; symbolic links need a file system that has them (Linux, macOS).
 */
public final class FakePowercapTree {

    /** Intel package and core unit: 2^-14 J = 61.03515625 µJ (ESU 14). */
    public static final double INTEL_UNIT_UJ = 1e6 / (1 << 14);
    /** AMD package unit and server DRAM unit on perf: 2^-16 J = 15.2587890625 µJ (ESU 16). */
    public static final double AMD_UNIT_UJ = 1e6 / (1 << 16);
    /** Intel server DRAM unit as the kernel hard-codes it: 15.3 µJ. */
    public static final double SERVER_DRAM_UNIT_UJ = 15.3;

    private final Path sysfsRoot;
    private final Map<String, Zone> zones = new LinkedHashMap<>();

    /**
     * An empty tree (no control type, no zone) in {@code folder}, which stands for the sysfs mount root.
     *
     * @param folder an existing or creatable directory the caller owns
     * @throws UncheckedIOException if the directories cannot be created
     */
    public FakePowercapTree(Path folder) {
        this.sysfsRoot = Objects.requireNonNull(folder, "folder");
        try {
            Files.createDirectories(classDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the {@code /sys/class/powercap}-like directory, what {@code RaplSensor.at} is usually given */
    public Path powercapRoot() {
        return classDir();
    }

    /** @return the folder standing for the sysfs mount root (holds {@code class/} and {@code devices/}) */
    public Path sysfsRoot() {
        return sysfsRoot;
    }

    /** @return the {@code /sys/devices/virtual/powercap}-like directory */
    public Path devicesRoot() {
        return sysfsRoot.resolve("devices/virtual/powercap");
    }

    private Path classDir() {
        return sysfsRoot.resolve("class/powercap");
    }

    /**
     * Adds a zone.
     *
     * @param key    e.g. {@code intel-rapl:0}, {@code intel-rapl:0:2}, {@code intel-rapl-mmio:0}
     * @param name   the {@code name} file
     * @param unitUj the hardware energy unit in µJ; sets {@code max_energy_range_uj}
     * @return the zone, its counter at 0
     * @throws IllegalArgumentException for a key not shaped {@code TYPE:N[:M]}, a name with a line break, or a unit
     *                                  that is not finite and above 0
     * @throws UncheckedIOException     if its files cannot be written (for instance, the zone exists already)
     */
    public Zone zone(String key, String name, double unitUj) {
        // The key becomes path names: only the kernel's shape, so that no key writes outside the folder.
        if (key == null || !key.matches("[a-z][a-z-]*:[0-9]{1,4}(:[0-9]{1,4})?")) {
            throw new IllegalArgumentException("A powercap zone key is CONTROLTYPE:N or CONTROLTYPE:N:M, e.g."
                    + " intel-rapl:0:2; got " + key);
        }
        if (name == null || name.indexOf('\n') >= 0 || !(unitUj > 0) || Double.isInfinite(unitUj)) {
            throw new IllegalArgumentException("A zone needs a one-line name and a finite energy unit above 0 uJ; got "
                    + name + " and " + unitUj);
        }
        String[] parts = key.split(":");
        String controlType = parts[0];
        Path dir = devicesRoot().resolve(controlType);
        if (parts.length == 3) {
            dir = dir.resolve(parts[0] + ":" + parts[1]);
        }
        dir = dir.resolve(key);
        try {
            Files.createDirectories(dir);
            Path typeLink = classDir().resolve(controlType);
            if (!Files.exists(typeLink, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(typeLink, classDir().relativize(devicesRoot().resolve(controlType)));
            }
            Files.createSymbolicLink(classDir().resolve(key), classDir().relativize(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Zone z = new Zone(key, dir, unitUj);
        z.write("name", name);
        z.write("enabled", "1");
        z.write("max_energy_range_uj", Long.toString((long) Math.floor(4294967295.0 * unitUj)));
        z.setTicks(0);
        zones.put(key, z);
        return z;
    }

    /**
     * A zone added before.
     *
     * @param key the zone's key, e.g. {@code intel-rapl:0}
     * @return the zone
     * @throws IllegalArgumentException if there is no such zone
     */
    public Zone zone(String key) {
        Zone z = zones.get(key);
        if (z == null) {
            throw new IllegalArgumentException("no zone " + key);
        }
        return z;
    }

    /** One zone's directory and counter, as its tree's methods; not thread-safe. */
    public final class Zone {
        private final String key;
        private final Path dir;
        private final double unitUj;
        private long ticks;
        private final List<Zone> mirrors = new ArrayList<>();

        private Zone(String key, Path dir, double unitUj) {
            this.key = key;
            this.dir = dir;
            this.unitUj = unitUj;
        }

        /** @return the zone's key, e.g. {@code intel-rapl:0:2} */
        public String key() {
            return key;
        }

        /** @return the zone's real directory, under {@link FakePowercapTree#devicesRoot()} */
        public Path directory() {
            return dir;
        }

        /** @return the hardware energy unit, in µJ */
        public double unitUj() {
            return unitUj;
        }

        /** @return the zone's {@code energy_uj} file */
        public Path energyFile() {
            return dir.resolve("energy_uj");
        }

        /**
         * Declares {@code constraint_N_max_power_uw}, {@code constraint_N_power_limit_uw} and the constraint's name.
         *
         * @param constraint     N, the constraint's number
         * @param constraintName e.g. {@code long_term}
         * @param watts          the maximum power and limit, in watts
         * @return this zone
         */
        public Zone maxPower(int constraint, String constraintName, double watts) {
            write("constraint_" + constraint + "_name", constraintName);
            write("constraint_" + constraint + "_max_power_uw", Long.toString(Math.round(watts * 1e6)));
            write("constraint_" + constraint + "_power_limit_uw", Long.toString(Math.round(watts * 1e6)));
            return this;
        }

        /**
         * Makes {@code other} show this zone's counter (AMD per-die zones of one package).
         *
         * @param other the zone that mirrors this one from now on
         * @return this zone
         */
        public Zone mirroredBy(Zone other) {
            mirrors.add(other);
            setTicks(ticks);
            return this;
        }

        /**
         * Sets the 32-bit hardware count (any long; it is shown modulo 2^32), in this zone and its mirrors.
         *
         * @param count the count of hardware energy units
         * @return this zone
         */
        public Zone setTicks(long count) {
            ticks = count;
            String shown = Long.toString((long) Math.floor((count & 0xFFFF_FFFFL) * unitUj));
            write("energy_uj", shown);
            for (Zone m : mirrors) {
                m.ticks = count;
                m.write("energy_uj", shown);
            }
            return this;
        }

        /** @return the hardware count last set, before the modulo */
        public long ticks() {
            return ticks;
        }

        /**
         * Adds energy as the hardware would: whole units.
         *
         * @param joules the energy to add; not negative
         * @return the joules actually added (whole units, so at most {@code joules})
         */
        public double addJoules(double joules) {
            long add = (long) Math.floor(joules * 1e6 / unitUj);
            setTicks(ticks + add);
            return add * unitUj / 1e6;
        }

        /**
         * Writes {@code energy_uj} directly, e.g. to fake a counter reset; the count is not changed.
         *
         * @param microjoules the value shown
         * @return this zone
         */
        public Zone energyUj(long microjoules) {
            write("energy_uj", Long.toString(microjoules));
            return this;
        }

        /**
         * Writes {@code max_energy_range_uj} as given, for tests of hostile or broken values.
         *
         * @param text the file's content, without the newline
         * @return this zone
         */
        public Zone maxEnergyRangeUj(String text) {
            write("max_energy_range_uj", text);
            return this;
        }

        /**
         * Deletes one of the zone's files, if it is there.
         *
         * @param file the file's name, e.g. {@code name}
         * @return this zone
         */
        public Zone remove(String file) {
            try {
                Files.deleteIfExists(dir.resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /**
         * Sets a file's permission bits, e.g. {@code ---------} for an unreadable counter (root reads it anyway).
         *
         * @param file        the file's name
         * @param permissions the bits as {@code ls} shows them
         * @return this zone
         */
        public Zone chmod(String file, String permissions) {
            try {
                Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString(permissions));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /**
         * Writes one of the zone's files in place (truncate and write), as sysfs keeps its files' inodes.
         *
         * @param file    the file's name
         * @param content its content, without the newline the kernel ends it with
         */
        public void write(String file, String content) {
            try {
                // In place (truncate and write), as sysfs files keep their inode: open readers see the new value.
                Files.write(dir.resolve(file), (content + "\n").getBytes(StandardCharsets.US_ASCII),
                        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---- Machines ----------------------------------------------------------------------------------------

    /**
     * A two-socket Intel server (Skylake-SP-like): {@code intel-rapl:0} package-0 (205 W) with DRAM at
     * {@code :0:0} (15.3 µJ units), the same for package-1, and psys at {@code intel-rapl:2}.
     *
     * @param folder the folder standing for the sysfs mount root
     * @return the tree
     */
    public static FakePowercapTree twoSocketServer(Path folder) {
        FakePowercapTree t = new FakePowercapTree(folder);
        for (int s = 0; s < 2; s++) {
            t.zone("intel-rapl:" + s, "package-" + s, INTEL_UNIT_UJ)
                    .maxPower(0, "long_term", 205).maxPower(1, "short_term", 246).setTicks(1_000_000L * (s + 1));
            t.zone("intel-rapl:" + s + ":0", "dram", SERVER_DRAM_UNIT_UJ).setTicks(500_000L * (s + 1));
        }
        t.zone("intel-rapl:2", "psys", INTEL_UNIT_UJ).maxPower(0, "long_term", 800).setTicks(7_000_000L);
        return t;
    }

    /**
     * A two-socket server whose packages each have a platform (psys) domain, named as the kernel's
     * {@code rapl_init_domains} names them: {@code psys} for package 0, {@code psys-1} for package 1 (at
     * {@code intel-rapl:2} and {@code intel-rapl:3}), each holding its own package and DRAM.
     *
     * @param folder the folder standing for the sysfs mount root
     * @return the tree
     */
    public static FakePowercapTree twoSocketServerWithPsysPerPackage(Path folder) {
        FakePowercapTree t = twoSocketServer(folder);
        t.zone("intel-rapl:3", "psys-1", INTEL_UNIT_UJ).maxPower(0, "long_term", 800).setTicks(8_000_000L);
        return t;
    }

    /**
     * A client laptop: package-0 (15 W) with core at {@code :0:0}, uncore at {@code :0:1} and DRAM at
     * {@code :0:2}, and psys at {@code intel-rapl:1}.
     *
     * @param folder the folder standing for the sysfs mount root
     * @return the tree
     */
    public static FakePowercapTree clientLaptop(Path folder) {
        FakePowercapTree t = new FakePowercapTree(folder);
        t.zone("intel-rapl:0", "package-0", INTEL_UNIT_UJ).maxPower(0, "long_term", 15).maxPower(1, "short_term", 25)
                .setTicks(3_000_000L);
        t.zone("intel-rapl:0:0", "core", INTEL_UNIT_UJ).setTicks(2_000_000L);
        t.zone("intel-rapl:0:1", "uncore", INTEL_UNIT_UJ).setTicks(100_000L);
        t.zone("intel-rapl:0:2", "dram", INTEL_UNIT_UJ).setTicks(400_000L);
        t.zone("intel-rapl:1", "psys", INTEL_UNIT_UJ).maxPower(0, "long_term", 60).setTicks(9_000_000L);
        return t;
    }

    /**
     * The client laptop plus {@code intel-rapl-mmio:0} package-0, the same package counter through MMIO.
     *
     * @param folder the folder standing for the sysfs mount root
     * @return the tree
     */
    public static FakePowercapTree laptopWithMmio(Path folder) {
        FakePowercapTree t = clientLaptop(folder);
        t.zone("intel-rapl-mmio:0", "package-0", INTEL_UNIT_UJ).maxPower(0, "long_term", 15)
                .setTicks(t.zone("intel-rapl:0").ticks());
        t.zone("intel-rapl:0").mirroredBy(t.zone("intel-rapl-mmio:0"));
        return t;
    }

    /**
     * A two-socket AMD EPYC with four dies per package, where the kernel makes one zone per die
     * ({@code package-N-die-M}) and every die of a package shows the same package counter; each die zone has
     * a core sub-zone that mirrors too.
     *
     * @param folder the folder standing for the sysfs mount root
     * @return the tree
     */
    public static FakePowercapTree amdEpycMirroredDies(Path folder) {
        FakePowercapTree t = new FakePowercapTree(folder);
        int index = 0;
        for (int pkg = 0; pkg < 2; pkg++) {
            Zone first = null;
            Zone firstCore = null;
            for (int die = 0; die < 4; die++, index++) {
                Zone z = t.zone("intel-rapl:" + index, "package-" + pkg + "-die-" + die, AMD_UNIT_UJ);
                Zone core = t.zone("intel-rapl:" + index + ":0", "core", AMD_UNIT_UJ);
                if (first == null) {
                    first = z;
                    firstCore = core;
                } else {
                    first.mirroredBy(z);
                    firstCore.mirroredBy(core);
                }
            }
            first.setTicks(40_000_000L + 1_000_000L * pkg);
            firstCore.setTicks(20_000_000L + 1_000_000L * pkg);
        }
        return t;
    }
}
