package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenslice.estimators.profile.EnerTuneA100;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws Exception {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void defaultsToTheEmbeddedDataAndTheBestEstimator() throws Exception {
        JsonNode j = json("estimate", "--clock", "960", "--model", "gpt:1:3", "--model", "diffusion_256_256:1:4", "--json");
        assertEquals("decomposed", j.get("method").asText());
        assertEquals(960, j.get("clockMhz").asInt());
        double total = j.get("powerWatts").asDouble();
        double terms = 0;
        for (JsonNode t : j.get("terms")) {
            terms += t.get("powerWatts").asDouble();
            assertTrue(t.get("explanation").asText().length() > 10);
        }
        assertEquals(total, terms, 1e-9);
        double attributable = 0;
        for (JsonNode m : j.get("models")) {
            attributable += m.get("attributablePowerWatts").asDouble();
        }
        assertEquals(total, attributable, 1e-9);
        assertEquals("gpt", j.get("models").get(0).get("model").asText());
        assertEquals(3, j.get("models").get(0).get("migSlices").asInt());
        assertTrue(j.get("profiles").asText().contains("embedded"));
    }

    @Test
    void additiveCountsTheBaselineOncePerModel() throws Exception {
        double additive = json("estimate", "--clock", "1410", "--model", "vgg11:8:3", "--model", "resnet50:8:4",
                "--method", "additive", "--json").get("powerWatts").asDouble();
        double summed = json("estimate", "--clock", "1410", "--model", "vgg11:8:3", "--model", "resnet50:8:4",
                "--method", "decomposed-summed-auxiliary", "--json").get("powerWatts").asDouble();
        assertEquals(EnerTuneA100.devicePower().baseline(1410).watts(), additive - summed, 1e-9);
    }

    @Test
    void aModelAloneIsItsMeasuredBoardPowerFromGivenFiles(@TempDir Path dir) throws Exception {
        Path profiles = Files.writeString(dir.resolve("p.csv"),
                "model,batch_size,mig_slices,frequency,dynamic_power_draw,throughput,latency\n"
                        + "tiny,1,1,1000,10,100,10\ntiny,1,7,1000,40,500,2\n");
        Path device = Files.writeString(dir.resolve("d.csv"),
                "frequency_mhz,static_power_w,fan_power_w,idle_power_w\n1000,30,20,5\n");
        JsonNode j = json("estimate", "--profiles", profiles.toString(), "--device", device.toString(), "--clock", "1000",
                "--model", "tiny:1:7", "--json");
        assertEquals(95.0, j.get("powerWatts").asDouble(), 1e-9);
        Cli.Result text = Cli.run("estimate", "--profiles", profiles.toString(), "--device", device.toString(),
                "--clock", "1000", "--model", "tiny:1:1", "--model", "tiny:1:1");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("board power at 1000 MHz"), text.out());
        assertTrue(text.out().contains("attributable power:"), text.out());
    }

    @Test
    void badInputGivesOneLineAndANonZeroExit(@TempDir Path dir) throws Exception {
        Cli.Result unknown = Cli.run("estimate", "--clock", "960", "--model", "llama:1:3");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("No profile for model 'llama'"), unknown.err());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());

        Cli.Result format = Cli.run("estimate", "--clock", "960", "--model", "gpt-1-3");
        assertEquals(2, format.exit());
        assertTrue(format.err().contains("--model: Model 'gpt-1-3' is not of the form NAME:BATCH:SLICES"), format.err());

        Cli.Result clock = Cli.run("estimate", "--clock", "1000", "--model", "gpt:1:3");
        assertEquals(2, clock.exit());
        assertTrue(clock.err().contains("--clock: no baseline power at 1000 MHz"), clock.err());

        Cli.Result method = Cli.run("estimate", "--clock", "960", "--model", "gpt:1:3", "--method", "magic");
        assertEquals(2, method.exit());
        assertTrue(method.err().contains("--method"), method.err());

        Cli.Result slices = Cli.run("estimate", "--clock", "960", "--model", "gpt:1:4", "--model", "gpt:1:4");
        assertEquals(2, slices.exit());
        assertTrue(slices.err().contains("use 8 compute slices"), slices.err());

        Path broken = Files.writeString(dir.resolve("broken.csv"),
                "model,batch_size,mig_slices,frequency,dynamic_power_draw,throughput,latency\ngpt,1,3,960,-2,1,1\n");
        Cli.Result file = Cli.run("estimate", "--profiles", broken.toString(), "--clock", "960", "--model", "gpt:1:3");
        assertEquals(2, file.exit());
        assertTrue(file.err().contains("broken.csv line 2: column dynamic_power_draw is -2"), file.err());

        Cli.Result missing = Cli.run("estimate", "--profiles", dir.resolve("nope.csv").toString(), "--clock", "960",
                "--model", "gpt:1:3");
        assertTrue(missing.exit() != 0);
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }

    @Test
    void helpSaysTheDefaultsAreEmbedded() {
        Cli.Result r = Cli.run("estimate", "--help");
        assertEquals(0, r.exit());
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("Default: the embedded EnerTune A100-80GB data set"), help);
    }
}
