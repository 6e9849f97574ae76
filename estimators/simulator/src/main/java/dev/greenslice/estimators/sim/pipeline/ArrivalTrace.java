package dev.greenslice.estimators.sim.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Requests arriving per second, second by second: a recorded trace (see {@link #fromCsv(Path)}) or a
 * generated one (see {@link WorkloadShape#generate}).
 *
 * <p>Counts are non-negative numbers of requests in each one-second slot (fractional values are accepted
 * as rates). Immutable and thread-safe. Loading fails with an {@link IllegalArgumentException} naming the
 * file, the line and the fix.
 */
public final class ArrivalTrace {

    private final String name;
    private final double[] requests;

    private ArrivalTrace(String name, double[] requests) {
        this.name = name;
        this.requests = requests;
    }

    /**
     * A trace of the given per-second counts; the array is copied.
     *
     * @param name              what the trace is, for reports
     * @param requestsPerSecond requests in each second; at least one value, each finite and non-negative
     * @return the trace
     * @throws IllegalArgumentException for an empty trace or a negative, NaN or infinite value (naming its second)
     */
    public static ArrivalTrace of(String name, double... requestsPerSecond) {
        Objects.requireNonNull(name, "name");
        if (requestsPerSecond.length == 0) {
            throw new IllegalArgumentException("Trace '" + name + "' has no seconds; give at least one count");
        }
        for (int t = 0; t < requestsPerSecond.length; t++) {
            double v = requestsPerSecond[t];
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("Trace '" + name + "' second " + t + ": requests must be a finite, "
                        + "non-negative number, got " + v);
            }
        }
        return new ArrivalTrace(name, requestsPerSecond.clone());
    }

    /**
     * Loads a per-second trace from a CSV file: one line per second, either one column (requests in that
     * second) or two ({@code second,requests}, seconds 0, 1, 2, … in order). An optional header line (any
     * first line whose first field is not a number), blank lines and lines starting with {@code #} are
     * skipped.
     *
     * @param file the CSV file, UTF-8; the trace is named after it
     * @return the trace
     * @throws IllegalArgumentException naming the file and line for a malformed line, a negative count, a
     *                                  gap or disorder in the seconds, or a file with no data
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static ArrivalTrace fromCsv(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return fromCsv(in, file.toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("Arrival trace " + file + " is not UTF-8 text (a binary file?); give a"
                    + " CSV file with one count per second");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read arrival trace " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #fromCsv(Path)}, from a reader.
     *
     * @param csv  the CSV text; read to the end, not closed
     * @param name the trace's name, used in messages and reports
     * @return the trace
     * @throws IllegalArgumentException naming {@code name} and the line for a malformed line, a negative count or
     *                                  one above 1e9, a gap or disorder in the seconds, more than
     *                                  {@link WorkloadShape#MAX_SECONDS} seconds, or no data
     * @throws IOException              if reading fails
     */
    public static ArrivalTrace fromCsv(Reader csv, String name) throws IOException {
        BufferedReader in = new BufferedReader(csv);
        double[] values = new double[1024];
        int count = 0;
        int columns = 0;
        int lineNo = 0;
        boolean first = true;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] f = trimmed.split(",", -1);
            if (first) {
                first = false;
                if (!isNumber(f[0])) {
                    continue; // header
                }
            }
            if (columns == 0) {
                columns = f.length;
                if (columns > 2) {
                    throw new IllegalArgumentException(name + " line " + lineNo + ": expected one column (requests) or two "
                            + "(second,requests), got " + columns + " in '" + quote(trimmed) + "'");
                }
            } else if (f.length != columns) {
                throw new IllegalArgumentException(name + " line " + lineNo + ": expected " + columns + " column(s) like the "
                        + "lines before, got " + f.length + " in '" + quote(trimmed) + "'");
            }
            if (columns == 2) {
                double second = parse(f[0], "second", name, lineNo);
                if (second != count) {
                    throw new IllegalArgumentException(name + " line " + lineNo + ": expected second " + count + ", got '"
                            + quote(f[0].strip()) + "'; list every second from 0 in order, one per line");
                }
            }
            double v = parse(f[columns - 1], "requests", name, lineNo);
            if (v > WorkloadShape.MAX_PEAK_REQUESTS_PER_SECOND) {
                throw new IllegalArgumentException(name + " line " + lineNo + ": " + quote(f[columns - 1].strip())
                        + " requests in one second is more than the 1e9 a trace may hold; scale the trace down");
            }
            if (count == WorkloadShape.MAX_SECONDS) {
                throw new IllegalArgumentException(name + " line " + lineNo + ": the trace is longer than "
                        + WorkloadShape.MAX_SECONDS + " seconds (7 days); split it into shorter traces");
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = v;
        }
        if (count == 0) {
            throw new IllegalArgumentException(name + ": no data lines; give one line per second with the requests "
                    + "that arrived in it");
        }
        return new ArrivalTrace(name, Arrays.copyOf(values, count));
    }

    /** A user's text as a message quotes it: short, on one line. */
    private static String quote(String text) {
        String t = text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + " chars)" : text;
        return t.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double parse(String text, String column, String name, int line) {
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " line " + line + ": " + column + " '" + quote(text.strip())
                    + "' is not a number");
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " line " + line + ": " + column + " must be a finite, non-negative "
                    + "number, got '" + quote(text.strip()) + "'");
        }
        return v;
    }

    /** @return what the trace is */
    public String name() {
        return name;
    }

    /** @return its length in seconds */
    public int seconds() {
        return requests.length;
    }

    /**
     * The requests arriving in one second.
     *
     * @param second 0-based, below {@link #seconds()}
     * @return the count; it may be fractional (a rate rather than a count)
     * @throws ArrayIndexOutOfBoundsException for a second outside the trace
     */
    public double requestsAt(int second) {
        return requests[second];
    }

    /** @return a copy of the per-second counts */
    public double[] requestsPerSecond() {
        return requests.clone();
    }

    /** @return the total number of requests */
    public double totalRequests() {
        double sum = 0;
        for (double r : requests) {
            sum += r;
        }
        return sum;
    }

    /** @return the highest per-second count */
    public double peak() {
        double max = 0;
        for (double r : requests) {
            max = Math.max(max, r);
        }
        return max;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "ArrivalTrace[%s: %d s, %.0f requests, peak %.0f/s]", name,
                requests.length, totalRequests(), peak());
    }
}
