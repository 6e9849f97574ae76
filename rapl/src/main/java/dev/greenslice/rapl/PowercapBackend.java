package dev.greenslice.rapl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the RAPL zones of a Linux powercap tree and opens their {@code energy_uj} counters.
 *
 * <p>The root may be a {@code /sys/class/powercap}-like directory (zones as entries, possibly symlinks), a
 * {@code /sys/devices/virtual/powercap}-like directory (control-type directories holding the zones) or a
 * sysfs mount root (holding {@code class/powercap}). Sub-zones are found both flat and nested in their parent.
 * Zones are classified by their {@code name} file, never by their index. MMIO (and TPMI) zones that repeat an
 * MSR zone's package are dropped, as are per-die package zones that mirror each other (the same package
 * counter exposed once per die on AMD multi-die parts); both are said in the notes.
 */
final class PowercapBackend {

    /** Default location of the tree. */
    static final Path DEFAULT_ROOT = Path.of("/sys/class/powercap");

    /** The wrap range assumed, for the sampling period only, when a zone states none: 2^32 × 15.26 µJ. */
    static final double SMALLEST_KNOWN_RANGE_JOULES = 65536.0;

    private static final Pattern ZONE = Pattern.compile("(intel-rapl(?:-[a-z]+)?):(\\d+)(?::(\\d+))?");
    private static final Pattern CONTROL_TYPE = Pattern.compile("intel-rapl(?:-[a-z]+)?");
    private static final Pattern PACKAGE_NAME = Pattern.compile("package-(\\d+)(?:-die-(\\d+))?");
    private static final Pattern PSYS_NAME = Pattern.compile("psys-(\\d+)");
    private static final Pattern CONSTRAINT_MAX = Pattern.compile("constraint_(\\d+)_max_power_uw");
    private static final double TWO_TO_32_MINUS_1 = 4294967295.0;

    private PowercapBackend() {
    }

    /** A zone directory as found, before classification. */
    private record ZoneDir(String key, String controlType, int index, int subIndex, Path dir) {
        boolean isSubZone() {
            return subIndex >= 0;
        }

        String parentKey() {
            return controlType + ":" + index;
        }

        int controlTypeRank() {
            // MSR zones first; MMIO and TPMI zones repeat them on parts that have both.
            return switch (controlType) {
                case "intel-rapl" -> 0;
                case "intel-rapl-tpmi" -> 1;
                case "intel-rapl-mmio" -> 2;
                default -> 3;
            };
        }
    }

    /** A classified zone. */
    private static final class Zone {
        final ZoneDir dir;
        final String name;
        final ZoneKind kind;
        String socket;
        int packageNumber = -1;
        Zone(ZoneDir dir, String name, ZoneKind kind) {
            this.dir = dir;
            this.name = name;
            this.kind = kind;
        }
    }

