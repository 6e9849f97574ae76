package dev.greenslice.samples.study;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a set of files into one folder without following links and all or nothing: each goes to a new temporary
 * name ({@code CREATE_NEW} with {@code NOFOLLOW_LINKS}, so nothing planted can be written through), and only when
 * every one is written are they renamed over their names (an atomic rename replaces a link there, never follows it).
 * If any write or rename fails, every temporary file and every file this call already put in place is removed, and
 * the error names the file, the cause and what was removed.
 */
final class ReportFiles {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private ReportFiles() {
    }

    static void writeAll(Path dir, Map<String, byte[]> files) {
        Map<String, Path> staged = new LinkedHashMap<>();
        List<Path> placed = new ArrayList<>();
        String current = null;
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                current = f.getKey();
                Path tmp = dir.resolve("." + f.getKey() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
                staged.put(f.getKey(), tmp);
                createNew(tmp, f.getValue());
            }
            for (Map.Entry<String, Path> s : staged.entrySet()) {
                current = s.getKey();
                Path target = dir.resolve(s.getKey());
                Files.move(s.getValue(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                placed.add(target);
            }
        } catch (IOException e) {
            List<String> removed = new ArrayList<>();
            for (Path p : staged.values()) {
                deleteQuietly(p);
            }
            for (Path p : placed) {
                if (deleteQuietly(p)) {
                    removed.add(p.getFileName().toString());
                }
            }
            throw new UncheckedIOException("Cannot write the report in " + dir + ": " + current + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + (removed.isEmpty() ? "; removed this run's temporary files, so the folder is as it was"
                    : "; removed what this run had written (" + String.join(", ", removed)
                    + " and the temporary files), so no partial report is left"), e);
        }
    }

    private static void createNew(Path file, byte[] bytes) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        FileAttribute<?>[] attrs = POSIX
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel ch = Files.newByteChannel(file, options, attrs)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (ch instanceof FileChannel fc) {
                fc.force(true); // a full disk shows here, not after the rename
            }
        }
    }

    private static boolean deleteQuietly(Path p) {
        try {
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            return false;
        }
    }
}
