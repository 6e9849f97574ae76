package dev.greenslice.estimators.tune.online;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM terminated (SIGTERM, as a container stop sends) while the tuner holds a clock lock releases it: a child
 * JVM tunes, never closes the tuner, and is destroyed; its device log must end with the reset.
 */
class ShutdownRestoreTest {

    @Test
    void aTerminatedJvmReleasesTheClockLock(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("clock-calls.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire runs tests from a manifest-only jar; the real test class path is in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-cp", classPath, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                TunerShutdownChild.class.getName(), log.toString()).redirectErrorStream(true).start();
        try {
            String tuned = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("TUNED ")) {
                        tuned = line;
                        break;
                    }
                }
                assertNotNull(tuned, "the child never tuned");
                int clock = Integer.parseInt(tuned.substring("TUNED ".length()));
                List<String> before = Files.readAllLines(log);
                assertEquals("lock " + clock, before.get(before.size() - 1), "the child holds the lock: " + before);
                child.destroy();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not exit");
            }
            List<String> calls = Files.readAllLines(log);
            assertEquals("reset", calls.get(calls.size() - 1), "released on shutdown: " + calls);
            assertEquals(1, calls.stream().filter("reset"::equals).count(), calls::toString);
        } finally {
            child.destroyForcibly();
        }
    }
}
