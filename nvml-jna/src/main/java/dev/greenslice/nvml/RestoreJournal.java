package dev.greenslice.nvml;

import dev.greenslice.carbon.Clock;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.security.SecureRandom;
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
 *
 * <p>The journal may be written by root (clock locks, MIG changes), so it never writes through a path another
 * user controls: the directory must be this user's own and private (created 0700; refused when another user owns
 * it, when group or others may write it, when it is a symbolic link, or when a directory above it can be changed by
 * another user), and every file operation is made relative to the opened directory (openat/renameat/unlinkat
 * through {@link SecureDirectoryStream} where the platform has it), with {@code CREATE_NEW} and
 * {@code NOFOLLOW_LINKS}, so that a link planted in the directory is never followed.
 */
final class RestoreJournal {

    static final String PREFIX = "nvml-restore-";
    static final String FORMAT = "greenslice-nvml-restore/1";
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final System.Logger LOG = System.getLogger(RestoreJournal.class.getName());

    private final Path directory;
    private final Clock clock;

    RestoreJournal(Path directory, Clock clock) {
        this.directory = directory.toAbsolutePath().normalize();
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
     * Writes the entries, adding the owner (pid, process start) and time: to a new temporary file created with
     * {@code CREATE_NEW} and {@code NOFOLLOW_LINKS} (mode 0600), then renamed over the journal file.
     *
     * @throws IOException if the directory cannot be created, is not private to this user, or cannot be written
     */
    void write(Path file, Map<String, String> entries) throws IOException {
        PrivateDirectory.ensure(directory);
        Properties p = new Properties();
        p.putAll(entries);
        p.setProperty("format", FORMAT);
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        p.setProperty("processStart", processStart(ProcessHandle.current()).map(Instant::toString).orElse("unknown"));
        p.setProperty("written", clock.wallTime().toString());
        StringWriter text = new StringWriter();
        p.store(text, "GreenSlice: GPU changes to restore; see dev.greenslice.nvml.Nvml#abandonedChanges");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Path name = name(file);
        Path tmp = name.resolveSibling(name + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        try (PrivateDirectory dir = PrivateDirectory.open(directory)) {
            try {
                dir.createNew(tmp, bytes);
                dir.rename(tmp, name);
            } catch (IOException | RuntimeException e) {
                try {
                    dir.delete(tmp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }

    /** Deletes a journal file of this directory (the link itself if it is one); nothing if it is gone. */
    void delete(Path file) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (PrivateDirectory dir = PrivateDirectory.open(directory)) {
            dir.delete(name(file));
        }
    }

    /** The file's name, refusing a path outside this journal's directory. */
    private Path name(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (abs.getParent() == null || !abs.getParent().equals(directory)) {
            throw new IllegalArgumentException("Journal file " + file + " is not in the journal directory " + directory);
        }
        return abs.getFileName();
    }

    /**
     * @return the journals whose process is gone, oldest first; unreadable files (and links or other files planted
     *         in the directory) are reported, not skipped. A directory that is not private to this user is not read
     *         at all (a warning says why; writing to it fails with the reason)
     */
    List<AbandonedChange> abandoned() {
        List<AbandonedChange> out = new ArrayList<>();
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (PrivateDirectory dir = PrivateDirectory.open(directory)) {
            for (Path name : dir.list(PREFIX + "*.properties")) {
                read(dir, name).ifPresent(out::add);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "GreenSlice did not read the restore journal: " + e.getMessage());
            return out;
        }
        out.sort((a, b) -> a.written().compareTo(b.written()));
        return out;
    }

    private Optional<AbandonedChange> read(PrivateDirectory dir, Path name) {
        Path file = directory.resolve(name);
        Properties p = new Properties();
        try {
            byte[] bytes = dir.readOwnFile(name, 1 << 16);
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
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
