package dev.greenslice.carbon.intensity;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.greenslice.test.FuzzMessages;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the intensity trace CSV reader and the intensity specification parser with Jazzer. The contract:
 * any bytes give a trace or an {@link IllegalArgumentException} with a short one-line message; nothing else
 * escapes. In regression mode (the default) the seeds under {@code TraceCsvFuzzTestInputs/} replay in
 * milliseconds; {@code JAZZER_FUZZ=1} fuzzes (see CONTRIBUTING.md).
 */
class TraceCsvFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void traceCsv(byte[] data) {
        // A decoder given explicitly reports malformed input, as Files.newBufferedReader does.
        InputStreamReader reader = new InputStreamReader(new ByteArrayInputStream(data),
                StandardCharsets.UTF_8.newDecoder());
        for (IntensityBasis basis : IntensityBasis.values()) {
            try {
                IntensityTrace trace = CarbonIntensities.trace(reader, "fuzz.csv", basis);
                assertTrue(!trace.end().isBefore(trace.start()), "a trace ends after it starts");
                assertTrue(trace.at(trace.start()).value().gramsPerKwh() >= 0, "no negative intensity");
            } catch (IllegalArgumentException e) {
                FuzzMessages.requireShortOneLine(e);
            }
            reader = new InputStreamReader(new ByteArrayInputStream(data), StandardCharsets.UTF_8.newDecoder());
        }
    }

    @FuzzTest(maxDuration = "1m")
    void intensitySpecification(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            IntensitySource s = CarbonIntensities.parse(text);
            assertTrue(s != null);
        } catch (IllegalArgumentException e) {
            FuzzMessages.requireShortOneLine(e);
        }
    }
}
