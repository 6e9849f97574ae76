package dev.greenslice.samples.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command's {@code --help} renders: picocli formats descriptions, so a bare {@code %} breaks them. */
class HelpTextTest {

    @Test
    void everyCommandsHelpRendersWithoutFormatWarnings() {
        List<List<String>> paths = new ArrayList<>();
        collect(GreenSliceCommand.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 14, "commands found: " + paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
            assertFalse(r.err().contains("picocli WARN"), String.join(" ", args) + ": " + r.err());
            assertFalse(r.out().contains("%n"), String.join(" ", args) + ": " + r.out());
            assertTrue(r.out().startsWith("Usage: greenslice"), String.join(" ", args) + ": " + r.out());
        }
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }
}
