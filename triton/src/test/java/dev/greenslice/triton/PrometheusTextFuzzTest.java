package dev.greenslice.triton;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.greenslice.test.FuzzMessages;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the Prometheus text parser (what Triton's metrics endpoint serves) with Jazzer: any page parses or
 * fails with an {@link IllegalArgumentException} naming the line, in a short one-line message.
 */
class PrometheusTextFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void page(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            PrometheusText.Page page = PrometheusText.parse(text);
            for (PrometheusText.Sample s : page.samples()) {
                assertTrue(PrometheusText.isMetricName(s.name()), s.name());
                assertTrue(s.line() >= 1, s.toString());
            }
        } catch (IllegalArgumentException e) {
            FuzzMessages.requireShortOneLine(e);
            assertTrue(e.getMessage().contains("line"), e.getMessage());
        }
    }
}
