package dev.greenslice.triton;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

class PrometheusTextTest {

    @Test
    void parsesTheRecordedTritonPage() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("triton-metrics-2xa100.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PrometheusText.Page page = PrometheusText.parse(text);
        assertEquals("counter", page.types().get("nv_energy_consumption"));
        assertEquals("gauge", page.types().get("nv_gpu_power_usage"));
        List<PrometheusText.Sample> energy = page.samples().stream()
                .filter(s -> s.name().equals("nv_energy_consumption")).toList();
        assertEquals(2, energy.size());
        assertEquals("GPU-d3f1c2a8-5b71-4e0c-9a2e-61b7c04f9e13", energy.get(0).labels().get("gpu_uuid"));
        assertEquals(412867.215, energy.get(0).value(), 1e-9);
        PrometheusText.Sample failure = page.samples().stream()
                .filter(s -> s.name().equals("nv_inference_request_failure")).findFirst().orElseThrow();
        assertEquals(Map.of("model", "resnet50_onnx", "reason", "REJECTED", "version", "1"), failure.labels());
        assertTrue(page.samples().stream().anyMatch(s -> s.name().equals("nv_cpu_utilization") && s.labels().isEmpty()));
    }

    @Test
    void handlesTheCornersOfTheFormat() {
        String text = String.join("\n",
                "# a plain comment",
                "#HELP written without a space is a comment too",
                "  ",
                "metric_without_labels 3",
                "with_timestamp{a=\"1\"} -2.5e3 1700000000000",
                "trailing_comma{a=\"x\",} 1",
                "spaced { a = \"x\" , b=\"y\" } 7\t",
                "escapes{path=\"C:\\\\dir\\\\\",quote=\"say \\\"hi\\\"\",nl=\"two\\nlines\",brace=\"}{=,\"} 1",
                "specials_nan NaN",
                "specials_inf{a=\"b\"} +Inf",
                "specials_neg_inf -Inf",
                "colon:name:total 0x1p2",
                "windows_line_end 5\r",
                "");
        List<PrometheusText.Sample> s = PrometheusText.parse(text).samples();
        assertEquals(10, s.size());
        assertEquals(3, s.get(0).value());
        assertEquals(-2500, s.get(1).value());
        assertEquals(OptionalLong.of(1_700_000_000_000L), s.get(1).timestampMillis());
        assertEquals(Map.of("a", "x"), s.get(2).labels());
        assertEquals(Map.of("a", "x", "b", "y"), s.get(3).labels());
        assertEquals("C:\\dir\\", s.get(4).labels().get("path"));
        assertEquals("say \"hi\"", s.get(4).labels().get("quote"));
        assertEquals("two\nlines", s.get(4).labels().get("nl"));
        assertEquals("}{=,", s.get(4).labels().get("brace"));
        assertTrue(Double.isNaN(s.get(5).value()));
        assertEquals(Double.POSITIVE_INFINITY, s.get(6).value());
        assertEquals(Double.NEGATIVE_INFINITY, s.get(7).value());
        assertEquals("colon:name:total", s.get(8).name());
        assertEquals(4, s.get(8).value(), "a Go hexadecimal float");
        assertEquals(5, s.get(9).value());
        assertEquals(13, s.get(9).line(), "line numbers count every line");
    }

    @Test
    void malformedLinesFailWithTheLineNumberAndTheProblem() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("ok 1\n{a=\"b\"} 1", "line 2: expected a metric name");
        cases.put("m{a=\"b} 1", "line 1: unterminated value of label a");
        cases.put("m{a=\"b\" 1", "line 1: expected ',' or '}' after the value of label a");
        cases.put("m{a=b} 1", "line 1: expected '\"' to open the value of label a");
        cases.put("m{a\"b\"} 1", "line 1: expected '=' after label a");
        cases.put("m{a=\"1\",a=\"2\"} 1", "line 1: label a appears twice");
        cases.put("m{a=\"\\t\"} 1", "invalid escape '\\t'");
        cases.put("m", "line 1: expected a value after m");
        cases.put("m 12f", "line 1: value '12f' is not a number");
        cases.put("m 0x1", "value '0x1' is not a number");
        cases.put("m 1 12.5", "timestamp '12.5' is not an integer");
        cases.put("m 1 2 3", "unexpected text after the timestamp");
        cases.put("m{1a=\"x\"} 1", "expected a label name");
        cases.put("# TYPE m", "line 1: a TYPE line must read");
        cases.put("# TYPE m counter\n# TYPE m gauge", "line 2: second TYPE line for m");
        cases.put("# TYPE m bogus", "a TYPE line must read");
        cases.forEach((text, expected) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(text), text);
            assertTrue(e.getMessage().contains(expected), "for " + text + ": " + e.getMessage());
        });
    }

    // --- properties ---

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        // Both Go's %g-like output and Triton's %f appear in the wild.
        return Math.abs(v) < 1e6 ? String.format(Locale.ROOT, "%f", v) : Double.toString(v);
    }

    private static Gen<String> names() {
        return strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 12)
                .zip(integers().between(0, 3), (s, k) -> k == 0 ? s : s + "_" + k);
    }

    @Test
    void whatIsWrittenWithEscapesParsesBackToTheSameSample() {
        Gen<String> anyText = strings().allPossible().ofLengthBetween(0, 20);
        qt().withExamples(400).forAll(
                names(),
                lists().of(anyText).ofSizeBetween(0, 4),
                doubles().any())
            .checkAssert((name, values, value) -> {
                Map<String, String> labels = new LinkedHashMap<>();
                for (int i = 0; i < values.size(); i++) {
                    labels.put("l" + i, values.get(i));
                }
                StringBuilder line = new StringBuilder(name);
                if (!labels.isEmpty()) {
                    line.append('{');
                    labels.forEach((k, v) -> line.append(k).append("=\"").append(escape(v)).append("\","));
                    line.setLength(line.length() - 1);
                    line.append('}');
                }
                line.append(' ').append(format(value));
                PrometheusText.Sample s = PrometheusText.parse("# TYPE " + name + " gauge\n" + line + "\n").samples().get(0);
                assertEquals(name, s.name());
                assertEquals(labels, s.labels());
                String written = format(value);
                double expected = Double.isNaN(value) || Double.isInfinite(value) ? value : Double.parseDouble(written);
                assertEquals(expected, s.value(), 0.0);
            });
    }

    @Test
    void anyInputEitherParsesOrFailsWithALineNumber() {
        Gen<String> noise = strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(0, 40);
        qt().withExamples(1000).forAll(lists().of(noise).ofSizeBetween(1, 5))
            .checkAssert(lines -> {
                String text = String.join("\n", lines);
                try {
                    PrometheusText.parse(text);
                } catch (IllegalArgumentException e) {
                    assertTrue(e.getMessage().matches("(?s)line \\d+: .*"), e.getMessage());
                } catch (RuntimeException e) {
                    fail("parse threw " + e + " for " + text);
                }
            });
    }
}
