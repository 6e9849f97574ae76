package dev.greenslice.estimators.sim.pipeline;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.greenslice.test.FuzzMessages;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the per-second arrival trace CSV reader with Jazzer: any text gives a trace of finite, non-negative
 * counts or an {@link IllegalArgumentException} with a short one-line message.
 */
class ArrivalTraceFuzzTest {

    @FuzzTest(maxDuration = "1m")
    void arrivalTrace(byte[] data) throws IOException {
        try {
            ArrivalTrace t = ArrivalTrace.fromCsv(new StringReader(new String(data, StandardCharsets.UTF_8)), "fuzz.csv");
            assertTrue(t.seconds() >= 1 && t.seconds() <= WorkloadShape.MAX_SECONDS);
            for (double r : t.requestsPerSecond()) {
                assertTrue(r >= 0 && r <= WorkloadShape.MAX_PEAK_REQUESTS_PER_SECOND, Double.toString(r));
            }
        } catch (IllegalArgumentException e) {
            FuzzMessages.requireShortOneLine(e);
        }
    }
}
