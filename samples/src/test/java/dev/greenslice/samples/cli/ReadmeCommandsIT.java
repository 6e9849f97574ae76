package dev.greenslice.samples.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every shell command the README shows runs as written, from the repository root, on this machine (no RAPL, no GPU):
 * each command of every {@code ```sh} block (and of the untagged first block) is run by bash with the built
 * {@code samples/target/greenslice.jar}, and must exit 0, or the status its line documents ({@code # exits 1: ...}),
 * within a timeout and without a stack trace.
 *
 * <p>Not run, each counted and printed with its reason: the first block's two commands (the full build and test run,
 * inside which this test runs); {@code ```synopsis REASON} blocks (commands needing what this machine lacks: the
 * network, a cluster); and commands written inline in prose that take minutes (Maven test runs, JMH) or a cluster. A block
 * of any other language than java, xml, sh and synopsis fails the test, so nothing escapes by its tag; an inline
 * {@code greenslice.jar} command fails it too (put it in a {@code ```sh} block).
 *
 * <p>Runs in the integration-test phase (failsafe), after the shaded jars exist. The commands run in a fresh directory
 * under {@code target/} whose entries link to the repository root's, so what they write ({@code k8s/},
 * {@code r.jfr}, {@code my-gpu.csv}) stays out of the checkout; the NVML restore journal goes there too.
 */
class ReadmeCommandsIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("README.md");
    private static final List<String> FIRST_COMMANDS = List.of(
            "./mvnw -q package -DskipTests && java -jar samples/target/greenslice.jar study",
            "./mvnw -q verify");
    private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*(.*)$");
    private static final Pattern EXITS = Pattern.compile("#\\s*exits (\\d+)\\b.*$");
    private static final Pattern INLINE = Pattern.compile("`([^`]+)`");
    /** An inline code span that is a command: optional VAR=value words, then a program this README runs. */
    private static final Pattern INLINE_COMMAND =
            Pattern.compile("^(?:[A-Z_]+=\\S+\\s+)*(?:java|\\./mvnw|kubectl|jfr|curl|bash|sh)\\s.*", Pattern.DOTALL);
    private static final long TIMEOUT_SECONDS = 300;

    record Command(int line, String text, int expectedExit) {
    }

    record NotRun(int line, String text, String reason) {
    }

    record Readme(List<Command> commands, List<NotRun> notRun) {
    }

    @Test
    void everyShellCommandOfTheReadmeRunsAsWritten() throws Exception {
        Readme readme = parse(Files.readAllLines(README, StandardCharsets.UTF_8));
        assertTrue(readme.commands().size() >= 30, "commands found in the README: " + readme.commands().size());
        Path jar = ROOT.resolve("samples/target/greenslice.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: this test runs after the package phase");

        Path work = workspace();
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Command c : readme.commands()) {
            n++;
            Run r = run(work, c, n);
            boolean stackTrace = r.output().lines().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception in thread"));
            String verdict = r.exit() == c.expectedExit() && !stackTrace ? "ok" : "FAILED";
            System.out.printf("README line %d: %s (exit %d, %d ms): %s%n", c.line(), verdict, r.exit(), r.millis(),
                    c.text());
            if (!verdict.equals("ok")) {
                failures.add("README line " + c.line() + ": " + c.text() + "\n  exit " + r.exit() + ", expected "
                        + c.expectedExit() + (stackTrace ? ", with a stack trace" : "") + "; output:\n"
                        + tail(r.output()));
            }
        }
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (NotRun s : readme.notRun()) {
            reasons.merge(s.reason(), 1, Integer::sum);
            System.out.printf("README line %d: not run (%s): %s%n", s.line(), s.reason(), s.text());
        }
        System.out.printf("README commands: %d run, %d failed; %d not run: %s%n", readme.commands().size(),
                failures.size(), readme.notRun().size(), reasons);
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + readme.commands().size() + " README commands do not work as written:\n"
                    + String.join("\n", failures));
        }
    }

    @Test
    void theParserFindsCommandsSkipsWhatItMustAndRefusesUnknownBlocks() {
        Readme r = parse(List.of(
                "```", FIRST_COMMANDS.get(0), FIRST_COMMANDS.get(1), "```",
                "text with `./mvnw -q test -Dtest=X` inline and `java -jar benchmarks/target/benchmarks.jar` too",
                "```sh", "# a comment", "echo a \\", "    b   # trailing words", "false  # exits 1: it fails", "```",
                "```synopsis needs a cluster", "kubectl get nodes", "```",
                "```java", "int x;", "```"));
        assertEquals(List.of(new Command(8, "echo a b   # trailing words", 0), new Command(10, "false  # exits 1: it fails",
                1)), r.commands());
        assertEquals(List.of("the full build and test run, inside which this test runs",
                        "the full build and test run, inside which this test runs",
                        "an inline Maven build or test run (minutes of CPU; ./mvnw verify runs these tests at their default sizes)",
                        "an inline JMH benchmark run (minutes of CPU)", "needs a cluster"),
                r.notRun().stream().map(NotRun::reason).toList());
        assertThrowsAssertion(() -> parse(List.of("```bash", "ls", "```")), "unknown block language");
        assertThrowsAssertion(() -> parse(List.of("```synopsis", "ls", "```")), "a reason");
        assertThrowsAssertion(() -> parse(List.of("run `java -jar samples/target/greenslice.jar gpus` now")),
                "put it in a ```sh block");
        assertThrowsAssertion(() -> parse(List.of("```sh", "ls")), "not closed");
    }

    private static void assertThrowsAssertion(Runnable r, String message) {
        try {
            r.run();
        } catch (AssertionError e) {
            assertTrue(e.getMessage().contains(message), e.getMessage());
            return;
        }
        fail("expected a failure saying " + message);
    }

    static Readme parse(List<String> lines) {
        List<Command> commands = new ArrayList<>();
        List<NotRun> notRun = new ArrayList<>();
        String lang = null;
        String reason = null;
        StringBuilder pending = null;
        int pendingLine = 0;
        boolean firstBlock = true;
        StringBuilder paragraph = new StringBuilder();
        int paragraphLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int number = i + 1;
            Matcher fence = FENCE.matcher(line.trim());
            if (lang == null) {
                if (fence.matches()) {
                    inline(paragraph, paragraphLine, notRun);
                    paragraph.setLength(0);
                    lang = fence.group(1);
                    reason = fence.group(2).trim();
                    if (!List.of("", "sh", "synopsis", "java", "xml", "text").contains(lang)) {
                        fail("README line " + number + ": unknown block language '" + lang
                                + "': use sh (run by this test), synopsis REASON (not run), java, xml or text (a drawing)");
                    }
                    if (lang.equals("synopsis") && reason.isEmpty()) {
                        fail("README line " + number + ": a synopsis block must give a reason why it is not run");
                    }
                } else if (line.isBlank()) {
                    inline(paragraph, paragraphLine, notRun);
                    paragraph.setLength(0);
                } else {
                    if (paragraph.length() == 0) {
                        paragraphLine = number;
                    }
                    // Inline code may break across lines: a paragraph is read as one line.
                    paragraph.append(line.strip()).append(' ');
                }
                continue;
            }
            if (line.trim().equals("```")) {
                if (lang.isEmpty() || lang.equals("sh")) {
                    firstBlock = false;
                }
                lang = null;
                continue;
            }
            if (lang.equals("text")) {
                if (INLINE_COMMAND.matcher(line.strip()).matches()) {
                    fail("README line " + number + ": a command in a text block; put it in an sh block");
                }
                continue; // a drawing or an output, never a command
            }
            if (lang.equals("java") || lang.equals("xml")) {
                continue; // ReadmeSnippetsTest: every Java block is an excerpt of a quick start that a test runs
            }
            if (lang.equals("synopsis")) {
                if (!line.isBlank()) {
                    notRun.add(new NotRun(number, line.trim(), reason));
                }
                continue;
            }
            if (pending == null && (line.isBlank() || line.trim().startsWith("#"))) {
                continue;
            }
            String part = line.strip();
            if (pending == null) {
                pending = new StringBuilder();
                pendingLine = number;
            } else {
                pending.append(' ');
            }
            if (part.endsWith("\\")) {
                // A continued line: joined with one space, as bash reads it.
                pending.append(part.substring(0, part.length() - 1).strip());
                continue;
            }
            pending.append(part);
            String text = pending.toString();
            pending = null;
            if (firstBlock && FIRST_COMMANDS.contains(text)) {
                notRun.add(new NotRun(pendingLine, text, "the full build and test run, inside which this test runs"));
                continue;
            }
            if (lang.isEmpty() && !firstBlock) {
                fail("README line " + pendingLine + ": an untagged block after the first; tag it sh (run) or synopsis");
            }
            Matcher exits = EXITS.matcher(text);
            commands.add(new Command(pendingLine, text, exits.find() ? Integer.parseInt(exits.group(1)) : 0));
        }
        if (lang != null) {
            fail("README: a ``` block is not closed");
        }
        inline(paragraph, paragraphLine, notRun);
        return new Readme(commands, notRun);
    }

    private static void inline(CharSequence paragraph, int number, List<NotRun> notRun) {
        Matcher m = INLINE.matcher(paragraph);
        while (m.find()) {
            String span = m.group(1).trim();
            if (!INLINE_COMMAND.matcher(span).matches()) {
                continue;
            }
            if (span.contains("samples/target/greenslice.jar") || span.contains("greenslice-onnxruntime.jar")) {
                fail("README paragraph at line " + number + ": the command `" + span + "` is inline; put it in a ```sh block so that"
                        + " it is run");
            }
            notRun.add(new NotRun(number, span, inlineReason(span)));
        }
    }

    /** Why a command written inline in prose is not run. */
    private static String inlineReason(String span) {
        if (span.contains("./mvnw")) {
            return "an inline Maven build or test run (minutes of CPU; ./mvnw verify runs these tests at their default sizes)";
        }
        if (span.contains("benchmarks.jar")) {
            return "an inline JMH benchmark run (minutes of CPU)";
        }
        if (span.startsWith("kubectl")) {
            return "an inline kubectl command (needs a cluster)";
        }
        fail("an inline command that this test does not know how to classify: `" + span + "`; put it in a ```sh block");
        return null;
    }

    record Run(int exit, String output, long millis) {
    }

    private static Run run(Path work, Command c, int n) throws IOException, InterruptedException {
        Path log = work.resolve(".readme-output").resolve(n + ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail\n" + c.text())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        // The JDK running this test, for java and jfr; the scenario only where a command names it.
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.remove("GREENSLICE_NVML_SIM_SCENARIO");
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("XDG_STATE_HOME", work.resolve(".state").toString());
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            return new Run(-1, "timed out after " + TIMEOUT_SECONDS + " s\n" + Files.readString(log),
                    (System.nanoTime() - start) / 1_000_000);
        }
        return new Run(p.exitValue(), Files.readString(log), (System.nanoTime() - start) / 1_000_000);
    }

    /** A fresh directory whose entries link to the repository root's, so that the commands' output stays here. */
    private static Path workspace() throws IOException {
        Path work = Path.of("target", "readme-commands").toAbsolutePath();
        if (Files.exists(work)) {
            try (Stream<Path> all = Files.walk(work)) {
                // Links are deleted, never followed.
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(work.resolve(".readme-output"));
        Files.createDirectories(work.resolve(".state"));
        try (Stream<Path> entries = Files.list(ROOT)) {
            for (Path e : entries.toList()) {
                Files.createSymbolicLink(work.resolve(e.getFileName().toString()), e);
            }
        }
        return work;
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
