package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.intensity.IntensityTrace;
import dev.greenslice.intensity.live.UkCarbonIntensity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntensityCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new GreenSliceCommand());
        cl.setExecutionExceptionHandler(new OneLineErrors());
        cl.setParameterExceptionHandler(new OneLineErrors());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void showsATraceValueAsJson(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "timestamp,carbon_intensity_g_per_kwh\n"
                + "2024-01-01T00:00:00Z,100\n2024-01-01T01:00:00Z,250.5\n");
        Run r = run("intensity", "trace:" + csv, "--at", "2024-01-01T01:30:00Z", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode n = JsonOutput.MAPPER.readTree(r.out());
        assertEquals(250.5, n.get("gramsPerKwh").asDouble());
        assertEquals("lifecycle", n.get("basis").asText());
        assertEquals("2024-01-01T01:30:00Z", n.get("at").asText());
        assertTrue(n.get("source").asText().contains("t.csv"));
    }

    @Test
    void showsAnEnergySourceWithItsRange() throws IOException {
        Run r = run("intensity", "wind", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode n = JsonOutput.MAPPER.readTree(r.out());
        assertEquals(11, n.get("gramsPerKwh").asDouble());
        assertEquals(7, n.get("lowGramsPerKwh").asDouble());
        assertEquals(56, n.get("highGramsPerKwh").asDouble());
        assertEquals(2014, n.get("year").asInt());
    }

    @Test
    void badInputIsOneLineOnStderrWithANonZeroExit() {
        Run unknown = run("intensity", "peat");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("greenslice intensity: Unknown intensity 'peat'"), unknown.err());
        assertTrue(unknown.err().contains("electricitymaps:ZONE"), unknown.err());
        assertEquals(1, unknown.err().strip().lines().count());

        Run beyond = run("intensity", "gas", "--at", "yesterday");
        assertEquals(2, beyond.exit());
        assertTrue(beyond.err().contains("--at 'yesterday'"), beyond.err());
    }

    @Test
    void specsMapToTheirSources(@TempDir Path dir) throws IOException {
        Clock clock = Clock.system();
        assertEquals(EnergySource.GAS.factor(), IntensitySpec.parse("GAS", clock, null).at(Instant.EPOCH));
        assertEquals(42, IntensitySpec.parse("42", clock, null).at(Instant.EPOCH).value().gramsPerKwh());
        Path csv = Files.writeString(dir.resolve("em.csv"), "Datetime (UTC),Zone Id,"
                + "Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA)\n"
                + "2023-01-01 00:00:00,DE,100,150\n2023-01-01 01:00:00,DE,110,160\n");
        IntensitySource direct = IntensitySpec.parse("trace:" + csv + ":direct", clock, null);
        assertEquals(IntensityBasis.DIRECT, ((IntensityTrace) direct).basis());
        assertEquals(100, direct.at(Instant.parse("2023-01-01T00:30:00Z")).value().gramsPerKwh());
        assertEquals(150, IntensitySpec.parse(csv.toString(), clock, null)
                .at(Instant.parse("2023-01-01T00:30:00Z")).value().gramsPerKwh());
        assertInstanceOf(UkCarbonIntensity.class, IntensitySpec.parse("uk:region:13", clock,
                CarbonIntensities.of(EnergySource.GAS)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IntensitySpec.parse("electricitymaps:", clock, null))
                .getMessage().contains("electricitymaps:DE"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IntensitySpec.parse("uk:region:x", clock, null))
                .getMessage().contains("uk:region:13"));
    }
}
