package dev.greenslice.samples.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No main code changes behaviour on the clock's concrete type: it asks the clock ({@code Clock.advancesByItself()},
 * {@code Clock.sleep}) instead. Scans every module's main sources, the command line's included.
 */
class ClockTypeTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern TYPE_SWITCH = Pattern.compile(
            "instanceof\\s+(dev\\.greenslice\\.carbon\\.)?MockClock\\b|MockClock\\.class\\s*\\.\\s*isInstance"
                    + "|getClass\\(\\)\\s*==\\s*MockClock\\.class|case\\s+MockClock\\s");

    @Test
    void noMainSourceAsksWhetherTheClockIsAMockClock() throws IOException {
        List<String> offences = new ArrayList<>();
        int files = 0;
        try (Stream<Path> walk = Files.walk(ROOT, 6)) {
            for (Path dir : walk.filter(p -> p.endsWith(Path.of("src", "main", "java")) && Files.isDirectory(p))
                    .filter(p -> !p.toString().contains("target")).toList()) {
                try (Stream<Path> sources = Files.walk(dir)) {
                    for (Path f : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                        files++;
                        List<String> lines = Files.readAllLines(f);
                        for (int i = 0; i < lines.size(); i++) {
                            if (TYPE_SWITCH.matcher(lines.get(i)).find()) {
                                offences.add(ROOT.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
                            }
                        }
                    }
                }
            }
        }
        assertTrue(files > 300, "main sources found: " + files);
        assertEquals(List.of(), offences, "main code switching on the clock's type (use Clock.advancesByItself() or"
                + " Clock.sleep)");
    }

    @Test
    void thePatternCatchesTheFormsOfATypeSwitch() {
        for (String line : List.of("if (clock instanceof MockClock m) {", "x = !(c instanceof dev.greenslice.carbon.MockClock);",
                "MockClock.class.isInstance(c)", "c.getClass() == MockClock.class", "case MockClock m -> 1;")) {
            assertTrue(TYPE_SWITCH.matcher(line).find(), line);
        }
        assertTrue(!TYPE_SWITCH.matcher("MockClock clock = new MockClock();").find());
    }
}
