package dev.greenslice.triton;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A parser for the Prometheus text exposition format (version 0.0.4), which Triton's metrics endpoint
 * serves: {@code # HELP} and {@code # TYPE} lines, other comments, and samples of the form
 * {@code name{label="value",...} value [timestamp]}.
 *
 * <p>No light, maintained Java parser for this format is on Maven Central (the Prometheus Java client only
 * writes it), so this one follows the format's specification closely: label values may contain escaped
 * {@code \\}, {@code \"} and {@code \n} and any other character, values are Go-style floats including
 * {@code NaN}, {@code +Inf} and hexadecimal, and a trailing comma after the last label is allowed. Anything else fails
 * with an {@link IllegalArgumentException} naming the line number and the problem. Stateless and
 * thread-safe.
 */
final class PrometheusText {

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value, OptionalLong timestampMillis, int line) {
        Sample {
            Objects.requireNonNull(name, "name");
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    /** A parsed page: samples in page order and the declared type of each metric family. */
    record Page(List<Sample> samples, Map<String, String> types) {
        Page {
            samples = List.copyOf(samples);
            types = Map.copyOf(types);
        }
    }

    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?"
            + "|[+-]?0[xX]([0-9a-fA-F]+(\\.[0-9a-fA-F]*)?|\\.[0-9a-fA-F]+)[pP][+-]?\\d+"
            + "|[+-]?(?i:inf|infinity)|(?i:nan)");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern TYPES = Pattern.compile("counter|gauge|histogram|summary|untyped");

    private PrometheusText() {
    }

    /**
     * Parses a whole page.
     *
     * @throws IllegalArgumentException naming the line (1-based) and what is wrong with it
     */
    static Page parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        int lineNo = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNo++;
            String line = text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            start = end + 1;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.charAt(0) == '#') {
                comment(trimmed, lineNo, types);
                continue;
            }
            samples.add(new LineParser(line, lineNo).sample());
        }
        return new Page(samples, types);
    }

    private static void comment(String line, int lineNo, Map<String, String> types) {
        String[] t = line.substring(1).strip().split("[ \t]+", 3);
        if (t.length >= 1 && t[0].equals("TYPE")) {
            if (t.length < 3 || !isMetricName(t[1]) || !TYPES.matcher(t[2].strip()).matches()) {
                throw error(lineNo, "a TYPE line must read '# TYPE <metric name> counter|gauge|histogram|summary|untyped'", line);
            }
            if (types.put(t[1], t[2].strip()) != null) {
                throw error(lineNo, "second TYPE line for " + quote(t[1]), line);
            }
        }
        // HELP lines and other comments carry nothing the sensor needs.
    }

    static boolean isMetricName(String s) {
        if (s.isEmpty() || !(isNameStart(s.charAt(0)) || s.charAt(0) == ':')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isNameStart(c) || c == ':' || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    static IllegalArgumentException error(int lineNo, String problem, String line) {
        String shown = line.length() > 120 ? line.substring(0, 117) + "..." : line;
        // One line: a page's tokens may hold carriage returns, tabs or any other control character.
        return new IllegalArgumentException(oneLine("line " + lineNo + ": " + problem + ": '" + shown + "'"));
    }

    /** A token as a message quotes it: at most 40 characters. */
    static String quote(String token) {
        return token.length() > 40 ? token.substring(0, 40) + "…(" + token.length() + " chars)" : token;
    }

    private static String oneLine(String text) {
        return text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** Parses one sample line with a cursor. */
    private static final class LineParser {
        private final String s;
        private final int lineNo;
        private int i;

        LineParser(String s, int lineNo) {
            this.s = s;
            this.lineNo = lineNo;
        }

        Sample sample() {
            skipBlanks();
            int nameStart = i;
            if (i < s.length() && (isNameStart(s.charAt(i)) || s.charAt(i) == ':')) {
                i++;
                while (i < s.length() && (isNameChar(s.charAt(i)) || s.charAt(i) == ':')) {
                    i++;
                }
            }
            String name = s.substring(nameStart, i);
            if (name.isEmpty()) {
                throw error(lineNo, "expected a metric name", s);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            skipBlanks();
            if (i < s.length() && s.charAt(i) == '{') {
                i++;
                labels(labels);
            }
            skipBlanks();
            String valueToken = token();
            if (valueToken.isEmpty()) {
                throw error(lineNo, "expected a value after " + quote(name), s);
            }
            if (!FLOAT.matcher(valueToken).matches()) {
                throw error(lineNo, "value '" + quote(valueToken) + "' is not a number", s);
            }
            double value = toDouble(valueToken);
            skipBlanks();
            OptionalLong ts = OptionalLong.empty();
            String tsToken = token();
            if (!tsToken.isEmpty()) {
                if (!INTEGER.matcher(tsToken).matches()) {
                    throw error(lineNo, "timestamp '" + quote(tsToken) + "' is not an integer of milliseconds", s);
                }
                try {
                    ts = OptionalLong.of(Long.parseLong(tsToken));
                } catch (NumberFormatException e) {
                    throw error(lineNo, "timestamp '" + quote(tsToken) + "' is out of range", s);
                }
                skipBlanks();
                if (i < s.length()) {
                    throw error(lineNo, "unexpected text after the timestamp", s);
                }
            }
            return new Sample(name, labels, value, ts, lineNo);
        }

        private void labels(Map<String, String> labels) {
            while (true) {
                skipBlanks();
                if (i >= s.length()) {
                    throw error(lineNo, "unterminated label set: missing '}'", s);
                }
                if (s.charAt(i) == '}') {
                    i++;
                    return;
                }
                int nameStart = i;
                if (isNameStart(s.charAt(i))) {
                    i++;
                    while (i < s.length() && isNameChar(s.charAt(i))) {
                        i++;
                    }
                }
                String label = s.substring(nameStart, i);
                if (label.isEmpty()) {
                    throw error(lineNo, "expected a label name at column " + (i + 1), s);
                }
                skipBlanks();
                if (i >= s.length() || s.charAt(i) != '=') {
                    throw error(lineNo, "expected '=' after label " + quote(label), s);
                }
                i++;
                skipBlanks();
                if (i >= s.length() || s.charAt(i) != '"') {
                    throw error(lineNo, "expected '\"' to open the value of label " + quote(label), s);
                }
                i++;
                String value = quoted(label);
                if (labels.put(label, value) != null) {
                    throw error(lineNo, "label " + quote(label) + " appears twice", s);
                }
                skipBlanks();
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                } else if (i >= s.length() || s.charAt(i) != '}') {
                    throw error(lineNo, "expected ',' or '}' after the value of label " + quote(label), s);
                }
            }
        }

        private String quoted(String label) {
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        break;
                    }
                    char e = s.charAt(i++);
                    switch (e) {
                        case '\\' -> b.append('\\');
                        case '"' -> b.append('"');
                        case 'n' -> b.append('\n');
                        default -> throw error(lineNo, "invalid escape '\\" + e + "' in the value of label " + quote(label)
                                + " (only \\\\, \\\" and \\n are allowed)", s);
                    }
                } else {
                    b.append(c);
                }
            }
            throw error(lineNo, "unterminated value of label " + quote(label) + ": missing closing '\"'", s);
        }

        private String token() {
            int a = i;
            while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                i++;
            }
            return s.substring(a, i);
        }

        private void skipBlanks() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }
    }

    private static double toDouble(String token) {
        String t = token.toLowerCase(java.util.Locale.ROOT);
        if (t.equals("nan")) {
            return Double.NaN;
        }
        if (t.endsWith("inf") || t.endsWith("infinity")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(token);
    }
}