    static BackendProbe probe(Path root, SysfsAccess sysfs, boolean includePsys) throws BackendUnavailableException {
        Path dir = root;
        if (Files.isDirectory(root.resolve("class").resolve("powercap"))) {
            dir = root.resolve("class").resolve("powercap");
        }
        if (!Files.isDirectory(dir)) {
            throw new BackendUnavailableException("no powercap tree at " + root + " (not a directory): " + RaplFixes.POWERCAP_MISSING);
        }
        List<String> notes = new ArrayList<>();
        Map<String, ZoneDir> found = new LinkedHashMap<>();
        try {
            List<Path> entries = list(dir);
            // Zones listed directly (as in /sys/class/powercap) first, so that their familiar paths are used.
            for (Path entry : entries) {
                if (ZONE.matcher(entry.getFileName().toString()).matches() && Files.isDirectory(entry)) {
                    addZone(found, entry);
                }
            }
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (CONTROL_TYPE.matcher(name).matches() && Files.isDirectory(entry)) {
                    for (Path child : list(entry)) {
                        if (ZONE.matcher(child.getFileName().toString()).matches() && Files.isDirectory(child)) {
                            addZone(found, child);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot list the powercap tree at " + dir + ": " + RaplFixes.message(e));
        }
        if (found.isEmpty()) {
            throw new BackendUnavailableException("no RAPL zones (intel-rapl:*) under " + dir + ": " + RaplFixes.POWERCAP_MISSING);
        }
        List<ZoneDir> ordered = new ArrayList<>(found.values());
        ordered.sort(Comparator.comparingInt(ZoneDir::controlTypeRank).thenComparingInt(ZoneDir::index)
                .thenComparingInt(ZoneDir::subIndex));

        // Classify every zone by its name file.
        Map<String, Zone> zones = new LinkedHashMap<>();
        for (ZoneDir z : ordered) {
            Path nameFile = z.dir().resolve("name");
            String name;
            try {
                name = sysfs.readAttribute(nameFile).trim();
            } catch (IOException e) {
                notes.add("skipped " + z.key() + ": cannot read its name file " + nameFile + " (" + RaplFixes.message(e) + ")");
                continue;
            }
            Optional<ZoneKind> kind = ZoneKind.ofZoneName(name);
            if (kind.isEmpty()) {
                notes.add("skipped " + z.key() + " named '" + name + "': not a RAPL domain GreenSlice knows"
                        + " (package-N, core, uncore, dram, psys)");
                continue;
            }
            zones.put(z.key(), new Zone(z, name, kind.get()));
        }

        // Label packages from their names; sub-zones take their parent package's label.
        List<Zone> kept = new ArrayList<>();
        for (Zone z : zones.values()) {
            if (z.kind == ZoneKind.PACKAGE) {
                if (z.dir.isSubZone()) {
                    notes.add("skipped " + z.dir.key() + " ('" + z.name + "'): a package zone nested in another zone");
                    continue;
                }
                Matcher m = PACKAGE_NAME.matcher(z.name.toLowerCase(Locale.ROOT));
                if (!m.matches()) {
                    throw new IllegalStateException("unreachable: " + z.name);
                }
                z.packageNumber = Integer.parseInt(m.group(1));
                z.socket = m.group(2) == null ? m.group(1) : m.group(1) + "-die-" + m.group(2);
                kept.add(z);
            } else if (z.kind == ZoneKind.PSYS) {
                if (z.dir.isSubZone()) {
                    notes.add("skipped " + z.dir.key() + " ('" + z.name + "'): a psys zone nested in another zone");
                    continue;
                }
                // rapl_init_domains names package N's platform zone psys-N for N > 0, plain psys for package 0.
                Matcher m = PSYS_NAME.matcher(z.name.toLowerCase(Locale.ROOT));
                z.socket = m.matches() ? m.group(1) : "";
                z.packageNumber = m.matches() ? Integer.parseInt(m.group(1)) : 0;
                kept.add(z);
            } else {
                if (!z.dir.isSubZone()) {
                    notes.add("skipped top-level zone " + z.dir.key() + " ('" + z.name
                            + "'): the package it belongs to cannot be told from its place in the tree");
                    continue;
                }
                Zone parent = zones.get(z.dir.parentKey());
                if (parent == null || parent.kind != ZoneKind.PACKAGE) {
                    notes.add("skipped " + z.dir.key() + " ('" + z.name + "'): its parent zone " + z.dir.parentKey()
                            + " is missing or not a package");
                    continue;
                }
                kept.add(z);
            }
        }
        for (Zone z : kept) {
            if (z.dir.isSubZone()) {
                Zone parent = zones.get(z.dir.parentKey());
                z.socket = parent.socket;
                z.packageNumber = parent.packageNumber;
            }
        }

        kept = dropDuplicatePackages(kept, notes);
        kept = mergeMirroredDies(kept, sysfs, notes);
        kept = dropDuplicateDomains(kept, notes);
        if (!includePsys) {
            for (Zone z : kept) {
                if (z.kind == ZoneKind.PSYS) {
                    notes.add("left out " + z.dir.key() + " (psys) as configured");
                }
            }
            kept.removeIf(z -> z.kind == ZoneKind.PSYS);
        }
        if (kept.isEmpty()) {
            throw new BackendUnavailableException("no usable RAPL zone under " + dir + ": " + String.join("; ", notes));
        }

        List<RaplCounter> counters = new ArrayList<>();
        for (Zone z : kept) {
            counters.add(counter(z, sysfs, notes));
        }
        return new BackendProbe(RaplBackend.POWERCAP, dir.toString(), counters, notes);
    }

    private static void addZone(Map<String, ZoneDir> found, Path zoneDir) throws IOException {
        String key = zoneDir.getFileName().toString();
        Matcher m = ZONE.matcher(key);
        if (!m.matches()) {
            return;
        }
        found.putIfAbsent(key, new ZoneDir(key, m.group(1), Integer.parseInt(m.group(2)),
                m.group(3) == null ? -1 : Integer.parseInt(m.group(3)), zoneDir));
        if (m.group(3) == null) {
            for (Path child : list(zoneDir)) {
                Matcher c = ZONE.matcher(child.getFileName().toString());
                if (c.matches() && c.group(3) != null && Files.isDirectory(child)) {
                    found.putIfAbsent(child.getFileName().toString(), new ZoneDir(child.getFileName().toString(),
                            c.group(1), Integer.parseInt(c.group(2)), Integer.parseInt(c.group(3)), child));
                }
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    /** Drops package zones (and their sub-zones) that repeat the same package under another control type (MMIO, TPMI). */
    private static List<Zone> dropDuplicatePackages(List<Zone> zones, List<String> notes) {
        Map<String, Zone> firstBySocket = new LinkedHashMap<>();
        List<String> droppedParents = new ArrayList<>();
        for (Zone z : zones) {
            if (z.kind != ZoneKind.PACKAGE) {
                continue;
            }
            Zone first = firstBySocket.putIfAbsent(z.socket, z);
            if (first != null) {
                notes.add(z.dir.key() + " ('" + z.name + "') repeats " + first.dir.key() + "'s package"
                        + (z.dir.controlType().equals(first.dir.controlType()) ? "" : " through the " + z.dir.controlType()
                        + " interface") + "; counted once, from " + first.dir.key());
                droppedParents.add(z.dir.key());
            }
        }
        List<Zone> out = new ArrayList<>();
        for (Zone z : zones) {
            boolean dropped = droppedParents.contains(z.dir.key())
                    || (z.dir.isSubZone() && droppedParents.contains(z.dir.parentKey()));
            if (!dropped) {
                out.add(z);
            }
        }
        return out;
    }

    /**
     * Where one package shows one zone per die, dies whose counters hold the same value at the same moment are
     * the same package counter (AMD multi-die parts): keep one, under the package's own label.
     */
    private static List<Zone> mergeMirroredDies(List<Zone> zones, SysfsAccess sysfs, List<String> notes) {
        Map<Integer, List<Zone>> diesByPackage = new LinkedHashMap<>();
        for (Zone z : zones) {
            if (z.kind == ZoneKind.PACKAGE && z.socket.contains("-die-")) {
                diesByPackage.computeIfAbsent(z.packageNumber, k -> new ArrayList<>()).add(z);
            }
        }
        List<String> mirrors = new ArrayList<>();
        Map<String, String> relabel = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Zone>> e : diesByPackage.entrySet()) {
            List<Zone> dies = e.getValue();
            if (dies.size() < 2) {
                continue;
            }
            long[] values = simultaneousValues(dies, sysfs);
            if (values == null) {
                notes.add("package " + e.getKey() + " shows " + dies.size() + " die zones whose energy could not be"
                        + " compared (unreadable or changing); each is reported on its own");
                continue;
            }
            List<Zone> distinct = new ArrayList<>();
            List<Long> distinctValues = new ArrayList<>();
            for (int i = 0; i < dies.size(); i++) {
                int same = distinctValues.indexOf(values[i]);
                if (same >= 0) {
                    mirrors.add(dies.get(i).dir.key());
                    notes.add(dies.get(i).dir.key() + " ('" + dies.get(i).name + "') mirrors "
                            + distinct.get(same).dir.key() + " ('" + distinct.get(same).name + "'): the same package"
                            + " counter exposed once per die; counted once");
                } else {
                    distinct.add(dies.get(i));
                    distinctValues.add(values[i]);
                }
            }
            if (distinct.size() == 1) {
                relabel.put(distinct.get(0).dir.key(), String.valueOf(e.getKey()));
            }
        }
        List<Zone> out = new ArrayList<>();
        for (Zone z : zones) {
            if (mirrors.contains(z.dir.key()) || (z.dir.isSubZone() && mirrors.contains(z.dir.parentKey()))) {
                continue;
            }
            String parentOrSelf = z.dir.isSubZone() ? z.dir.parentKey() : z.dir.key();
            if (relabel.containsKey(parentOrSelf)) {
                z.socket = relabel.get(parentOrSelf);
            }
            out.add(z);
        }
        return out;
    }

    /** Reads all dies' energy while the first die's value stays put; null if that never happens or a read fails. */
    private static long[] simultaneousValues(List<Zone> dies, SysfsAccess sysfs) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                long[] v = new long[dies.size()];
                for (int i = 0; i < dies.size(); i++) {
                    v[i] = Long.parseLong(sysfs.readAttribute(dies.get(i).dir.dir().resolve("energy_uj")).trim());
                }
                long again = Long.parseLong(sysfs.readAttribute(dies.get(0).dir.dir().resolve("energy_uj")).trim());
                if (again == v[0]) {
                    return v;
                }
            } catch (IOException | NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Keeps the first zone of any domain id that appears twice (two psys zones, say). */
    private static List<Zone> dropDuplicateDomains(List<Zone> zones, List<String> notes) {
        Map<String, Zone> byId = new LinkedHashMap<>();
        List<Zone> out = new ArrayList<>();
        for (Zone z : zones) {
            String id = domainId(z);
            Zone first = byId.putIfAbsent(id, z);
            if (first == null) {
                out.add(z);
            } else {
                notes.add(z.dir.key() + " ('" + z.name + "') repeats domain " + id + " of " + first.dir.key()
                        + "; counted once, from " + first.dir.key());
            }
        }
        return out;
    }

    private static String domainId(Zone z) {
        return RaplCounter.domainId(z.kind, z.socket);
    }

    private static RaplCounter counter(Zone z, SysfsAccess sysfs, List<String> notes) {
        Path energy = z.dir.dir().resolve("energy_uj");
        String note = "";
        long range = -1;
        Path rangeFile = z.dir.dir().resolve("max_energy_range_uj");
        try {
            String text = sysfs.readAttribute(rangeFile).trim();
            long r = Long.parseLong(text);
            if (r > 0) {
                range = r;
            } else {
                note = rangeFile + " is " + text;
            }
        } catch (NoSuchFileException e) {
            note = rangeFile + " is missing";
        } catch (AccessDeniedException e) {
            note = rangeFile + " is not readable";
        } catch (IOException | NumberFormatException e) {
            note = rangeFile + " cannot be read (" + RaplFixes.message(e) + ")";
        }
        if (range < 0) {
            note += ", so a wraparound cannot be corrected: a counter that goes back gives a dropped delta, and the"
                    + " sampling period assumes the smallest known RAPL range (65536 J)";
            notes.add(z.dir.key() + " (" + z.name + "): " + note);
        }
        double maxWatts = 0;
        String origin = "";
        try {
            for (Path f : list(z.dir.dir())) {
                Matcher m = CONSTRAINT_MAX.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                try {
                    double w = Long.parseLong(sysfs.readAttribute(f).trim()) / 1e6;
                    if (w > maxWatts) {
                        maxWatts = w;
                        origin = f.getFileName().toString();
                    }
                } catch (IOException | NumberFormatException e) {
                    // Many zones have constraint files that fail with ENODATA; they declare nothing.
                }
            }
        } catch (IOException e) {
            // The zone's directory could not be listed: no declared maximum.
        }
        if (!(maxWatts > 0)) {
            maxWatts = z.kind.assumedMaximumWatts();
            origin = "assumed for a " + z.kind.label() + " zone that declares no maximum power";
        }
        RawCounter counter = null;
        String failure = null;
        try {
            counter = sysfs.openCounter(energy);
        } catch (IOException e) {
            failure = RaplFixes.powercapReadFailure(e, energy.toString());
        }
        long wrap = range > 0 ? range + Math.round(range / TWO_TO_32_MINUS_1) : 0;
        return new RaplCounter(z.kind, z.socket, energy.toString(), counter, failure, 1e-6, wrap, range,
                maxWatts, origin, note);
    }
}
