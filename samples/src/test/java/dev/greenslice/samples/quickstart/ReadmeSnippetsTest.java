package dev.greenslice.samples.quickstart;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every Java block in the README is an excerpt of a quick-start source that the build compiles and
 * {@link QuickStartsTest} runs, so the README cannot drift from the API.
 */
class ReadmeSnippetsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "greenslice", "samples", "quickstart");

    @Test
    void everyJavaBlockOfTheReadmeIsCompiledCode() throws IOException {
        List<List<String>> blocks = javaBlocks(Files.readAllLines(README));
        assertTrue(blocks.size() >= 4, "java blocks in the README: " + blocks.size());
        List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.add(normalized(Files.readAllLines(f)));
            }
        }
        for (List<String> block : blocks) {
            List<String> b = normalized(block);
            if (sources.stream().noneMatch(s -> Collections.indexOfSubList(s, b) >= 0)) {
                fail("This README block is in no quick-start source under " + SOURCES + "; copy it from there:\n"
                        + String.join("\n", block));
            }
        }
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
