package dev.greenslice.nvml;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A change to a GPU that a process made through GreenSlice and never restored, because it crashed or was killed
 * between change and restore: found in the restore journal on the next {@link Nvml#open}. Undo it with
 * {@link Nvml#restoreAbandoned(AbandonedChange)} or acknowledge it with {@link Nvml#discardAbandoned}.
 * Immutable.
 */
public final class AbandonedChange {
    private final Path journal;
    private final String deviceUuid;
    private final int deviceIndex;
    private final String deviceName;
    private final long pid;
    private final Instant written;
    private final List<String> changes;
    private final Map<String, String> entries;

    /**
     * An abandoned change as read from its journal; the list and map are copied.
     *
     * @param journal     the journal file
     * @param deviceUuid  the GPU's UUID
     * @param deviceIndex the GPU's NVML index when the change was made
     * @param deviceName  the GPU's product name
     * @param pid         the process that made the change
     * @param written     when the journal was last written (wall clock)
     * @param changes     one sentence per change still in force, e.g. {@code "SM clock locked to 1200-1410 MHz"}
     * @param entries     the journal's raw entries, from which the restore works
     * @throws NullPointerException if any argument but the index and pid is null, or holds a null
     */
    AbandonedChange(Path journal, String deviceUuid, int deviceIndex, String deviceName, long pid, Instant written,
            List<String> changes, Map<String, String> entries) {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(deviceUuid, "deviceUuid");
        Objects.requireNonNull(deviceName, "deviceName");
        Objects.requireNonNull(written, "written");
        changes = List.copyOf(changes);
        entries = Map.copyOf(entries);
        this.journal = journal;
        this.deviceUuid = deviceUuid;
        this.deviceIndex = deviceIndex;
        this.deviceName = deviceName;
        this.pid = pid;
        this.written = written;
        this.changes = changes;
        this.entries = entries;
    }

    /** @return one line for logs and the command line */
    public String message() {
        return "process " + pid + " changed gpu:" + deviceIndex + " (" + deviceName + ", " + deviceUuid + ") at "
                + written.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " and did not restore it: " + String.join("; ", changes) + " (journal " + journal
                + "). Undo it with Nvml.restoreAbandoned or acknowledge it with Nvml.discardAbandoned";
    }

    @Override
    public String toString() {
        return message();
    }

    /** @return the journal file */
    public Path journal() {
        return journal;
    }

    /** @return the GPU's UUID */
    public String deviceUuid() {
        return deviceUuid;
    }

    /** @return the GPU's NVML index when the change was made */
    public int deviceIndex() {
        return deviceIndex;
    }

    /** @return the GPU's product name */
    public String deviceName() {
        return deviceName;
    }

    /** @return the process that made the change */
    public long pid() {
        return pid;
    }

    /** @return when the journal was last written (wall clock) */
    public Instant written() {
        return written;
    }

    /** @return one sentence per change still in force, e.g. {@code "SM clock locked to 1200-1410 MHz"} */
    public List<String> changes() {
        return changes;
    }

    /** @return the journal's raw entries, from which the restore works */
    public Map<String, String> entries() {
        return entries;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof AbandonedChange)) {
            return false;
        }
        AbandonedChange o = (AbandonedChange) other;
        return Objects.equals(journal, o.journal)
                && Objects.equals(deviceUuid, o.deviceUuid)
                && deviceIndex == o.deviceIndex
                && Objects.equals(deviceName, o.deviceName)
                && pid == o.pid
                && Objects.equals(written, o.written)
                && Objects.equals(changes, o.changes)
                && Objects.equals(entries, o.entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(journal, deviceUuid, deviceIndex, deviceName, pid, written, changes, entries);
    }
}
