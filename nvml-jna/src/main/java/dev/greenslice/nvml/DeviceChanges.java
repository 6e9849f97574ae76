package dev.greenslice.nvml;

import dev.greenslice.carbon.gpu.GpuDeviceException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one device handle has changed and must restore: locked clocks, the power limit it replaced, the MIG
 * instances it replaced. Each change is journaled before it is made ({@link #persist}); the journal is deleted
 * when nothing is left to restore. Not thread-safe: the owning {@link NvmlDevice} guards it with its lock.
 */
final class DeviceChanges {

    static final String CLOCKS_LOCKED = "clocks.locked";
    static final String POWER_ORIGINAL = "powerLimit.originalMw";
    static final String POWER_SET = "powerLimit.setMw";
    static final String MIG_ORIGINAL = "mig.original";
    static final String MIG_APPLIED = "mig.applied";

    private final RestoreJournal journal;
    private final String deviceId;
    private final Map<String, String> identity;
    private Path file;

    int lockMinMhz = -1;
    int lockMaxMhz = -1;
    long originalPowerLimitMw = -1;
    long setPowerLimitMw = -1;
    MigSnapshot originalMig;
    MigSnapshot appliedMig;

    DeviceChanges(RestoreJournal journal, String deviceId, int index, String uuid, String name, String pciBusId) {
        this.journal = journal;
        this.deviceId = deviceId;
        this.identity = new LinkedHashMap<>();
        identity.put("device.uuid", uuid);
        identity.put("device.index", Integer.toString(index));
        identity.put("device.name", name);
        identity.put("device.pciBusId", pciBusId);
    }

    /** Takes over a journal another process left, so that restoring it works as for this handle's changes. */
    void adopt(Path abandonedFile, Map<String, String> entries) {
        this.file = abandonedFile;
        String locked = entries.get(CLOCKS_LOCKED);
        if (locked != null) {
            String[] mm = locked.split("-");
            lockMinMhz = Integer.parseInt(mm[0].trim());
            lockMaxMhz = Integer.parseInt(mm[1].trim());
        }
        if (entries.containsKey(POWER_ORIGINAL)) {
            originalPowerLimitMw = Long.parseLong(entries.get(POWER_ORIGINAL).trim());
            setPowerLimitMw = Long.parseLong(entries.getOrDefault(POWER_SET, "-1").trim());
        }
        if (entries.containsKey(MIG_ORIGINAL)) {
            originalMig = MigSnapshot.decode(entries.get(MIG_ORIGINAL));
            appliedMig = entries.containsKey(MIG_APPLIED) ? MigSnapshot.decode(entries.get(MIG_APPLIED)) : null;
        }
    }

    boolean clocksLocked() {
        return lockMinMhz >= 0;
    }

    boolean powerLimitChanged() {
        return originalPowerLimitMw >= 0;
    }

    boolean migChanged() {
        return originalMig != null;
    }

    boolean isEmpty() {
        return !clocksLocked() && !powerLimitChanged() && !migChanged();
    }

    Map<String, String> entries() {
        Map<String, String> e = new LinkedHashMap<>(identity);
        if (clocksLocked()) {
            e.put(CLOCKS_LOCKED, lockMinMhz + "-" + lockMaxMhz);
        }
        if (powerLimitChanged()) {
            e.put(POWER_ORIGINAL, Long.toString(originalPowerLimitMw));
            e.put(POWER_SET, Long.toString(setPowerLimitMw));
        }
        if (migChanged()) {
            e.put(MIG_ORIGINAL, originalMig.encode());
            if (appliedMig != null) {
                e.put(MIG_APPLIED, appliedMig.encode());
            }
        }
        return e;
    }

    /**
     * Writes the journal (or deletes it when nothing is left to restore).
     *
     * @throws GpuDeviceException FAILED naming the directory if it cannot be written: a change that cannot be
     *                            journaled is not made
     */
    void persist(String operation) {
        try {
            if (isEmpty()) {
                if (file != null) {
                    journal.delete(file);
                    file = null;
                }
                return;
            }
            if (file == null) {
                file = journal.newFile(identity.get("device.uuid"));
            }
            journal.write(file, entries());
        } catch (IOException e) {
            throw new GpuDeviceException(deviceId, operation, GpuDeviceException.Reason.FAILED,
                    "cannot write the restore journal in " + journal.directory() + " (" + e.getMessage()
                            + "), so the change was not made; set -D" + NvmlOptions.JOURNAL_PROPERTY
                            + " or NvmlOptions.withJournalDirectory to a writable directory private to this user", e);
        }
    }

    Path file() {
        return file;
    }

    List<String> describe() {
        return describe(entries());
    }

    /** @return one sentence per change recorded in journal entries */
    static List<String> describe(Map<String, String> entries) {
        List<String> out = new ArrayList<>();
        if (entries.containsKey(CLOCKS_LOCKED)) {
            out.add("SM clock locked to " + entries.get(CLOCKS_LOCKED) + " MHz (restore: reset the locked clocks)");
        }
        if (entries.containsKey(POWER_ORIGINAL)) {
            out.add("power limit set to " + milliwattsText(entries.get(POWER_SET)) + " (restore: "
                    + milliwattsText(entries.get(POWER_ORIGINAL)) + ")");
        }
        if (entries.containsKey(MIG_ORIGINAL)) {
            String applied = entries.containsKey(MIG_APPLIED)
                    ? MigSnapshot.decode(entries.get(MIG_APPLIED)).describe() : "unknown";
            out.add("MIG instances changed to " + applied + " (restore: "
                    + MigSnapshot.decode(entries.get(MIG_ORIGINAL)).describe() + ")");
        }
        if (out.isEmpty()) {
            out.add("no changes recorded");
        }
        return out;
    }

    private static String milliwattsText(String mw) {
        try {
            return Long.parseLong(mw.trim()) / 1000.0 + " W";
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
