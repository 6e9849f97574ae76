package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code greenslice clocks apply} against the simulated libnvidia-ml, whose trace records every clock call. */
class ClocksApplyCommandTest {

    private static String scenario(Path trace) {
        return "trace " + trace + "\n"
                + "device A100-SXM4-80GB\n  power 0:250000\n"
                + "device A100-SXM4-80GB\n  power 0:200000\n";
    }

    private static List<String> clockCalls(Path trace) throws Exception {
        if (!Files.exists(trace)) {
            return List.of();
        }
        return Files.readAllLines(trace).stream().filter(l -> l.contains("LockedClocks")).toList();
    }

    @Test
    void withoutHoldItLocksReadsBackAndResets(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.txt");
        String lib = SimulatedNvmlFile.reset(scenario(trace));
        CliRun run = CliRun.of("clocks", "apply", "--sm-mhz", "0=1050", "--sm-mhz", "1=1200", "--nvml-library", lib,
                "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode j = JsonOutput.MAPPER.readTree(run.out());
        assertEquals(1050, j.get("devices").get(0).get("lockedClockMhz").asInt());
        assertEquals(1200, j.get("devices").get(1).get("lockedClockMhz").asInt());
        assertFalse(j.get("hold").asBoolean());
        assertEquals(List.of("nvmlDeviceSetGpuLockedClocks gpu=0 min=1050 max=1050 rc=0",
                "nvmlDeviceSetGpuLockedClocks gpu=1 min=1200 max=1200 rc=0",
                "nvmlDeviceResetGpuLockedClocks gpu=0 rc=0",
                "nvmlDeviceResetGpuLockedClocks gpu=1 rc=0"), clockCalls(trace));
    }

    @Test
    void aClockTheGpuRefusesFailsInOneLineAndLeavesNothingLocked(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.txt");
        String lib = SimulatedNvmlFile.reset(scenario(trace));
        CliRun run = CliRun.of("clocks", "apply", "--sm-mhz", "0=1050", "--sm-mhz", "1=99999", "--nvml-library", lib);
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("99999"), run.err());
        List<String> calls = clockCalls(trace);
        assertEquals("nvmlDeviceResetGpuLockedClocks gpu=0 rc=0", calls.get(calls.size() - 1), calls.toString());
        assertTrue(calls.contains("nvmlDeviceSetGpuLockedClocks gpu=1 min=99999 max=99999 rc=2"), calls.toString());
    }

    @Test
    void badIndicesAndValuesAreUsageErrors(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.txt");
        String lib = SimulatedNvmlFile.reset(scenario(trace));
        CliRun run = CliRun.of("clocks", "apply", "--sm-mhz", "5=1050", "--nvml-library", lib);
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no GPU 5"), run.err());
        assertEquals(2, CliRun.of("clocks", "apply", "--sm-mhz", "0=-5", "--nvml-library", lib).exitCode());
        assertEquals(2, CliRun.of("clocks", "apply", "--sm-mhz", "x=1", "--nvml-library", lib).exitCode());
        assertEquals(2, CliRun.of("clocks", "apply").exitCode());
        assertEquals(List.of(), clockCalls(trace));
    }

    private static Process child(Path dir, Path journal, String... args) throws Exception {
        Path lib = SimulatedNvmlFile.library();
        Path scenario = Files.writeString(dir.resolve("scenario.txt"), scenario(dir.resolve("trace.txt")));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dgreenslice.nvml.journal=" + journal,
                GreenSliceCommand.class.getName(), "clocks", "apply", "--nvml-library", lib.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("GREENSLICE_NVML_SIM_SCENARIO", scenario.toString());
        return pb.start();
    }

    private static String awaitHolding(Process p, Path dir) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null && !line.startsWith("holding")) {
            seen.append(line).append('\n');
        }
        assertTrue(line != null, "no 'holding' line; stdout: " + seen + " stderr: "
                + Files.readString(dir.resolve("err.txt")));
        return seen.toString();
    }

    @Test
    void aKilledHoldIsRestoredByTheNextRunFromItsJournal(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.txt");
        Path journal = Files.createDirectory(dir.resolve("journal"));
        Process first = child(dir, journal, "--hold", "--sm-mhz", "1=1050");
        try {
            awaitHolding(first, dir);
            first.destroyForcibly();                            // SIGKILL: no shutdown hook runs
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        } finally {
            first.destroyForcibly();
        }
        assertEquals(List.of("nvmlDeviceSetGpuLockedClocks gpu=1 min=1050 max=1050 rc=0"), clockCalls(trace));
        try (var files = Files.list(journal)) {
            assertEquals(1, files.count(), "the killed run's journal stays");
        }
        Process second = child(dir, journal, "--restore-abandoned", "--sm-mhz", "1=1200");
        String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, second.exitValue(), out + Files.readString(dir.resolve("err.txt")));
        assertTrue(out.contains("restored what a killed run left: gpu:1"), out);
        // The simulator starts each process unlocked; what matters is the order of the calls: reset first.
        assertEquals(List.of("nvmlDeviceSetGpuLockedClocks gpu=1 min=1050 max=1050 rc=0",
                "nvmlDeviceResetGpuLockedClocks gpu=1 rc=0",
                "nvmlDeviceSetGpuLockedClocks gpu=1 min=1200 max=1200 rc=0",
                "nvmlDeviceResetGpuLockedClocks gpu=1 rc=0"), clockCalls(trace));
        try (var files = Files.list(journal)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void holdKeepsTheLockUntilSigtermAndThenResetsIt(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.txt");
        Path journal = Files.createDirectory(dir.resolve("journal"));
        Process p = child(dir, journal, "--hold", "--sm-mhz", "1=1050");
        try {
            String seen = awaitHolding(p, dir);
            assertTrue(seen.contains("gpu:1 NVIDIA A100-SXM4-80GB: SM clock locked at 1050 MHz"), seen);
            assertEquals(List.of("nvmlDeviceSetGpuLockedClocks gpu=1 min=1050 max=1050 rc=0"), clockCalls(trace));
            try (var files = Files.list(journal)) {
                assertEquals(1, files.count(), "the lock is journaled while held");
            }
            p.destroy();                                       // SIGTERM, as Kubernetes stops a pod
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of("nvmlDeviceSetGpuLockedClocks gpu=1 min=1050 max=1050 rc=0",
                "nvmlDeviceResetGpuLockedClocks gpu=1 rc=0"), clockCalls(trace));
        assertTrue(Files.readString(dir.resolve("err.txt")).contains("gpu:1 SM clock lock reset"));
        try (var files = Files.list(journal)) {
            assertEquals(0, files.count(), "the journal is gone once restored");
        }
    }
}
