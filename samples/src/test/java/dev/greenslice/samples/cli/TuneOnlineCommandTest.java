package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code greenslice tune-online} on the simulated A100 and, through NVML, on the simulated libnvidia-ml. */
class TuneOnlineCommandTest {

    private static final String[] PAIR = {"--model", "resnet50:8:4", "--model", "whisper:8:3"};

    private static JsonNode json(String... args) throws Exception {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return JsonOutput.MAPPER.readTree(run.out());
    }

    private static String[] args(String... more) {
        String[] all = new String[1 + PAIR.length + more.length];
        all[0] = "tune-online";
        System.arraycopy(PAIR, 0, all, 1, PAIR.length);
        System.arraycopy(more, 0, all, 1 + PAIR.length, more.length);
        return all;
    }

    @Test
    void jsonHasTheClockTheCarbonPerRequestAndEveryProbedPoint() throws Exception {
        JsonNode root = json(args("--json"));
        assertEquals("APPLIED", root.get("action").asText());
        assertEquals(1050, root.get("clockMhz").asInt());
        assertEquals("request", root.get("functionalUnit").asText());
        assertTrue(root.get("probes").asInt() <= 5, root.toString());
        assertEquals(15, root.get("candidates").asInt());
        assertEquals(490, root.get("intensityGramsPerKwh").asDouble(), 1e-9);
        JsonNode points = root.get("points");
        assertEquals(root.get("probes").asInt(), points.size());
        double least = Double.MAX_VALUE;
        for (JsonNode p : points) {
            double total = p.get("carbonGrams").asDouble();
            assertEquals(total, p.get("operationalCarbonGrams").asDouble() + p.get("embodiedCarbonGrams").asDouble(),
                    1e-12 * total);
            assertTrue(p.has("clockMhz") && p.has("meetsSlo") && p.has("energyJoules"), p.toString());
            assertEquals(2, p.get("models").size());
            if (p.get("meetsSlo").asBoolean()) {
                least = Math.min(least, total);
            }
        }
        assertEquals(least, root.get("carbonGrams").asDouble(), 0);
        assertEquals("simulated", root.get("mode").asText());
    }

    @Test
    void aCleanGridMovesTheClockUpAndTheSweepAgrees() throws Exception {
        JsonNode wind = json(args("--json", "--intensity", "wind"));
        assertEquals(1140, wind.get("clockMhz").asInt());
        JsonNode sweep = json(args("--json", "--intensity", "wind", "--exhaustive"));
        assertEquals(15, sweep.get("probes").asInt());
        assertEquals(1140, sweep.get("clockMhz").asInt());
    }

