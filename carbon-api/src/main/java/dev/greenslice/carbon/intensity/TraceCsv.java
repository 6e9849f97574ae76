package dev.greenslice.carbon.intensity;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads an intensity trace from CSV: the Electricity Maps export layout or the plain two-column layout. Every
 * problem is reported with the input's name and line, and what to do about it.
 */
final class TraceCsv {

    static final String EM_DATETIME = "Datetime (UTC)";
    static final String EM_LCA = "Carbon Intensity gCO₂eq/kWh (LCA)";
    static final String EM_DIRECT = "Carbon Intensity gCO₂eq/kWh (direct)";
    static final String EM_ZONE = "Zone Id";
    static final String EM_ESTIMATED = "Data Estimated";
    static final String EM_METHOD = "Data Estimation Method";
    static final String PLAIN_TIME = "timestamp";
    static final String PLAIN_VALUE = "carbon_intensity_g_per_kwh";

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final DateTimeFormatter EM_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm[:ss][.SSS]", Locale.ROOT);

    private TraceCsv() {
    }

    static IntensityTrace read(Reader reader, String name, IntensityBasis basis) {
        try (BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader)) {
            return parse(in, name, basis);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Intensity trace " + name + " is not UTF-8 text (a binary file?);"
                    + " give a CSV file: an Electricity Maps export or " + PLAIN_TIME + "," + PLAIN_VALUE + " rows");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read intensity trace " + name + ": " + e.getMessage()
                    + "; check that it exists and is readable", e);
        }
    }

    private static IntensityTrace parse(BufferedReader in, String name, IntensityBasis basis) throws IOException {
        int lineNo = 0;
        String line;
        List<String> header = null;
        int headerLine = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (!line.isBlank()) {
                header = split(line, name, lineNo);
                headerLine = lineNo;
                break;
            }
        }
        if (header == null) {
            throw new IllegalArgumentException("Intensity trace " + name + " is empty; expected a header line, either "
                    + "the Electricity Maps export's (" + EM_DATETIME + ", …, " + EM_LCA + ", …) or "
                    + PLAIN_TIME + "," + PLAIN_VALUE);
        }
        Layout layout = Layout.of(header, name, headerLine, basis);

        List<Instant> times = new ArrayList<>();
        double[] values = new double[64];
        String[] notes = new String[64];
        boolean anyNote = false;
        int[] lines = new int[64];
        String zone = null;
        int zoneLine = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = split(line, name, lineNo);
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException(where(name, lineNo) + "expected " + header.size()
                        + " columns as in the header (line " + headerLine + "), found " + cells.size()
                        + "; check for a missing or extra comma, or quote fields that contain commas");
            }
            Instant t = layout.time(cells.get(layout.timeColumn), name, lineNo);
            double v = value(cells.get(layout.valueColumn), header.get(layout.valueColumn), name, lineNo);
            int n = times.size();
            if (n > 0) {
                Instant prev = times.get(n - 1);
                if (t.equals(prev)) {
                    throw new IllegalArgumentException(where(name, lineNo) + "duplicate time " + t + " (also on line "
                            + lines[n - 1] + "); remove one of the rows");
                }
                if (t.isBefore(prev)) {
                    throw new IllegalArgumentException(where(name, lineNo) + "time " + t
                            + " is before the previous row's " + prev + " (line " + lines[n - 1]
                            + "); sort the rows by time");
                }
            }
            if (layout.zoneColumn >= 0) {
                String z = cells.get(layout.zoneColumn).trim();
                if (zone == null) {
                    zone = z;
                    zoneLine = lineNo;
                } else if (!zone.equals(z)) {
                    throw new IllegalArgumentException(where(name, lineNo) + "zone '" + quote(z) + "' differs from zone '"
                            + quote(zone) + "' on line " + zoneLine + "; a trace is one zone, split the file by " + EM_ZONE);
                }
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
                notes = Arrays.copyOf(notes, n * 2);
                lines = Arrays.copyOf(lines, n * 2);
            }
            times.add(t);
            values[n] = v;
            lines[n] = lineNo;
            String note = layout.note(cells);
            notes[n] = note;
            anyNote |= note != null;
        }
        if (times.isEmpty()) {
            throw new IllegalArgumentException("Intensity trace " + name + " has a header (line " + headerLine
                    + ") but no rows; add at least two timestamped values");
        }
        int[] rowLines = lines;
        String origin = layout.origin(name, zone);
        return IntensityTrace.create(times, Arrays.copyOf(values, times.size()),
                anyNote ? Arrays.copyOf(notes, times.size()) : null, layout.basis, name, origin,
                index -> "line " + rowLines[index]);
    }

    /** Column positions and conventions of one of the two accepted layouts. */
    private static final class Layout {
        final boolean electricityMaps;
        final int timeColumn;
        final int valueColumn;
        final int zoneColumn;
        final int estimatedColumn;
        final int methodColumn;
        final IntensityBasis basis;

        private Layout(boolean electricityMaps, int timeColumn, int valueColumn, int zoneColumn,
                       int estimatedColumn, int methodColumn, IntensityBasis basis) {
            this.electricityMaps = electricityMaps;
            this.timeColumn = timeColumn;
            this.valueColumn = valueColumn;
            this.zoneColumn = zoneColumn;
            this.estimatedColumn = estimatedColumn;
            this.methodColumn = methodColumn;
            this.basis = basis;
        }

        static Layout of(List<String> header, String name, int line, IntensityBasis basis) {
            int emTime = find(header, EM_DATETIME);
            if (emTime >= 0) {
                String wanted = basis == IntensityBasis.DIRECT ? EM_DIRECT : EM_LCA;
                int value = find(header, wanted);
                if (value < 0 && basis == IntensityBasis.LIFECYCLE) {
                    // Older exports call the lifecycle column "Life cycle" instead of "LCA".
                    value = find(header, "Carbon Intensity gCO₂eq/kWh (Life cycle)");
                }
                if (value < 0) {
                    throw new IllegalArgumentException(where(name, line) + "missing required column '" + wanted
                            + "' for " + basis.name().toLowerCase(Locale.ROOT) + " intensity; found columns "
                            + columns(header));
                }
                return new Layout(true, emTime, value, find(header, EM_ZONE), find(header, EM_ESTIMATED),
                        find(header, EM_METHOD), basis);
            }
            int plainTime = find(header, PLAIN_TIME);
            int plainValue = find(header, PLAIN_VALUE);
            if (plainTime >= 0 && plainValue >= 0) {
                return new Layout(false, plainTime, plainValue, -1, -1, -1, basis);
            }
            String missing = plainTime >= 0 ? PLAIN_VALUE : plainValue >= 0 ? PLAIN_TIME : null;
            if (missing != null) {
                throw new IllegalArgumentException(where(name, line) + "missing required column '" + missing
                        + "'; found columns " + columns(header) + "; the plain layout is " + PLAIN_TIME + "," + PLAIN_VALUE);
            }
            throw new IllegalArgumentException(where(name, line) + "missing required columns: the header " + columns(header)
                    + " is neither the Electricity Maps export's (" + EM_DATETIME + ", " + EM_LCA + ", "
                    + EM_DIRECT + ", …) nor the plain layout " + PLAIN_TIME + "," + PLAIN_VALUE);
        }

        Instant time(String cell, String name, int line) {
            String s = cell.trim();
            if (s.isEmpty()) {
                throw new IllegalArgumentException(where(name, line) + "empty time; every row needs one");
            }
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException notOffset) {
                if (electricityMaps) {
                    // The export writes "2023-01-01 00:00:00" and says in the column name that it is UTC.
                    try {
                        return LocalDateTime.parse(s.replace('T', ' '), EM_TIME).toInstant(ZoneOffset.UTC);
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException(where(name, line) + "time '" + quote(s)
                                + "' is not a UTC date-time like 2023-01-01 00:00:00 or 2023-01-01T00:00:00Z");
                    }
                }
                String hint = s.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")
                        ? "it has no UTC offset; write " + s.replace(' ', 'T') + "Z for UTC"
                        : "write an ISO-8601 instant such as 2023-01-01T00:00:00Z";
                throw new IllegalArgumentException(where(name, line) + "timestamp '" + quote(s) + "' is not an instant: " + hint);
            }
        }

        String note(List<String> cells) {
            if (estimatedColumn < 0) {
                return null;
            }
            String estimated = cells.get(estimatedColumn).trim();
            if (!estimated.equalsIgnoreCase("true")) {
                return null;
            }
            String method = methodColumn >= 0 ? cells.get(methodColumn).trim() : "";
            return method.isEmpty() ? "estimated by Electricity Maps" : "estimated by Electricity Maps (" + method + ")";
        }

        String origin(String name, String zone) {
            if (!electricityMaps) {
                return name + " (" + basis.name().toLowerCase(Locale.ROOT) + " as declared by the caller)";
            }
            String column = basis == IntensityBasis.DIRECT ? "direct" : "LCA";
            return "Electricity Maps export " + name + " (" + (zone == null || zone.isEmpty() ? "" : "zone " + zone + ", ")
                    + column + " column)";
        }
    }

    private static double value(String cell, String column, String name, int line) {
        String s = cell.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException(where(name, line) + "no value in column '" + quote(column)
                    + "'; fill the missing hour or cut the trace before it");
        }
        if (s.equalsIgnoreCase("nan")) {
            throw new IllegalArgumentException(where(name, line) + "value NaN in column '" + quote(column)
                    + "' is not an intensity; fill the missing value or cut the trace before it");
        }
        if (!DECIMAL.matcher(s).matches()) {
            throw new IllegalArgumentException(where(name, line) + "value '" + quote(s) + "' in column '"
                    + quote(column) + "' is not a number; write gCO2e/kWh as a decimal such as 350.5");
        }
        double v = Double.parseDouble(s);
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException(where(name, line) + "value '" + quote(s) + "' in column '"
                    + quote(column) + "' is too large to be an intensity in gCO2e/kWh");
        }
        if (v < 0) {
            throw new IllegalArgumentException(where(name, line) + "value " + quote(s) + " in column '" + quote(column)
                    + "' is negative; carbon intensities are >= 0 gCO2e/kWh");
        }
        return v + 0.0;
    }

    private static int find(List<String> header, String column) {
        String want = normalise(column);
        for (int i = 0; i < header.size(); i++) {
            if (normalise(header.get(i)).equals(want)) {
                return i;
            }
        }
        return -1;
    }

    /** Header matching ignores case, surrounding blanks and the subscript in "gCO₂eq" (some exports write "gCO2eq"). */
    private static String normalise(String s) {
        return s.trim().replace('₂', '2').replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** A user's text as a message quotes it: short, on one line. */
    static String quote(String text) {
        String t = text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + " chars)" : text;
        return t.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** A header as a message lists it: the first columns, each quoted shortly. */
    private static String columns(List<String> header) {
        List<String> shown = header.stream().limit(6).map(TraceCsv::quote).toList();
        return shown + (header.size() > 6 ? " and " + (header.size() - 6) + " more" : "");
    }

    private static String where(String name, int line) {
        return "Intensity trace " + name + " line " + line + ": ";
    }

    /** Splits one CSV record (RFC 4180 quoting: "a, b" and "" for a quote inside quotes). */
    static List<String> split(String line, String name, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && cell.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(where(name, lineNo) + "unterminated quoted field; close the quote with \"");
        }
        out.add(cell.toString());
        return out;
    }
}
