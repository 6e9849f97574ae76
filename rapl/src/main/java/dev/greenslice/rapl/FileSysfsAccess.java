package dev.greenslice.rapl;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@link SysfsAccess} on the real file system. Stateless and thread-safe. */
enum FileSysfsAccess implements SysfsAccess {
    INSTANCE;

    @Override
    public String readAttribute(Path file) throws IOException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String s = new String(bytes, StandardCharsets.US_ASCII);
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (AccessDeniedException | NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public RawCounter openCounter(Path file) throws IOException {
        return new SysfsCounterFile(file, open(file));
    }

    /**
     * Opens for reading, turning {@link FileNotFoundException} (which {@link RandomAccessFile} throws for every
     * failure) into the precise exception.
     */
    static RandomAccessFile open(Path file) throws IOException {
        try {
            return new RandomAccessFile(file.toFile(), "r");
        } catch (FileNotFoundException e) {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            String msg = e.getMessage() == null ? "" : e.getMessage();
            if (!Files.isReadable(file) || msg.contains("Permission denied") || msg.contains("Operation not permitted")) {
                throw new AccessDeniedException(file.toString(), null, msg.contains("Operation not permitted")
                        ? "operation not permitted" : "permission denied");
            }
            throw new IOException("cannot open " + file + ": " + msg, e);
        }
    }

    /**
     * A numeric sysfs attribute kept open and read again from offset 0 on every tick: sysfs regenerates the
     * value on each read at offset 0, and keeping the file open saves the open and close on the sampler's hot
     * path. {@link RandomAccessFile} rather than a {@code FileChannel}, because an interrupt on the reading
     * thread closes a channel for good.
     */
    static final class SysfsCounterFile implements RawCounter {
        private final Path path;
        private final RandomAccessFile file;
        private final byte[] buffer = new byte[32];

        SysfsCounterFile(Path path, RandomAccessFile file) {
            this.path = path;
            this.file = file;
        }

        @Override
        public long read() throws IOException {
            file.seek(0);
            int n = file.read(buffer, 0, buffer.length);
            if (n <= 0) {
                throw new IOException(path + " is empty");
            }
            return parseUnsigned(buffer, n, path);
        }

        @Override
        public void close() {
            try {
                file.close();
            } catch (IOException ignored) {
                // Closing a read-only sysfs file cannot lose data.
            }
        }
    }

    /** Parses ASCII decimal digits followed by an optional newline, without allocating. */
    static long parseUnsigned(byte[] b, int n, Path path) throws IOException {
        long v = 0;
        int i = 0;
        for (; i < n; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
                    throw new IOException(path + " holds a number too large for a counter: '"
                            + new String(b, 0, n, StandardCharsets.US_ASCII).trim() + "'");
                }
                v = v * 10 + (c - '0');
            } else {
                break;
            }
        }
        boolean rest = i < n && !(b[i] == '\n' && i == n - 1);
        if (i == 0 || rest) {
            throw new IOException(path + " does not hold an unsigned integer: '"
                    + new String(b, 0, n, StandardCharsets.US_ASCII).trim() + "'");
        }
        return v;
    }
}
