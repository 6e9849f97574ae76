package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM and SIGINT sent to a real {@code greenslice} JVM (started as a subprocess on this module's class path):
 * the command's process tree is stopped, the report is printed marked incomplete, the exit status is 128 + signal.
 */
class StopSignalsEndToEndTest {

    /** A started CLI, the processes it started, and where its output goes. */
    private record Cli(Process process, List<ProcessHandle> tree, Path out, Path err) {
        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }
    }

    private static Cli start(Path dir, int sleeps, List<String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GreenSliceCommand.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        for (String kv : env) {
            pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        Process p = pb.start();
        // Wait until the command's tree is up: sh and its sleeps.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<ProcessHandle> tree = List.of();
        while (System.nanoTime() < deadline) {
            tree = p.descendants().toList();
            long n = tree.stream().filter(h -> h.info().command().orElse("").endsWith("sleep")).count();
            if (n >= sleeps) {
                break;
            }
            assertTrue(p.isAlive(), () -> "the CLI ended early: " + read(err));
            Thread.sleep(50);
        }
        assertTrue(tree.size() >= sleeps + 1, "the command's tree did not start: " + tree);
        return new Cli(p, tree, out, err);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void kill(Process p, String signal) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, k.waitFor());
    }

    private static int awaitExit(Cli cli) throws Exception {
        assertTrue(cli.process().waitFor(60, TimeUnit.SECONDS), "the CLI did not exit after the signal");
        return cli.process().exitValue();
    }

    private static void assertTreeGone(Cli cli) {
        for (ProcessHandle h : cli.tree()) {
            assertFalse(h.isAlive(), () -> "left running: " + h.pid() + " " + h.info().commandLine().orElse(""));
        }
    }

    @Test
    void sigtermStopsTheCommandsTreeAndPrintsTheJsonReportMarkedIncomplete(@TempDir Path dir) throws Exception {
        Cli cli = start(dir, 2, List.of(), "meter", "--json", "--", "sh", "-c", "sleep 30 & sleep 30; wait");
        kill(cli.process(), "TERM");
        assertEquals(143, awaitExit(cli), () -> read(cli.err()));
        assertTreeGone(cli);
        JsonNode root = JsonOutput.MAPPER.readTree(cli.stdout());
        assertFalse(root.get("complete").asBoolean(), root.toString());
        assertEquals("SIGTERM", root.get("stoppedBy").asText());
        assertEquals(143, root.get("exitCode").asInt(), "sh itself was stopped by the forwarded SIGTERM");
        assertTrue(root.get("report").get("domains").size() > 0, root.toString());
    }

    @Test
    void sigintDoesTheSameInTextWithStatus130(@TempDir Path dir) throws Exception {
        Cli cli = start(dir, 1, List.of(), "meter", "--", "sh", "-c", "sleep 30");
        kill(cli.process(), "INT");
        assertEquals(130, awaitExit(cli), () -> read(cli.err()));
        assertTreeGone(cli);
        String out = cli.stdout();
        assertTrue(out.contains("INCOMPLETE: greenslice got SIGINT"), out);
        assertTrue(out.contains("Carbon report"), out);
    }

    @Test
    void aCommandThatIgnoresTheSignalIsKilledAfterTheGrace(@TempDir Path dir) throws Exception {
        // An ignored signal stays ignored across exec: sleep ignores SIGTERM too.
        Cli cli = start(dir, 1, List.of(), "meter", "--json", "--kill-after", "0.5", "--", "sh", "-c",
                "trap '' TERM; sleep 30; true");
        kill(cli.process(), "TERM");
        assertEquals(143, awaitExit(cli), () -> read(cli.err()));
        assertTreeGone(cli);
        JsonNode root = JsonOutput.MAPPER.readTree(cli.stdout());
        assertFalse(root.get("complete").asBoolean());
        assertEquals(137, root.get("exitCode").asInt(), "SIGKILLed after the grace");
    }

    @Test
    void tuneOnlineStopsItsProbeCommandAndRestoresTheClock(@TempDir Path dir) throws Exception {
        Path calls = dir.resolve("nvml-calls.log");
        Path scenario = dir.resolve("scenario.txt");
        Files.writeString(scenario, "clock real\ntrace " + calls + "\ndevice A100-SXM4-80GB\n  power 0:200000\n");
        String lib = SimulatedNvmlFile.library().toString();
        Cli cli = start(dir, 1, List.of("GREENSLICE_NVML_SIM_SCENARIO=" + scenario), "tune-online", "--nvml-library",
                lib, "--requests", "10", "--json", "--", "sh", "-c", "sleep 30");
        kill(cli.process(), "TERM");
        assertEquals(143, awaitExit(cli), () -> read(cli.err()));
        assertTreeGone(cli);
        String err = cli.stderr();
        assertTrue(err.contains("stopped by SIGTERM during a probe") && err.contains("restored"), err);
        List<String> log = Files.readAllLines(calls);
        assertTrue(log.get(log.size() - 1).startsWith("nvmlDeviceResetGpuLockedClocks"), log.toString());
    }
}
