package dev.greenslice.samples.quickstart;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every Java block in the README is an excerpt of a quick-start source that the build compiles and a test runs
 * ({@link QuickStartsTest}, {@link MeterQuickStartTest}, on any machine: no RAPL or GPU needed), so the README cannot
 * drift from the API.
 */
class ReadmeSnippetsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "greenslice", "samples", "quickstart");
    private static final Path TESTS = Path.of("src", "test", "java");

    @Test
    void everyJavaBlockOfTheReadmeIsCompiledCode() throws IOException {
        List<List<String>> blocks = javaBlocks(Files.readAllLines(README));
        assertTrue(blocks.size() >= 4, "java blocks in the README: " + blocks.size());
        Map<String, List<String>> sources = new TreeMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(f.getFileName().toString().replace(".java", ""), normalized(Files.readAllLines(f)));
            }
        }
        String tests = testSources();
        for (List<String> block : blocks) {
            List<String> b = normalized(block);
            List<String> in = sources.entrySet().stream().filter(s -> Collections.indexOfSubList(s.getValue(), b) >= 0)
                    .map(Map.Entry::getKey).toList();
            if (in.isEmpty()) {
                fail("This README block is in no quick-start source under " + SOURCES + "; copy it from there:\n"
                        + String.join("\n", block));
            }
            // ... and that source runs here (no RAPL, no GPU): a test calls its run method.
            assertTrue(in.stream().anyMatch(c -> tests.contains(c + ".run(")), "The quick start(s) " + in
                    + " holding this README block are run by no test (call " + in.get(0) + ".run(...) in one):\n"
                    + String.join("\n", block));
        }
    }

    @Test
    void everyQuickStartIsRunByATest() throws IOException {
        String tests = testSources();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith("QuickStart.java")).toList()) {
                String c = f.getFileName().toString().replace(".java", "");
                assertTrue(tests.contains(c + ".run("), c + " is run by no test");
            }
        }
    }

    private static String testSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(TESTS)) {
            for (Path f : files.filter(p -> p.toString().endsWith("Test.java")).toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    private static List<List<String>> javaBlocks(List<String> lines) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = null;
        for (String line : lines) {
            if (current == null && line.trim().equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && line.trim().equals("```")) {
                out.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return out;
    }

    /** Trimmed, without blank lines or lines that only elide ("..."). */
    private static List<String> normalized(List<String> lines) {
        return lines.stream().map(String::trim).filter(l -> !l.isEmpty() && !l.equals("...")).toList();
    }
}
