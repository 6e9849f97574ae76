package dev.greenslice.estimators.profile;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.greenslice.test.FuzzMessages;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the profile, device-power and query CSV readers with Jazzer: any bytes give a result or a
 * {@link ProfileFormatException} (their documented format exception) with a short one-line message.
 */
class ProfileCsvFuzzTest {

    private static Reader utf8(byte[] data) {
        // A decoder given explicitly reports malformed input, as the file readers' does.
        return new InputStreamReader(new ByteArrayInputStream(data), StandardCharsets.UTF_8.newDecoder());
    }

    @FuzzTest(maxDuration = "2m")
    void profiles(byte[] data) {
        for (DevicePowerProfile device : new DevicePowerProfile[] {null, EnerTuneA100.devicePower()}) {
            try {
                ModelProfiles p = ProfileCsv.readProfiles(utf8(data), "fuzz.csv", device);
                assertFalse(p.models().isEmpty(), "profiles read from a file name a model");
                for (ModelProfile m : p.all()) {
                    for (ProfilePoint pt : m.points()) {
                        assertTrue(pt.latencyMs() > 0 && Double.isFinite(pt.latencyMs()), pt.toString());
                        assertTrue(pt.requestsPerSecond() > 0 && Double.isFinite(pt.requestsPerSecond()), pt.toString());
                        assertTrue(pt.dynamicPower().watts() > 0 && Double.isFinite(pt.dynamicPower().watts()),
                                pt.toString());
                    }
                }
            } catch (ProfileFormatException e) {
                FuzzMessages.requireShortOneLine(e);
            }
        }
    }

    @FuzzTest(maxDuration = "1m")
    void devicePower(byte[] data) {
        try {
            DevicePowerProfile d = ProfileCsv.readDevicePower(utf8(data), "fuzz.csv", "A100-SXM4-80GB");
            assertFalse(d.clocksMhz().isEmpty());
        } catch (ProfileFormatException e) {
            FuzzMessages.requireShortOneLine(e);
        }
    }

    @FuzzTest(maxDuration = "1m")
    void queries(byte[] data) {
        try {
            assertFalse(ProfileCsv.readQueries(utf8(data), "fuzz.csv").isEmpty());
        } catch (ProfileFormatException e) {
            FuzzMessages.requireShortOneLine(e);
        }
    }
}
