package dev.greenslice.nvml;

import dev.greenslice.carbon.Clock;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The on-disk record of device changes not yet restored: one small properties file per device handle, written
 * (atomically: temp file, then rename) before each change and deleted once everything is restored. A file whose
 * process is gone is an {@link AbandonedChange}. Thread-safe; files are never shared between handles.
 */
final class RestoreJournal {

    static final String PREFIX = "nvml-restore-";
    static final String FORMAT = "greenslice-nvml-restore/1";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path directory;
    private final Clock clock;

    RestoreJournal(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    Path directory() {
        return directory;
    }

    /** @return a fresh file name for a handle of the device with this UUID in this process */
    Path newFile(String uuid) {
        String safe = uuid.replaceAll("[^A-Za-z0-9-]", "_");
        return directory.resolve(PREFIX + safe + "-" + ProcessHandle.current().pid() + "-"
                + SEQUENCE.incrementAndGet() + ".properties");
    }

    /**
     * Writes the entries, adding the owner (pid, process start) and time.
     *
     * @throws IOException if the directory cannot be created or written
     */
    void write(Path file, Map<String, String> entries) throws IOException {
        Files.createDirectories(directory);
        Properties p = new Properties();
        p.putAll(entries);
        p.setProperty("format", FORMAT);
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        p.setProperty("processStart", processStart(ProcessHandle.current()).map(Instant::toString).orElse("unknown"));
        p.setProperty("written", clock.wallTime().toString());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "GreenSlice: GPU changes to restore; see dev.greenslice.nvml.Nvml#abandonedChanges");
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    /** @return the journals whose process is gone, oldest first; unreadable files are reported, not skipped */
    List<AbandonedChange> abandoned() {
        List<AbandonedChange> out = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*.properties")) {
            for (Path f : files) {
                read(f).ifPresent(out::add);
            }
        } catch (IOException e) {
            return out;
        }
        out.sort((a, b) -> a.written().compareTo(b.written()));
        return out;
    }

    private Optional<AbandonedChange> read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(unreadable(file, "cannot read it: " + e.getMessage()));
        }
        Map<String, String> entries = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            entries.put(k, p.getProperty(k));
        }
        long pid;
        try {
            pid = Long.parseLong(entries.getOrDefault("pid", ""));
        } catch (NumberFormatException e) {
            return Optional.of(unreadable(file, "it names no owning process (pid=" + entries.get("pid") + ")"));
        }
        if (alive(pid, entries.getOrDefault("processStart", "unknown"))) {
            return Optional.empty();
        }
        Instant written;
        try {
            written = Instant.parse(entries.getOrDefault("written", ""));
        } catch (RuntimeException e) {
            written = Instant.EPOCH;
        }
        int index;
        try {
            index = Integer.parseInt(entries.getOrDefault("device.index", "-1"));
        } catch (NumberFormatException e) {
            index = -1;
        }
        return Optional.of(new AbandonedChange(file, entries.getOrDefault("device.uuid", "unknown"), index,
                entries.getOrDefault("device.name", "unknown GPU"), pid, written, DeviceChanges.describe(entries),
                entries));
    }

    private AbandonedChange unreadable(Path file, String why) {
        return new AbandonedChange(file, "unknown", -1, "unknown GPU", -1, Instant.EPOCH,
                List.of("unreadable restore journal " + file + ": " + why + "; inspect the GPU by hand "
                        + "(nvidia-smi) and delete the file"), Map.of());
    }

    /** A process is the journal's owner if its pid is alive and, where known, started at the same instant. */
    static boolean alive(long pid, String recordedStart) {
        Optional<ProcessHandle> ph = ProcessHandle.of(pid);
        if (ph.isEmpty() || !ph.get().isAlive()) {
            return false;
        }
        if ("unknown".equals(recordedStart)) {
            return true;
        }
        return processStart(ph.get()).map(s -> s.toString().equals(recordedStart)).orElse(true);
    }

    private static Optional<Instant> processStart(ProcessHandle ph) {
        return ph.info().startInstant();
    }
}