    @Test
    void textSaysWhatWasLocked() {
        CliRun run = CliRun.of(args());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("locked 1050 MHz"), run.out());
        assertTrue(run.out().contains("released as this command exits"), run.out());
    }

    @Test
    void withoutClockControlItReportsADryRunNamingThePrivilege() throws Exception {
        JsonNode root = json(args("--json", "--deny-clock-control"));
        assertEquals("DRY_RUN", root.get("action").asText());
        assertFalse(root.get("applied").asBoolean());
        assertEquals(1, root.get("probes").asInt());
        String notes = root.get("notes").toString();
        assertTrue(notes.contains("CAP_SYS_ADMIN") && notes.contains("nvidia-smi -lgc"), notes);
        assertTrue(root.get("reason").asText().contains("root"), root.toString());
        assertEquals(1050, root.get("clockMhz").asInt(), "the offline tuner's prediction of what it would set");
        assertTrue(notes.contains("nvidia-smi -i 0 -lgc 1050,1050"), notes);
    }

    @Test
    void followingATraceRetunesOnceWhenGasGivesWayToWind(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,carbon_intensity_g_per_kwh\n");
        for (int h = 0; h < 12; h++) {
            csv.append(String.format("2024-03-01T%02d:00:00Z,%d%n", h, h < 5 ? 490 : 11));
        }
        Path trace = dir.resolve("day.csv");
        Files.writeString(trace, csv);
        JsonNode root = json(args("--json", "--intensity", "trace:" + trace, "--follow", "10"));
        assertEquals(1050, root.get("clockMhz").asInt());
        JsonNode retunes = root.get("retunes");
        assertEquals(1, retunes.size(), root.toString());
        assertEquals(1140, retunes.get(0).get("clockMhz").asInt());
        assertTrue(retunes.get(0).get("trigger").asText().contains("from 490 to 11"));
    }

    @Test
    void badInputIsOneLineNamingTheFlag() {
        CliRun none = CliRun.of("tune-online");
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("--model") && none.err().lines().count() == 1, none.err());
        CliRun load = CliRun.of(args("--load", "bursty"));
        assertEquals(2, load.exitCode());
        assertTrue(load.err().contains("--load") && load.err().contains("poisson:SHARE"), load.err());
        CliRun clock = CliRun.of(args("--candidates", "1000"));
        assertEquals(2, clock.exitCode());
        assertTrue(clock.err().contains("--candidates") && clock.err().contains("1000 MHz"), clock.err());
        CliRun noCommand = CliRun.of("tune-online", "--nvml-library", "/nonexistent/libnvidia-ml.so.1", "--requests", "5");
        assertEquals(2, noCommand.exitCode());
        assertTrue(noCommand.err().contains("after --"), noCommand.err());
        CliRun noNvml = CliRun.of("tune-online", "--nvml-library", "/nonexistent/libnvidia-ml.so.1", "--requests", "5",
                "--", "true");
        assertEquals(1, noNvml.exitCode());
        assertTrue(noNvml.err().startsWith("greenslice tune-online:"), noNvml.err());
    }

    @Test
    void onNvmlItLocksProbedClocksAroundTheCommandAndResetsThemAtTheEnd(@TempDir Path dir) throws Exception {
        Path calls = dir.resolve("nvml-calls.log");
        String lib = SimulatedNvmlFile.reset("clock real\ntrace " + calls + "\ndevice A100-SXM4-80GB\n  power 0:200000\n");
        JsonNode root = json("tune-online", "--nvml-library", lib, "--nvml-journal", dir.resolve("journal").toString(),
                "--requests", "10", "--json", "--", "sh", "-c", "sleep 0.02");
        assertEquals("nvml", root.get("mode").asText());
        assertEquals("APPLIED", root.get("action").asText(), root.toString());
        assertTrue(root.get("probes").asInt() <= 5);
        assertEquals(15, root.get("candidates").asInt(), "spread from the A100's long list of clocks");
        List<String> log = Files.readAllLines(calls);
        long locks = log.stream().filter(l -> l.startsWith("nvmlDeviceSetGpuLockedClocks") && l.endsWith("rc=0")).count();
        assertTrue(locks >= root.get("probes").asInt(), log.toString());
        assertTrue(log.get(log.size() - 1).startsWith("nvmlDeviceResetGpuLockedClocks"), log.toString());
    }

    @Test
    void onNvmlAJournalDirectoryOthersMayWriteIsRefusedBeforeAnyClockIsLocked(@TempDir Path dir) throws Exception {
        Path calls = dir.resolve("nvml-calls.log");
        Path open = Files.createDirectory(dir.resolve("shared-journal"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        String lib = SimulatedNvmlFile.reset("clock real\ntrace " + calls + "\ndevice A100-SXM4-80GB\n  power 0:200000\n");
        CliRun run = CliRun.of("tune-online", "--nvml-library", lib, "--nvml-journal", open.toString(),
                "--requests", "10", "--json", "--", "sh", "-c", "sleep 0.02");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("can be written by group or others") && run.err().contains("--nvml-journal"),
                run.err());
        assertFalse(run.err().contains("-Dgreenslice"), "the command line speaks of its flag: " + run.err());
        assertFalse(Files.readAllLines(calls).stream()
                .anyMatch(l -> l.startsWith("nvmlDeviceSetGpuLockedClocks") && l.endsWith("rc=0")), "no clock locked");
        try (var s = Files.list(open)) {
            assertEquals(0, s.count(), "nothing written in the refused directory");
        }
    }

    @Test
    void onNvmlWithoutRootItIsADryRun() throws Exception {
        String lib = SimulatedNvmlFile.reset("clock real\npermission user\ndevice A100-SXM4-80GB\n  power 0:200000\n");
        JsonNode root = json("tune-online", "--nvml-library", lib, "--requests", "10", "--json", "--",
                "sh", "-c", "sleep 0.02");
        assertEquals("DRY_RUN", root.get("action").asText(), root.toString());
        assertTrue(root.get("notes").toString().contains("CAP_SYS_ADMIN"), root.toString());
        assertEquals(1, root.get("probes").asInt());
    }
}
