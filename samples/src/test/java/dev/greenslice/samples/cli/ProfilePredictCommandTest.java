package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfileCsv;
import dev.greenslice.estimators.profile.ProfilePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The acceptance check, end to end through the command line: 10 % trained, the other 90 % queried. */
class ProfilePredictCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Split(Path train, Path query, Path device, Map<String, ProfilePoint> heldOut) {
    }

    private static String key(String model, int b, int s, int f) {
        return model + "/" + b + "/" + s + "/" + f;
    }

    private static Split split(Path dir, long seed) throws Exception {
        DevicePowerProfile device = EnerTuneA100.devicePower();
        List<ModelProfile> train = new ArrayList<>();
        List<ModelProfile> query = new ArrayList<>();
        Map<String, ProfilePoint> held = new HashMap<>();
        Random rnd = new Random(seed);
        for (ModelProfile p : EnerTuneA100.profiles()) {
            List<ProfilePoint> pts = new ArrayList<>(p.points());
            Collections.shuffle(pts, rnd);
            int n = (int) Math.round(0.1 * pts.size());
            train.add(ModelProfile.of(p.model(), pts.subList(0, n), "train"));
            query.add(ModelProfile.of(p.model(), pts.subList(n, pts.size()), "query"));
            for (ProfilePoint q : pts.subList(n, pts.size())) {
                held.put(key(p.model(), q.batchSize(), q.slices(), q.clockMhz()), q);
            }
        }
        Path t = dir.resolve("train.csv");
        Path q = dir.resolve("query.csv");
        Path d = dir.resolve("device.csv");
        try (Writer w = Files.newBufferedWriter(t)) {
            ProfileCsv.writeProfiles(ModelProfiles.of(train, "train"), device, w);
        }
        try (Writer w = Files.newBufferedWriter(q)) {
            ProfileCsv.writeProfiles(ModelProfiles.of(query, "query"), device, w);
        }
        StringBuilder sb = new StringBuilder("frequency_mhz,static_power_w,fan_power_w,idle_power_w\n");
        for (int c : device.clocksMhz()) {
            DevicePowerProfile.Baseline b = device.at(c);
            sb.append(c).append(',').append(b.staticPower().watts()).append(',').append(b.fanPower().watts()).append(',')
                    .append(b.idlePower().watts()).append('\n');
        }
        Files.writeString(d, sb);
        return new Split(t, q, d, held);
    }

    @Test
    void predictsTheHeldOutNinetyPercentWithinTheTargets(@TempDir Path dir) throws Exception {
        Split s = split(dir, 11);
        Cli.Result r = Cli.run("profile", "predict", "--train", s.train().toString(), "--query", s.query().toString(),
                "--device", s.device().toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode rows = JSON.readTree(r.out());
        assertEquals(s.heldOut().size(), rows.size());
        DevicePowerProfile device = EnerTuneA100.devicePower();
        Map<String, double[]> perModel = new HashMap<>();
        for (JsonNode row : rows) {
            String model = row.get("model").asText();
            int b = row.get("batchSize").asInt();
            int sl = row.get("migSlices").asInt();
            int f = row.get("clockMhz").asInt();
            ProfilePoint truth = s.heldOut().get(key(model, b, sl, f));
            double board = truth.boardPower(device.baseline(f)).watts();
            assertEquals("board", row.get("powerBasis").asText());
            assertEquals(row.get("powerWatts").asDouble(), row.get("boardPowerWatts").asDouble(), 1e-12);
            double[] acc = perModel.computeIfAbsent(model, m -> new double[3]);
            acc[0] += Math.abs(row.get("powerWatts").asDouble() - board) / board;
            acc[1] += Math.abs(row.get("latencyMs").asDouble() - truth.latencyMs()) / truth.latencyMs();
            acc[2]++;
            assertTrue(row.get("throughput").asDouble() > 0);
        }
        double power = 0;
        double latency = 0;
        for (double[] acc : perModel.values()) {
            power += acc[0] / acc[2] / perModel.size();
            latency += acc[1] / acc[2] / perModel.size();
        }
        assertEquals(11, perModel.size());
        assertTrue(power <= 0.05, "board power MAPE " + power);
        assertTrue(latency <= 0.08, "latency MAPE " + latency);
    }

    @Test
    void withoutTheDevicePowerIsDynamicAndTheTableIsReadable(@TempDir Path dir) throws Exception {
        Split s = split(dir, 5);
        Cli.Result r = Cli.run("profile", "predict", "--train", s.train().toString(), "--query", s.query().toString(),
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode first = JSON.readTree(r.out()).get(0);
        assertEquals("dynamic", first.get("powerBasis").asText());
        assertEquals(first.get("powerWatts").asDouble(), first.get("dynamicPowerWatts").asDouble(), 1e-12);
        assertTrue(first.get("boardPowerWatts") == null);
        Cli.Result text = Cli.run("profile", "predict", "--train", s.train().toString(), "--query", s.query().toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().startsWith("model"), text.out().substring(0, 100));
        assertTrue(text.out().contains("dynamic power (give --device for board power)"), text.out());
    }

    @Test
    void badFilesAreNamedWithTheirLine(@TempDir Path dir) throws Exception {
        Split s = split(dir, 3);
        Path badQuery = Files.writeString(dir.resolve("q.csv"), "model,batch_size,mig_slices,frequency\nllama,1,7,1410\n");
        Cli.Result unknown = Cli.run("profile", "predict", "--train", s.train().toString(), "--query", badQuery.toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("query for model 'llama'"), unknown.err());

        Path malformed = Files.writeString(dir.resolve("t.csv"),
                "model,batch_size,mig_slices,frequency,dynamic_power_draw,throughput,latency\ngpt,1,3,960,5,1\n");
        Cli.Result rows = Cli.run("profile", "predict", "--train", malformed.toString(), "--query", badQuery.toString());
        assertEquals(2, rows.exit());
        assertTrue(rows.err().contains("t.csv line 2: has 6 fields but the header has 7"), rows.err());

        Path noKey = Files.writeString(dir.resolve("k.csv"), "model,batch_size,frequency\ngpt,1,960\n");
        Cli.Result key = Cli.run("profile", "predict", "--train", s.train().toString(), "--query", noKey.toString());
        assertEquals(2, key.exit());
        assertTrue(key.err().contains("missing column mig_slices"), key.err());
    }
}
