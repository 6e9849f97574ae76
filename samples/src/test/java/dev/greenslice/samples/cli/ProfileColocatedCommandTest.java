package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Measuring co-located sets on the simulated GPU, then calibrating the estimate on them. */
class ProfileColocatedCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void measuredRowsAppendToAFileThatCalibratesTheEstimate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calibration.csv");
        List<String[]> sets = List.of(new String[] {"whisper:16:4;gpt:1:3", "1050"},
                new String[] {"resnet50:8:2;vgg19:8:2;resnet152:8:3", "960"},
                new String[] {"diffusion_256_256:1:4;gpt:1:3", "1410"},
                new String[] {"vgg11:8:1;densenet161:8:1;whisper:4:4", "780"});
        for (String[] s : sets) {
            Cli.Result r = Cli.run("profile", "colocated", "--set", s[0], "--clock", s[1], "--out", file.toString(),
                    "--power-noise", "0.01", "--json");
            assertEquals(0, r.exit(), r.err());
            JsonNode j = JSON.readTree(r.out());
            assertEquals(Integer.parseInt(s[1]), j.get("clockMhz").asInt());
            assertTrue(j.get("measuredBoardPowerWatts").asDouble() > 60, r.out());
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals("clock_mhz,set,measured_board_power_w", lines.get(0));
        assertEquals(5, lines.size());
        assertTrue(lines.get(2).startsWith("960,resnet50:8:2;vgg19:8:2;resnet152:8:3,"), lines.get(2));

        Cli.Result e = Cli.run("estimate", "--clock", "1140", "--model", "whisper:8:4", "--model", "resnet50:8:3",
                "--calibration", file.toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        JsonNode j = JSON.readTree(e.out());
        assertTrue(j.get("powerWatts").asDouble() > 0);
        assertEquals("decomposed-calibrated", j.get("method").asText());
        JsonNode cal = j.get("calibration");
        assertEquals(4, cal.get("sets").asInt());
        assertEquals(3, cal.get("parameters").size());
        assertTrue(cal.get("parameters").has("auxiliaryAddedShare"));
        assertTrue(cal.get("leaveOneOutMapePercent").asDouble() >= 0);
        assertEquals(4, cal.get("residualsWatts").size());
        assertEquals("A100-PCIE-80GB", j.get("gpu").asText());
        boolean named = false;
        for (JsonNode t : j.get("terms")) {
            named |= t.get("name").asText().equals("calibration")
                    && t.get("explanation").asText().contains("calibration.csv");
        }
        assertTrue(named, e.out());

        Cli.Result text = Cli.run("estimate", "--clock", "1140", "--model", "whisper:8:4", "--model", "resnet50:8:3",
                "--calibration", file.toString(), "--gpu", "A100-SXM4-80GB");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("calibration: calibrated on 4 measured sets"), text.out());
        assertTrue(text.out().contains("measured on A100-PCIE-80GB"), text.out());
    }

    @Test
    void badSetsAndFilesGiveOneLineAndWriteNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.csv");
        for (String[] bad : new String[][] {{"whisper:16:4;gpt-1-3", "1050"}, {"whisper:16:4;llama:1:3", "1050"},
                {"resnet152:8:3;vgg11:8:3;densenet161:8:1", "1050"}, {"whisper:16:4", "1000"}, {"", "1050"}}) {
            Cli.Result r = Cli.run("profile", "colocated", "--set", bad[0], "--clock", bad[1], "--out", file.toString());
            assertEquals(2, r.exit(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(file), "nothing written for " + bad[0]);
        }
        Path link = dir.resolve("link.csv");
        Files.createSymbolicLink(link, dir.resolve("target.csv"));
        Cli.Result r = Cli.run("profile", "colocated", "--set", "whisper:16:4", "--clock", "1050", "--out",
                link.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("symbolic link"), r.err());
        assertFalse(Files.exists(dir.resolve("target.csv")));
    }

    @Test
    void aMalformedCalibrationFileIsAnErrorNamingTheLine(@TempDir Path dir) throws Exception {
        String header = "clock_mhz,set,measured_board_power_w\n";
        String good = "1050,whisper:16:4;gpt:1:3,210.5\n";
        String[][] cases = {
                {header + good + "1050,whisper:16:4;gpt:1:3\n", "line 3", "fields"},
                {header + good + "abc,whisper:16:4,200\n", "line 3", "clock_mhz"},
                {header + good + "1050,whisper:16:4,NaN\n", "line 3", "measured_board_power_w"},
                {header + good + "1050,whisper:16:4,-5\n", "line 3", "measured_board_power_w"},
                {header + good + "1050,whisper:16:4,1e999\n", "line 3", "measured_board_power_w"},
                {header + good + "1050,llama:1:3;gpt:1:3,200\n", "line 3", "unknown model 'llama'"},
                {header + "# a comment\n" + good + "1050,resnet152:8:3;vgg11:8:3;densenet161:8:1,200\n", "line 4", "fits no MIG"},
                {header + good + "1050,whisper:16:5,200\n", "line 3", "no whisper"},
                {"clock,set,power\n" + good, "line 1", "header"},
                {"", "", "empty"},
                {header, "", "no rows"},
                {header + good + "1050," + "x".repeat(10_000) + ",200\n", "line 3", "longer than"},
        };
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve("bad.csv"), c[0]);
            Cli.Result r = Cli.run("estimate", "--clock", "960", "--model", "gpt:1:3", "--calibration", file.toString(),
                    "--json");
            assertEquals(2, r.exit(), c[2] + ": " + r.err());
            assertEquals("", r.out());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(c[1]) && r.err().contains(c[2]), c[2] + ": " + r.err());
        }
        Path binary = dir.resolve("binary.csv");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, 0x28, '\n'});
        Cli.Result r = Cli.run("estimate", "--clock", "960", "--model", "gpt:1:3", "--calibration", binary.toString());
        assertTrue(r.exit() == 1 || r.exit() == 2, r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Cli.Result missing = Cli.run("estimate", "--clock", "960", "--model", "gpt:1:3", "--calibration",
                dir.resolve("none.csv").toString());
        assertEquals(1, missing.exit(), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
    }
}
