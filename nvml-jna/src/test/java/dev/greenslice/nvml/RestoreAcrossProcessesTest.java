package dev.greenslice.nvml;

import dev.greenslice.carbon.Power;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process that dies between change and restore is reported on the next open, and can be undone; a process that
 * exits without closing is restored by the shutdown hook. Each case runs {@link ChangingProcess} in a child JVM.
 */
class RestoreAcrossProcessesTest {

    private static final String UUID = "GPU-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    @TempDir
    Path dir;

    private Process run(String mode, Path scenario, Path journal) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "-D" + NvmlOptions.LIBRARY_PROPERTY + "=" + SimulatedNvml.library(),
                "-D" + NvmlOptions.JOURNAL_PROPERTY + "=" + journal,
                ChangingProcess.class.getName(), mode);
        pb.environment().put("GREENSLICE_NVML_SIM_SCENARIO", scenario.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        return p;
    }

    @Test
    void aCrashBetweenChangeAndRestoreIsReportedOnTheNextOpenAndCanBeUndone() throws Exception {
        SimulatedNvml.assumeBuilt();
        Path journal = dir.resolve("journal");
        Path scenario = SimulatedNvml.write(SimulatedNvml.device("A100-SXM4-80GB", "uuid " + UUID,
                "power_limit 400000"));
        Process child = run("halt", scenario, journal);
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, child.exitValue(), out);

        // The GPU is as the crashed process left it: clocks locked, limit at 250 W.
        SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "uuid " + UUID, "power_limit 250000"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal))) {
            List<AbandonedChange> abandoned = nvml.abandonedChanges();
            assertEquals(1, abandoned.size(), out);
            AbandonedChange a = abandoned.get(0);
            assertEquals(UUID, a.deviceUuid());
            assertEquals(child.pid(), a.pid());
            assertEquals(List.of("SM clock locked to 1005-1110 MHz (restore: reset the locked clocks)",
                    "power limit set to 250.0 W (restore: 400.0 W)"), a.changes());
            assertTrue(a.message().contains("did not restore it"), a.message());
            try (NvmlDevice gpu = nvml.device(0)) {
                assertEquals(1, gpu.abandonedChanges().size(), "the device reports it too");
            }
            nvml.restoreAbandoned(a);
            try (NvmlDevice gpu = nvml.device(0)) {
                assertEquals(Power.ofWatts(400), gpu.powerLimits().current());
                assertEquals(1410, gpu.smClockMhz());
            }
            assertFalse(Files.exists(a.journal()), "the journal is gone once restored");
            assertTrue(nvml.abandonedChanges().isEmpty());
        }
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal))) {
            assertTrue(nvml.abandonedChanges().isEmpty(), "nothing is reported twice");
        }
    }

    @Test
    void theShutdownHookRestoresWhatAProcessLeftOpen() throws Exception {
        SimulatedNvml.assumeBuilt();
        Path journal = dir.resolve("journal");
        Path trace = dir.resolve("trace.log");
        Path scenario = SimulatedNvml.write("trace " + trace + "\n"
                + SimulatedNvml.device("A100-SXM4-80GB", "uuid " + UUID, "power_limit 400000"));
        Process child = run("exit", scenario, journal);
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), out);
        List<String> calls = Files.readAllLines(trace);
        assertEquals(List.of(
                "nvmlDeviceSetGpuLockedClocks gpu=0 min=1005 max=1110 rc=0",
                "nvmlDeviceSetPowerManagementLimit gpu=0 limit=250000 rc=0",
                "nvmlDeviceResetGpuLockedClocks gpu=0 rc=0",
                "nvmlDeviceSetPowerManagementLimit gpu=0 limit=400000 rc=0"), calls, out);
        SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "uuid " + UUID));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal))) {
            assertTrue(nvml.abandonedChanges().isEmpty(), "the hook restored everything and deleted the journal");
        }
    }

    @Test
    void aJournalOfALiveProcessIsNotAbandoned() throws Exception {
        SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "uuid " + UUID));
        Path journal = dir.resolve("journal");
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice gpu = nvml.device(0)) {
            gpu.lockSmClock(1005, 1005);
            try (Nvml again = Nvml.open(SimulatedNvml.options(journal))) {
                assertTrue(again.abandonedChanges().isEmpty(), "this process is alive: its change is not abandoned");
            }
        }
    }

    @Test
    void anUnreadableJournalIsReportedNotSkipped() throws Exception {
        SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB"));
        Path journal = Files.createDirectories(dir.resolve("journal"));
        Files.writeString(journal.resolve(RestoreJournal.PREFIX + "x-1-1.properties"), "pid=not-a-number\n");
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal))) {
            List<AbandonedChange> a = nvml.abandonedChanges();
            assertEquals(1, a.size());
            assertTrue(a.get(0).changes().get(0).contains("unreadable restore journal"), a.get(0).changes().toString());
            nvml.discardAbandoned(a.get(0));
            assertTrue(nvml.abandonedChanges().isEmpty());
        }
    }
}
