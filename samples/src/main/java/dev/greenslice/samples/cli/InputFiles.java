package dev.greenslice.samples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a text file the user names, bounded in size and strictly UTF-8, with one-line messages that name the
 * file, what is wrong and the fix: never "Input length = 1" for a binary file or the bare path for an
 * unreadable one.
 */
final class InputFiles {

    /** How much of a user's value an error message quotes. */
    static final int QUOTE_CHARS = 60;

    private InputFiles() {
    }

    /**
     * Reads the whole file.
     *
     * @param file     the file
     * @param what     what it is, e.g. "workload file"
     * @param maxBytes the largest size accepted; a larger file (or an endless one such as /dev/zero) is refused
     * @param expected what the user should give instead, e.g. "a JSON workload file"
     * @return the text
     * @throws IllegalArgumentException naming the file, the problem and the fix
     */
    static String readText(Path file, String what, long maxBytes, String expected) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("The " + what + " " + file + " is a directory; give " + expected);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Read one byte past the limit to tell "exactly at the limit" from "larger".
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("The " + what + " " + file + " does not exist; check the path");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("The " + what + " " + file + " is not readable (permission denied);"
                    + " grant read access or copy it somewhere readable");
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the " + what + " " + file + ": " + reason(e, file));
        }
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException("The " + what + " " + file + " is larger than " + (maxBytes >> 20)
                    + " MiB; give " + expected);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            CharBuffer chars = utf8.decode(buffer);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("The " + what + " " + file + " is not UTF-8 text (bad byte at offset "
                    + buffer.position() + "; a binary file?); give " + expected);
        }
    }

    /** The I/O error's own words, without repeating the path that the message already names. */
    static String reason(IOException e, Path file) {
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.equals(file.toString())) {
            return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(java.util.Locale.ROOT);
        }
        return abbreviate(m.replace(file + ": ", ""));
    }

    /**
     * A user's value as an error message quotes it: at most {@link #QUOTE_CHARS} characters, on one line.
     *
     * @param text the value
     * @return the value, shortened with "…(N chars)" and with control characters shown as '?'
     */
    static String abbreviate(String text) {
        String one = text.length() > QUOTE_CHARS
                ? text.substring(0, QUOTE_CHARS) + "…(" + text.length() + " chars)" : text;
        StringBuilder b = new StringBuilder(one.length());
        for (int i = 0; i < one.length(); i++) {
            char c = one.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }

    /** The largest CSV a command hands to a library reader: 256 MiB, far above a year of per-second rows. */
    static final long MAX_CSV_BYTES = 256L << 20;

    /**
     * Checks a CSV file before a library reader streams it: a device such as /dev/zero or a FIFO would never
     * end and a huge file would exhaust memory before the reader could say what is wrong.
     *
     * @param file the file
     * @param what what it is, e.g. "intensity trace"
     * @return the file
     * @throws IllegalArgumentException naming the file, the problem and the fix
     */
    static Path requireCsv(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("The " + what + " " + file + " is a directory; give a CSV file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("The " + what + " " + file + " is not a regular file (a device or a"
                    + " pipe?); give a CSV file");
        }
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_CSV_BYTES) {
                throw new IllegalArgumentException("The " + what + " " + file + " is larger than "
                        + (MAX_CSV_BYTES >> 20) + " MiB; give a smaller CSV file");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the " + what + " " + file + ": " + reason(e, file));
        }
        return file;
    }
}
