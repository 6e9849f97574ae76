package dev.greenslice.kubernetes;

import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.plan.PlannedGpu;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What mig-parted applies to one node: entries of consecutive device indices sharing one MIG state (MIG disabled,
 * or enabled with the same profile counts), and the configuration's name, derived from that content so that two
 * nodes with one layout share one configuration and a re-run names it the same.
 */
final class NodeLayout {

    /** One mig-parted entry: devices, MIG mode, and instance counts by profile name (empty with MIG disabled). */
    record Entry(List<Integer> devices, boolean migEnabled, SortedMap<String, Integer> migDevices) {
    }

    private NodeLayout() {
    }

    static SortedMap<String, Integer> profileCounts(PlannedGpu g) {
        SortedMap<String, Integer> counts = new TreeMap<>();
        if (g.migEnabled()) {
            for (MigInstance i : g.layout().instances()) {
                counts.merge(i.profile().name(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The sort key that puts GPUs of one MIG state together. */
    static String signature(PlannedGpu g) {
        return g.migEnabled() ? "mig " + profileCounts(g) : "whole";
    }

    static List<Entry> entries(List<PlannedGpu> gpus) {
        List<Entry> out = new ArrayList<>();
        for (int d = 0; d < gpus.size(); d++) {
            PlannedGpu g = gpus.get(d);
            SortedMap<String, Integer> counts = profileCounts(g);
            Entry last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.migEnabled() == g.migEnabled() && last.migDevices().equals(counts)) {
                List<Integer> devices = new ArrayList<>(last.devices());
                devices.add(d);
                out.set(out.size() - 1, new Entry(List.copyOf(devices), last.migEnabled(), last.migDevices()));
            } else {
                out.add(new Entry(List.of(d), g.migEnabled(), counts));
            }
        }
        return out;
    }

    /** {@code greenslice-} and 10 hex digits of the SHA-256 of the entries' canonical text. */
    static String configName(List<Entry> entries) {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append(e.devices()).append(e.migEnabled()).append(e.migDevices()).append(';');
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return "greenslice-" + HexFormat.of().formatHex(h, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
