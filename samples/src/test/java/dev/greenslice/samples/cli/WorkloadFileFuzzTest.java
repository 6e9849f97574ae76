package dev.greenslice.samples.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.greenslice.carbon.plan.ModelDemand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the workload JSON reader with Jazzer, through a file as the command line reads it: any bytes give
 * demands within their ranges or an {@link IllegalArgumentException} with a short one-line message naming
 * the file.
 */
class WorkloadFileFuzzTest {

    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("greenslice-workload-fuzz", ".json");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void workloadJson(byte[] data) throws IOException {
        Files.write(FILE, data);
        List<ModelDemand> demands;
        try {
            demands = WorkloadFile.read(FILE);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            assertTrue(m != null && !m.isBlank() && m.length() <= 600, "a short message: " + m);
            assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
            assertTrue(m.contains(FILE.toString()), "names the file: " + m);
            return;
        }
        assertFalse(demands.isEmpty());
        for (ModelDemand d : demands) {
            assertTrue(d.batchSize() >= 1 && d.requests() >= 1, d.toString());
            assertTrue(d.sloFactor() > 0 && Double.isFinite(d.sloFactor()), d.toString());
        }
    }
}
