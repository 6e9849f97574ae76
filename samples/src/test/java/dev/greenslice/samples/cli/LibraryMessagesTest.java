package dev.greenslice.samples.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Library messages speak of builder settings and system properties, never of command-line flags: the command
 * line translates them where it catches them. Scans every string literal of every library module's main sources
 * (everything with {@code src/main/java} but the command line, the ONNX Runtime samples and the benchmarks).
 */
class LibraryMessagesTest {

    /** Flags of other programs that a library message may tell the user to pass to that program. */
    private static final Map<String, String> OTHER_PROGRAMS_FLAGS = Map.of(
            "--allow-gpu-metrics", "tritonserver",
            "--allow-metrics", "tritonserver",
            "--cap-add", "docker");

    /**
     * A literal that is one flag and nothing else is an argument of a command the library writes (the clock
     * DaemonSet's {@code greenslice clocks apply} in the Kubernetes manifests), not a message.
     */
    private static final Set<String> ARGUMENT_VECTOR_FILES = Set.of("ClusterManifests.java");

    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    private static final Path ROOT = Path.of("..");
    private static final Set<String> NOT_LIBRARIES = Set.of("samples", "samples-onnxruntime", "benchmarks", "examples");

    @Test
    void noLibraryStringLiteralNamesACommandLineFlag() throws IOException {
        Set<String> cliFlags = new TreeSet<>();
        collectFlags(GreenSliceCommand.commandLine(), cliFlags);
        assertTrue(cliFlags.contains("--rapl-root") && cliFlags.contains("--nvml-library") && cliFlags.contains("--device"),
                "the command line's flags were not all found: " + cliFlags);

        List<Path> sources = librarySources();
        assertTrue(sources.size() > 200, "library sources found: " + sources.size());
        List<String> offences = new ArrayList<>();
        for (Path file : sources) {
            String text = Files.readString(file);
            boolean argv = ARGUMENT_VECTOR_FILES.contains(file.getFileName().toString());
            for (String literal : stringLiterals(text)) {
                Matcher m = FLAG.matcher(literal);
                while (m.find()) {
                    String flag = m.group();
                    if (argv && literal.equals(flag)) {
                        continue;
                    }
                    if (cliFlags.contains(flag) || !OTHER_PROGRAMS_FLAGS.containsKey(flag)) {
                        offences.add(ROOT.relativize(file) + ": " + flag + " in \"" + literal + "\"");
                    }
                }
            }
        }
        assertEquals(List.of(), offences, "library string literals naming command-line flags (say which builder"
                + " setting or system property instead; the command line translates)");
    }

    @Test
    void theScannerFindsFlagsInLiteralsAndNotInComments() {
        String java = "class A { /* \"--in-comment\" */ // \"--also\"\n String s = \"use --rapl-root \\\"x\\\"\";"
                + " char c = '\"'; String t = \"\"\"\n  text --device block\n  \"\"\"; String u = \"a-b --\"; }";
        List<String> literals = stringLiterals(java);
        assertEquals(List.of("use --rapl-root \\\"x\\\"", "\n  text --device block\n  ", "a-b --"), literals);
    }

    private static void collectFlags(CommandLine cl, Set<String> out) {
        for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
            for (String name : o.names()) {
                if (name.startsWith("--")) {
                    out.add(name);
                }
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            collectFlags(sub, out);
        }
    }

    private static List<Path> librarySources() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(ROOT, 6)) {
            walk.filter(p -> p.endsWith(Path.of("src", "main", "java")) && Files.isDirectory(p))
                    .filter(p -> !NOT_LIBRARIES.contains(ROOT.relativize(p).getName(0).toString()))
                    .filter(p -> !p.toString().contains("target"))
                    .forEach(dir -> {
                        try (Stream<Path> files = Files.walk(dir)) {
                            files.filter(f -> f.toString().endsWith(".java")).forEach(out::add);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return out;
    }

    /** The contents of the string literals and text blocks of Java source, comments and char literals skipped. */
    static List<String> stringLiterals(String src) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                int eol = src.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != '\'') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                int start = src.indexOf('\n', i) + 1;
                out.add(src.substring(start - 1, end < 0 ? n : end));
                i = end < 0 ? n : end + 3;
            } else if (c == '"') {
                int j = i + 1;
                while (j < n && src.charAt(j) != '"') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                out.add(src.substring(i + 1, Math.min(j, n)));
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }
}
