package dev.greenslice.estimators.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A header-and-rows CSV file read into memory, with errors that name the file, line and column. */
final class CsvRows {

    /** One data row and its line number. */
    record Row(int line, String[] fields) {
    }

    private final String source;
    private final List<String> header;
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<Row> rows;

    private CsvRows(String source, List<String> header, List<Row> rows) {
        this.source = source;
        this.header = header;
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i), i);
        }
        this.rows = rows;
    }

    static CsvRows read(Reader reader, String source) {
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(reader)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
                    text = text.substring(1);
                }
                if (text.isBlank() || text.stripLeading().startsWith("#")) {
                    continue;
                }
                String[] fields = split(text);
                if (header == null) {
                    header = new ArrayList<>();
                    for (String f : fields) {
                        header.add(f.toLowerCase(Locale.ROOT));
                    }
                    continue;
                }
                if (fields.length != header.size()) {
                    throw new ProfileFormatException(source, line, "has " + fields.length + " fields but the header has "
                            + header.size() + " (" + columns(header) + "); fix the row or remove it");
                }
                rows.add(new Row(line, fields));
            }
        } catch (CharacterCodingException e) {
            throw new ProfileFormatException(source, 0, "is not UTF-8 text (a binary file?); give a CSV file"
                    + " with a header line");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source + ": " + e.getMessage(), e);
        }
        if (header == null) {
            throw new ProfileFormatException(source, 0, "is empty; expected a header line and data rows");
        }
        return new CsvRows(source, List.copyOf(header), rows);
    }

    private static String[] split(String text) {
        String[] parts = text.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
                p = p.substring(1, p.length() - 1).trim();
            }
            parts[i] = p;
        }
        return parts;
    }

    String source() {
        return source;
    }

    List<Row> rows() {
        return rows;
    }

    boolean has(String column) {
        return columns.containsKey(column);
    }

    /** Fails naming every missing column and the header that was found. */
    void require(String what, String... names) {
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            if (!columns.containsKey(n)) {
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            throw new ProfileFormatException(source, 0, "is missing column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " needed for " + what + "; its header is " + columns(header)
                    + ". Add the column" + (missing.size() > 1 ? "s" : "") + " or pass the right file.");
        }
    }

    String text(Row row, String column) {
        String v = row.fields()[columns.get(column)];
        if (v.isEmpty()) {
            throw new ProfileFormatException(source, row.line(), "column " + column + " is empty; give a value");
        }
        return v;
    }

    /** The column's text on this row, or "" if the file has no such column or the cell is empty. */
    String optional(Row row, String column) {
        Integer i = columns.get(column);
        return i == null ? "" : row.fields()[i];
    }

    /** A finite number, or a clear error. */
    double number(Row row, String column, String unit) {
        String v = text(row, column);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ProfileFormatException(source, row.line(), "column " + column + " is '" + quote(v)
                    + "', not a number" + unit(unit) + "; fix the value");
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new ProfileFormatException(source, row.line(), "column " + column + " is '" + quote(v)
                    + "'; it must be a finite number" + unit(unit));
        }
        return d;
    }

    /** A number strictly above zero. */
    double positive(Row row, String column, String unit) {
        double d = number(row, column, unit);
        if (!(d > 0)) {
            throw new ProfileFormatException(source, row.line(), "column " + column + " is " + quote(row.fields()[columns.get(column)])
                    + "; it must be positive" + unit(unit) + ". Fix the measurement or remove the row.");
        }
        return d;
    }

    /** A number at or above zero. */
    double nonNegative(Row row, String column, String unit) {
        double d = number(row, column, unit);
        if (d < 0) {
            throw new ProfileFormatException(source, row.line(), "column " + column + " is " + quote(row.fields()[columns.get(column)])
                    + "; it must not be negative" + unit(unit) + ". Fix the measurement or remove the row.");
        }
        return d;
    }

    /** A whole number at or above 1 (written as {@code 32} or {@code 32.0}). */
    int positiveInt(Row row, String column, String unit) {
        double d = positive(row, column, unit);
        if (d != Math.rint(d) || d > Integer.MAX_VALUE || d < 1) {
            throw new ProfileFormatException(source, row.line(), "column " + column + " is "
                    + quote(row.fields()[columns.get(column)]) + "; it must be a whole number >= 1" + unit(unit));
        }
        return (int) d;
    }

    private static String unit(String unit) {
        return unit.isEmpty() ? "" : " (" + unit + ")";
    }

    /** A user's text as a message quotes it: short, on one line. */
    static String quote(String text) {
        String t = text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + " chars)" : text;
        return t.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** A header as a message lists it: the first columns, each quoted shortly. */
    private static String columns(List<String> header) {
        return String.join(",", header.stream().limit(8).map(CsvRows::quote).toList())
                + (header.size() > 8 ? ",… (" + header.size() + " columns)" : "");
    }
}
