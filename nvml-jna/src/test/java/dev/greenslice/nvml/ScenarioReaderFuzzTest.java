package dev.greenslice.nvml;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.greenslice.test.FuzzMessages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the simulated libnvidia-ml's scenario reader (C, {@code src/test/c/nvml_sim.c}) through its JNA test
 * hook, as the tests load it: any bytes are a scenario ({@code simReset} answers 0) or refused with a non-zero
 * answer and a short one-line {@code simLastError}. A memory error in the C code would end the JVM and fail the
 * run. Jazzer sees only the Java side's coverage here, so its mutations are blind to the C parser's branches;
 * {@code src/test/c/fuzz_scenario.c} fuzzes the same reader with libFuzzer, AddressSanitizer and
 * UndefinedBehaviorSanitizer where clang is installed (see CONTRIBUTING.md), and this test replays the corpus
 * that found in every build.
 */
class ScenarioReaderFuzzTest {

    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("greenslice-nvml-scenario-fuzz", ".txt");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void scenario(byte[] data) throws IOException {
        SimulatedNvml.Hooks hooks = SimulatedNvml.hooks();
        Files.write(FILE, withoutTraceSetting(data));
        int rc = hooks.simReset(FILE.toString());
        if (rc != 0) {
            String error = hooks.simLastError();
            FuzzMessages.requireShortOneLine(new IllegalArgumentException(error));
            assertTrue(error.contains(FILE.toString()), "names the file: " + error);
        }
    }

    /**
     * The scenario's {@code trace PATH} setting appends to PATH: a fuzzer that wrote it would append to any
     * file (as root on CI). Its letters are changed so that the line is refused as an unknown setting instead.
     */
    private static byte[] withoutTraceSetting(byte[] data) {
        byte[] copy = data.clone();
        for (int i = 0; i + 5 <= copy.length; i++) {
            if ((copy[i] | 0x20) == 't' && (copy[i + 1] | 0x20) == 'r' && (copy[i + 2] | 0x20) == 'a'
                    && (copy[i + 3] | 0x20) == 'c' && (copy[i + 4] | 0x20) == 'e') {
                copy[i] = 'x';
            }
        }
        return copy;
    }
}
