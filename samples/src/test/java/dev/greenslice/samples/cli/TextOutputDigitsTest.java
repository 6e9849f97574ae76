package dev.greenslice.samples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every command's text output gives figures to meaningful digits and things in words: no raw double
 * ({@code 367.3469387755102}, five or more decimals, seven or more significant digits, Java's {@code 2.0E-4}), no
 * ISO-8601 duration ({@code PT43800H}), no record dump ({@code SimulatedTraffic[...]}, {@code Name[field=...]}).
 * {@code --json} keeps full precision and is not checked here.
 */
class TextOutputDigitsTest {

    private static final Path EXAMPLES = Path.of("..", "examples");
    /** A decimal number that is not part of a dotted version (12.550.54.15) or address. */
    private static final Pattern DECIMAL = Pattern.compile("(?<![\\d.])(\\d+)\\.(\\d+)(?![\\d.]*\\.\\d)");
    private static final Pattern JAVA_DOUBLE = Pattern.compile("\\d\\.\\d+E-?\\d");
    private static final Pattern DURATION = Pattern.compile("\\bPT\\d");
    private static final Pattern RECORD_DUMP = Pattern.compile("\\b[A-Z]\\w*\\[\\w+=|\\b[A-Z][a-z]\\w*[A-Z]\\w*\\[");

    /** The problems of one line of text output, empty if none. */
    static List<String> problems(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = DECIMAL.matcher(line);
        while (m.find()) {
            String whole = m.group(1).replaceFirst("^0+", "");
            String fraction = m.group(2);
            int significant = whole.isEmpty() ? fraction.replaceFirst("^0+", "").length()
                    : whole.length() + fraction.length();
            if (fraction.length() >= 5 || significant >= 7) {
                out.add("raw number " + m.group());
            }
        }
        if (JAVA_DOUBLE.matcher(line).find()) {
            out.add("Java double notation");
        }
        if (DURATION.matcher(line).find()) {
            out.add("ISO-8601 duration");
        }
        if (RECORD_DUMP.matcher(line).find()) {
            out.add("record dump");
        }
        return out;
    }

    @Test
    void theCheckCatchesWhatTheIssueFoundAndPassesWhatIsMeant() {
        assertEquals(List.of("raw number 367.3469387755102"), problems("367.3469387755102 gCO2e/request"));
        assertEquals(List.of("raw number 0.0555467"), problems("operational 0.0555467 gCO2e"));
        assertEquals(List.of("raw number 2377.4857"), problems("carbon per die area 2377.4857 gCO2e/cm2"));
        assertEquals(List.of("ISO-8601 duration"), problems("lifetime PT43800H"));
        assertEquals(List.of("record dump"), problems("SimulatedTraffic[whisper:16:4 closed-loop × 800]"));
        assertEquals(List.of("record dump"), problems("FunctionalUnitReport[units=5, unit=request]"));
        assertEquals(List.of("Java double notation"), problems("1.0·accuracy − 2.0E-4·batch"));
        for (String fine : List.of("NVML 12.550.54.15, driver 550.54.15", "408.1 J", "0.0555 gCO2e", "9.221e-05 gCO2e",
                "23478 gCO2e", "at 2026-12-08T02:06:10.981Z", "0.7685 (accuracy)", "GI 1   4g.40gb      {0}:4",
                "5 years (43,800 h)", "1.36x less", "gpu:0/mig:1: 93.2 J  [share of a hardware counter, nvml]")) {
            assertEquals(List.of(), problems(fine), fine);
        }
    }

    @Test
    void everyCommandsTextOutputUsesMeaningfulDigits(@TempDir Path dir) throws Exception {
        String workload = EXAMPLES.resolve("workload.json").toString();
        String trace = "trace:" + EXAMPLES.resolve("intensity-trace.csv");
        List<String[]> commands = new ArrayList<>(List.of(
                new String[] {"study", "--out", dir.resolve("study").toString()},
                new String[] {"meter", "--intensity", "wind", "--", "sh", "-c", "i=0; while [ $i -lt 20000 ]; do"
                        + " i=$((i+1)); done"},
                new String[] {"intensity", "wind"},
                new String[] {"intensity", trace, "--at", "2024-06-01T12:00:00Z"},
                new String[] {"embodied", "--gpu", "A100-SXM4-80GB"},
                new String[] {"embodied", "--gpu", "H100-SXM5-80GB", "--parameters", "act-defaults",
                        "--lifetime-years", "4"},
                new String[] {"estimate", "--clock", "1050", "--model", "whisper:16:4", "--model", "gpt:1:3"},
                new String[] {"estimate", "--clock", "1050", "--model", "whisper:16:4", "--model", "gpt:1:3",
                        "--calibration", EXAMPLES.resolve("calibration.csv").toString()},
                new String[] {"profile", "predict", "--train", EXAMPLES.resolve("profile-train.csv").toString(),
                        "--query", EXAMPLES.resolve("profile-query.csv").toString()},
                new String[] {"profile", "colocated", "--set", "whisper:16:4;gpt:1:3", "--clock", "1050", "--out",
                        dir.resolve("my-gpu.csv").toString()},
                new String[] {"plan", "--workload", workload},
                new String[] {"plan", "--workload", workload, "--planner", "dedicated", "--intensity", trace},
                new String[] {"plan", "--gpu", "A100-SXM4-80GB", "--workload", workload, "--format", "kubernetes",
                        "--nodes", EXAMPLES.resolve("nodes.json").toString(), "--out", dir.resolve("k8s").toString()},
                new String[] {"tune", "--model", "whisper:16:4", "--model", "gpt:1:3", "--intensity", "wind"},
                new String[] {"tune", "--model", "whisper:16:4", "--model", "gpt:1:3", "--workload", workload},
                new String[] {"tune-online", "--model", "whisper:16:4", "--model", "gpt:1:3"},
                new String[] {"tune-online", "--model", "whisper:16:4", "--model", "gpt:1:3", "--intensity", trace,
                        "--follow", "20"},
                new String[] {"mig", "layouts", "--gpu", "A100-SXM4-80GB"},
                new String[] {"mig", "validate", "--gpu", "A100-SXM4-80GB", "--layout", "4g@0,3g@4"},
                new String[] {"pipeline", "--trace", "bursty", "--optimizer", "exact"},
                new String[] {"pipeline", "--trace", "fluctuating", "--optimizer", "q-learning", "--predictor", "trend",
                        "--minimize", "carbon", "--seed", "2"}));
        List<String> failures = new ArrayList<>();
        for (String[] args : commands) {
            check(Cli.run(args), args, failures);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " lines print raw figures:\n" + String.join("\n", failures));
        }
    }

    @Test
    void theGpuCommandsTextOutputUsesMeaningfulDigits() throws Exception {
        String lib = SimulatedNvmlFile.reset(Files.readString(EXAMPLES.resolve("simulated-gpus.scenario"))
                .replace("clock real", "clock manual"));
        List<String> failures = new ArrayList<>();
        check(Cli.run("gpus", "--nvml-library", lib), new String[] {"gpus"}, failures);
        check(Cli.run("meter", "--nvml-library", lib, "--", "true"), new String[] {"meter", "--nvml-library"},
                failures);
        check(Cli.run("clocks", "apply", "--sm-mhz", "0=1050", "--nvml-library", lib),
                new String[] {"clocks", "apply"}, failures);
        if (!failures.isEmpty()) {
            fail(failures.size() + " lines print raw figures:\n" + String.join("\n", failures));
        }
    }

    private static void check(Cli.Result r, String[] args, List<String> failures) {
        String command = "greenslice " + String.join(" ", args);
        assertEquals(0, r.exit(), command + ": " + r.err());
        assertTrue(!r.out().isBlank(), command + " printed nothing");
        for (String line : r.out().lines().toList()) {
            List<String> p = problems(line);
            if (!p.isEmpty()) {
                failures.add(command + ": " + p + " in: " + line);
            }
        }
    }
}
