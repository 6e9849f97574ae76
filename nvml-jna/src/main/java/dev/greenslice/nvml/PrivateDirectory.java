package dev.greenslice.nvml;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A directory that only this user can change, opened once, with every file operation made relative to the open
 * directory ({@code openat}, {@code renameat}, {@code unlinkat} through {@link SecureDirectoryStream} where the
 * platform has it; plain paths with {@code NOFOLLOW_LINKS} elsewhere). Refuses a directory that is a symbolic link,
 * that another user owns, that group or others may write, or below a directory another user may change (a
 * world-writable directory with the sticky bit, such as {@code /tmp}, is safe to be below). Not thread-safe; close it.
 */
final class PrivateDirectory implements AutoCloseable {

    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final int ROOT = 0;

    private final Path dir;
    private final DirectoryStream<Path> stream;
    private final SecureDirectoryStream<Path> secure;

    private PrivateDirectory(Path dir, DirectoryStream<Path> stream) {
        this.dir = dir;
        this.stream = stream;
        this.secure = stream instanceof SecureDirectoryStream<Path> s ? s : null;
    }

    /**
     * Creates the directory if it is missing (mode 0700; missing parents with the process's default mode) and checks
     * it.
     *
     * @throws IOException if it cannot be created or is not private to this user, saying why
     */
    static void ensure(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = abs.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                if (POSIX) {
                    Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(abs);
                }
            } catch (FileAlreadyExistsException raced) {
                // someone made it meanwhile: the check below decides whether it can be used
            }
        }
        check(abs);
    }

    /**
     * Opens a directory that exists, after checking it.
     *
     * @throws IOException if it is not private to this user or cannot be opened
     */
    static PrivateDirectory open(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Object key = check(abs);
        DirectoryStream<Path> s = Files.newDirectoryStream(abs);
        try {
            if (s instanceof SecureDirectoryStream<Path> sds) {
                // The directory opened must be the one checked, not something swapped in since.
                Object opened = sds.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
                if (key != null && !key.equals(opened)) {
                    throw new IOException(abs + " changed while it was being opened; refusing to use it");
                }
            }
            return new PrivateDirectory(abs, s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** @return the directory's file key after checking it and the directories above it */
    static Object check(Path abs) throws IOException {
        BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            throw new IOException(abs + " is a symbolic link; the restore journal needs a real directory of its own"
                    + " (a link can be pointed elsewhere by whoever controls it)");
        }
        if (!a.isDirectory()) {
            throw new IOException(abs + " is not a directory");
        }
        if (UNIX) {
            int me = currentUid();
            int owner = (Integer) Files.getAttribute(abs, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(abs, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (owner != me) {
                throw new IOException(abs + " is owned by uid " + owner + ", not by this user (uid " + me + "), so"
                        + " another user could plant or swap files in it; remove it or use a directory of your own");
            }
            if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
                throw new IOException(abs + " can be written by group or others (mode "
                        + String.format(Locale.ROOT, "%04o", mode & 07777) + "); make it private (chmod 700)");
            }
            checkAncestors(abs, me);
            checkAncestors(abs.toRealPath(), me);
        }
        return a.fileKey();
    }

    /** Every directory above must be root's or this user's, and not writable by others unless sticky. */
    private static void checkAncestors(Path abs, int me) throws IOException {
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != ROOT && owner != me) {
                throw new IOException(p + ", above " + abs + ", is owned by uid " + owner + ", not by this user (uid "
                        + me + ") or root, so another user could replace what is below it; use a directory in one"
                        + " of your own");
            }
            if (Files.isSymbolicLink(p)) {
                continue; // a link's own mode means nothing; where it points is checked through the real path
            }
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & GROUP_OR_OTHER_WRITE) != 0 && (mode & STICKY) == 0) {
                throw new IOException(p + ", above " + abs + ", can be written by group or others (mode "
                        + String.format(Locale.ROOT, "%04o", mode & 07777) + ") without the sticky bit, so another"
                        + " user could replace what is below it; use a directory in one of your own");
            }
        }
    }

    /** The effective uid: the owner of {@code /proc/self} on Linux, else the owner of the home directory. */
    static int currentUid() throws IOException {
        Path self = Path.of("/proc/self");
        if (Files.isDirectory(self)) {
            return (Integer) Files.getAttribute(self, "unix:uid");
        }
        return (Integer) Files.getAttribute(Path.of(System.getProperty("user.home")), "unix:uid");
    }

    /** Creates {@code name} (which must not exist; a link is not followed) with mode 0600 and writes it. */
    void createNew(Path name, byte[] bytes) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        FileAttribute<?>[] attrs = POSIX
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel ch = secure != null ? secure.newByteChannel(name, options, attrs)
                : Files.newByteChannel(dir.resolve(name), options, attrs)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (ch instanceof FileChannel fc) {
                fc.force(true);
            }
        }
    }

    /** Renames {@code from} to {@code to} in this directory, replacing {@code to} (never following a link there). */
    void rename(Path from, Path to) throws IOException {
        if (secure != null) {
            secure.move(from, secure, to);
        } else {
            Files.move(dir.resolve(from), dir.resolve(to), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes {@code name} (a link itself, not its target); nothing if it does not exist. */
    void delete(Path name) throws IOException {
        try {
            if (secure != null) {
                secure.deleteFile(name);
            } else {
                Files.deleteIfExists(dir.resolve(name));
            }
        } catch (NoSuchFileException gone) {
            // nothing to delete
        }
    }

    /** @return the names in this directory matching a glob */
    List<Path> list(String glob) {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Path> out = new ArrayList<>();
        for (Path p : stream) {
            Path name = p.getFileName();
            if (m.matches(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Reads a regular file of this directory that this user owns, without following a link.
     *
     * @throws IOException naming what is wrong: a link, not a regular file, another owner, larger than {@code max}
     */
    byte[] readOwnFile(Path name, int max) throws IOException {
        BasicFileAttributes a = secure != null
                ? secure.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes()
                : Files.readAttributes(dir.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            throw new IOException("it is a symbolic link, not a journal written by GreenSlice");
        }
        if (!a.isRegularFile()) {
            throw new IOException("it is not a regular file");
        }
        if (a.size() > max) {
            throw new IOException("it is " + a.size() + " bytes, more than a journal can be (" + max + ")");
        }
        if (UNIX && secure == null) {
            int owner = (Integer) Files.getAttribute(dir.resolve(name), "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != currentUid()) {
                throw new IOException("it is owned by uid " + owner + ", not by this user");
            }
        } else if (secure != null && POSIX) {
            var posix = secure.getFileAttributeView(name, java.nio.file.attribute.PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            var mine = secure.getFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class).readAttributes();
            if (!Objects.equals(posix.owner(), mine.owner())) {
                throw new IOException("it is owned by " + posix.owner().getName() + ", not by this user");
            }
        }
        Set<OpenOption> read = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try (SeekableByteChannel ch = secure != null ? secure.newByteChannel(name, read)
                : Files.newByteChannel(dir.resolve(name), read)) {
            ByteBuffer b = ByteBuffer.allocate(max + 1);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // read to the end or past the bound
            }
            if (b.position() > max) {
                throw new IOException("it is larger than a journal can be (" + max + " bytes)");
            }
            byte[] out = new byte[b.position()];
            b.flip().get(out);
            return out;
        }
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
