package dev.greenslice.kubernetes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Writes a set of files into one directory all or nothing, without following a symbolic link planted there.
 *
 * <p>Each file is written to a new, randomly named file in the directory (created exclusively: an existing file or
 * link of that name makes the creation fail instead of being followed), forced to disk, and then renamed over its
 * target in one atomic step, which replaces a link at the target rather than writing through it. A target that
 * existed is first kept under a hard link; if any step fails, the files this call wrote are removed, the earlier
 * ones put back, and the error thrown: the directory ends as it was. The directory itself is created when missing
 * (its parents too); a file name must be a plain name, not a path.
 *
 * <p>Stateless and thread-safe; two calls writing into one directory at once leave one call's file at each name.
 */
public final class ManifestFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ManifestFiles() {
    }

    /**
     * Writes the files.
     *
     * @param directory where to write; created if missing
     * @param files     contents by plain file name
     * @return the paths written, in name order
     * @throws IllegalArgumentException for a file name that is not a plain name, or a directory path that is not a
     *                                  directory
     * @throws IOException              if writing fails (after removing whatever this call wrote)
     */
    public static List<Path> write(Path directory, SortedMap<String, byte[]> files) throws IOException {
        Objects.requireNonNull(directory, "directory");
        for (String name : files.keySet()) {
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")
                    || name.contains("\0")) {
                throw new IllegalArgumentException("File name '" + name + "' is not a plain file name");
            }
        }
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("Output directory " + directory + " exists and is not a directory");
        }
        Files.createDirectories(directory);
        Map<Path, Path> staged = new LinkedHashMap<>();   // target -> temporary
        Map<Path, Path> kept = new LinkedHashMap<>();     // target -> hard link to its earlier content
        List<Path> moved = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = directory.resolve(f.getKey());
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(target + " is a directory; remove it or write elsewhere");
                }
                Path tmp = create(directory, ".tmp");
                staged.put(target, tmp);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(f.getValue());
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
            }
            for (Path target : staged.keySet()) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Path keep = name(directory, ".old");
                    // link(2) links the entry itself, a symbolic link included, never what it points to.
                    Files.createLink(keep, target);
                    kept.put(target, keep);
                }
            }
            for (Map.Entry<Path, Path> s : staged.entrySet()) {
                move(s.getValue(), s.getKey());
                moved.add(s.getKey());
            }
        } catch (IOException | RuntimeException e) {
            for (Path target : moved) {
                Path keep = kept.get(target);
                try {
                    if (keep != null) {
                        move(keep, target);
                    } else {
                        Files.deleteIfExists(target);
                    }
                } catch (IOException | RuntimeException r) {
                    e.addSuppressed(r);
                }
            }
            for (Path p : staged.values()) {
                deleteQuietly(p, e);
            }
            for (Path p : kept.values()) {
                deleteQuietly(p, e);
            }
            throw e;
        }
        for (Path p : kept.values()) {
            Files.deleteIfExists(p);
        }
        return List.copyOf(staged.keySet());
    }

    private static void deleteQuietly(Path p, Exception into) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException r) {
            into.addSuppressed(r);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " in one step on this file system", e);
        }
    }

    /** Creates a new file of a random name (fails, rather than follows, if that name exists). */
    private static Path create(Path directory, String suffix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = name(directory, suffix);
            try {
                Files.createFile(p);
                return p;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 16) {
                    throw e;
                }
            }
        }
    }

    private static Path name(Path directory, String suffix) {
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        return directory.resolve(".greenslice-" + HexFormat.of().formatHex(r) + suffix);
    }

}
