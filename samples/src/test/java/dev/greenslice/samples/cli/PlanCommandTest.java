package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String PAIR = "{\"models\":["
            + "{\"model\":\"gpt\",\"batchSize\":1,\"requests\":40,\"arrival\":\"poisson\",\"loadShare\":0.5},"
            + "{\"model\":\"diffusion_256_256\",\"batchSize\":1,\"requests\":83,\"arrival\":\"poisson\",\"loadShare\":0.5,"
            + "\"sloFactor\":5}]}";

    static Path file(Path dir, String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    static JsonNode json(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void theCarbonPlanSharesTheStudyPairAndReportsEveryFigure(@TempDir Path dir) throws Exception {
        Path w = file(dir, "pair.json", PAIR);
        JsonNode j = json("plan", "--workload", w.toString(), "--gpu", "A100-SXM4-80GB", "--intensity", "gas", "--json");
        assertEquals("carbon", j.get("planner").asText());
        assertEquals(1, j.get("gpus").size());
        double total = j.get("totalCarbonGrams").asDouble();
        assertEquals(total, j.get("operationalCarbonGrams").asDouble() + j.get("embodiedCarbonGrams").asDouble(), 1e-9);
        assertTrue(j.get("gpuHours").asDouble() > 0);
        JsonNode gpu = j.get("gpus").get(0);
        assertTrue(gpu.get("clockMhz").asInt() >= 690);
        Set<String> models = new HashSet<>();
        for (JsonNode i : gpu.get("layout")) {
            assertTrue(i.get("profile").asText().matches("\\dg\\.\\d+gb"), i.toString());
            assertTrue(i.get("start").asInt() >= 0 && i.get("size").asInt() >= 1, i.toString());
            models.add(i.get("model").asText());
        }
        assertEquals(Set.of("gpt", "diffusion_256_256"), models);
        assertTrue(j.get("sharing").get("netSavedGrams").asDouble() > 0);
        // Two models: the carbon plan is the exact optimum, so the proven bound is its total.
        assertEquals("exact", j.get("boundMethod").asText());
        assertEquals(total, j.get("lowerBoundCarbonGrams").asDouble(), 1e-9 * total);
        assertEquals(0, j.get("optimalityGapPercent").asDouble(), 1e-6);
        assertTrue(j.get("intensity").asText().startsWith("gas"));
        assertTrue(j.get("profiles").asText().contains("embedded"));
        // The layout the plan names is one `mig validate` accepts.
        StringBuilder layout = new StringBuilder();
        for (JsonNode i : gpu.get("layout")) {
            layout.append(layout.length() == 0 ? "" : ",").append(i.get("profile").asText()).append('@')
                    .append(i.get("start").asInt());
        }
        CliRun ok = CliRun.of("mig", "validate", "--gpu", "A100-SXM4-80GB", "--layout", layout.toString());
        assertEquals(0, ok.exitCode(), ok.err());
    }

    @Test
    void theEmbeddedDataGivenAsAFilePlansExactlyAsTheEmbeddedCopy(@TempDir Path dir) throws Exception {
        Path w = file(dir, "pair.json", PAIR);
        Path profiles = dir.resolve("model_datastore.csv");
        try (var in = dev.greenslice.estimators.profile.EnerTuneA100.class.getResourceAsStream(
                dev.greenslice.estimators.profile.EnerTuneA100.RESOURCE_DIR + "model_datastore.csv")) {
            Files.copy(in, profiles);
        }
        for (String gpu : new String[] {"A100-PCIE-80GB", "A100-SXM4-80GB"}) {
            JsonNode embedded = json("plan", "--workload", w.toString(), "--gpu", gpu, "--intensity", "gas", "--json");
            JsonNode fromFile = json("plan", "--workload", w.toString(), "--gpu", gpu, "--intensity", "gas",
                    "--profiles", profiles.toString(), "--json");
            assertEquals(embedded.get("totalCarbonGrams").asDouble(), fromFile.get("totalCarbonGrams").asDouble(), 1e-9);
            assertEquals(embedded.get("gpus").toString(), fromFile.get("gpus").toString());
            assertTrue(fromFile.toString().contains("inferred"), fromFile.toString());
        }
    }

    @Test
    void baselinesPlanTheSameWorkloadAndTheCarbonPlanIsNoWorse(@TempDir Path dir) throws Exception {
        Path w = file(dir, "pair.json", PAIR);
        double carbon = json("plan", "--workload", w.toString(), "--gpu", "A100-SXM4-80GB", "--intensity", "coal",
                "--json").get("totalCarbonGrams").asDouble();
        for (String planner : new String[]{"dedicated", "fixed-sizing", "utilization"}) {
            JsonNode j = json("plan", "--workload", w.toString(), "--gpu", "A100-SXM4-80GB", "--intensity", "coal",
                    "--planner", planner, "--format", "json");
            assertEquals(planner, j.get("planner").asText());
            assertTrue(carbon <= j.get("totalCarbonGrams").asDouble() * (1 + 1e-9), planner);
            double gap = 100 * (j.get("totalCarbonGrams").asDouble() - carbon) / carbon;
            assertEquals(gap, j.get("optimalityGapPercent").asDouble(), 1e-6, planner);
        }
        JsonNode dedicated = json("plan", "--workload", w.toString(), "--gpu", "A100-SXM4-80GB", "--intensity", "350",
                "--planner", "dedicated", "--json", "--no-tune-clocks");
        assertEquals(2, dedicated.get("gpus").size());
        for (JsonNode g : dedicated.get("gpus")) {
            assertFalse(g.get("migEnabled").asBoolean());
            assertEquals(1410, g.get("clockMhz").asInt());
            assertEquals("whole GPU", g.get("layout").get(0).get("profile").asText());
        }
    }

    @Test
    void migPartedAndTextFormats(@TempDir Path dir) throws Exception {
        Path w = file(dir, "pair.json", PAIR);
        CliRun yaml = CliRun.of("plan", "--workload", w.toString(), "--gpu", "A100-SXM4-80GB", "--intensity", "wind",
                "--format", "mig-parted", "--config-name", "night");
        assertEquals(0, yaml.exitCode(), yaml.err());
        assertEquals(expectedMigParted(w, "night", "--gpu", "A100-SXM4-80GB", "--intensity", "wind"), parse(yaml.out()),
                yaml.out());
        assertTrue(yaml.out().contains("# GPU 0: "), yaml.out());
        CliRun dedicated = CliRun.of("plan", "--workload", w.toString(), "--gpu", "A100-SXM4-80GB", "--intensity", "wind",
                "--format", "mig-parted", "--planner", "dedicated");
        assertEquals(0, dedicated.exitCode(), dedicated.err());
        assertEquals(expectedMigParted(w, "greenslice-dedicated", "--gpu", "A100-SXM4-80GB", "--intensity", "wind",
                "--planner", "dedicated"), parse(dedicated.out()), dedicated.out());
        CliRun text = CliRun.of("plan", "--workload", w.toString(), "--gpu", "A100-SXM4-80GB", "--intensity", "wind");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().startsWith("carbon plan: 1 x A100-SXM4-80GB"), text.out());
        assertTrue(text.out().contains("why: against one GPU per model"), text.out());
        assertTrue(text.out().contains("within 0.00% of the proven lower bound"), text.out());
        // Twelve models: above the exact limit, the heuristic's plan is certified by the LP relaxation.
        StringBuilder fleet = new StringBuilder("{\"models\":[");
        String[] names = {"vgg11", "resnet50", "mobilenet_v3_large", "resnet152", "vgg19", "densenet161"};
        for (int i = 0; i < 12; i++) {
            fleet.append(i == 0 ? "" : ",").append("{\"name\":\"m").append(i).append("\",\"model\":\"")
                    .append(names[i % names.length]).append("\",\"batchSize\":8,\"requests\":").append(5000 + 1000 * i)
                    .append(",\"arrival\":\"poisson\",\"loadShare\":0.").append(2 + i % 6).append('}');
        }
        JsonNode f = json("plan", "--workload", file(w.getParent(), "fleet.json", fleet + "]}").toString(), "--gpu",
                "A100-SXM4-80GB", "--intensity", "gas", "--json");
        assertEquals("lp-column-generation", f.get("boundMethod").asText());
        double bound = f.get("lowerBoundCarbonGrams").asDouble();
        double fleetTotal = f.get("totalCarbonGrams").asDouble();
        assertTrue(bound > 0 && bound <= fleetTotal, bound + " against " + fleetTotal);
        assertEquals(100 * (fleetTotal - bound) / bound, f.get("optimalityGapPercent").asDouble(), 1e-6);
    }

    /** Parses YAML as mig-parted would: plain data only (SnakeYAML's safe constructor). */
    static Object parse(String yaml) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    /** The configuration a plan should give, built from the same plan's JSON: one entry per GPU, counts by profile. */
    static Map<String, Object> expectedMigParted(Path workload, String name, String... planArgs) throws Exception {
        String[] args = new String[planArgs.length + 4];
        args[0] = "plan";
        args[1] = "--workload";
        args[2] = workload.toString();
        System.arraycopy(planArgs, 0, args, 3, planArgs.length);
        args[args.length - 1] = "--json";
        JsonNode plan = json(args);
        List<Object> devices = new ArrayList<>();
        for (JsonNode g : plan.get("gpus")) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("devices", List.of(g.get("index").asInt()));
            d.put("mig-enabled", g.get("migEnabled").asBoolean());
            Map<String, Object> counts = new LinkedHashMap<>();
            if (g.get("migEnabled").asBoolean()) {
                for (JsonNode i : g.get("layout")) {
                    counts.merge(i.get("profile").asText(), 1, (a, b) -> (Integer) a + (Integer) b);
                }
            }
            d.put("mig-devices", counts);
            devices.add(d);
        }
        return Map.of("version", "v1", "mig-configs", Map.of(name, devices));
    }

    @Test
    void aModelNameCannotInjectAMigPartedConfigurationAndJsonKeepsItVerbatim(@TempDir Path dir) throws Exception {
        String evil = "x\n  evil-config:\n    - devices: all\n      mig-enabled: false\n      mig-devices: {}\n#";
        String hostile = "{\"models\":[{\"model\":\"gpt\",\"batchSize\":1,\"requests\":40,\"name\":"
                + new ObjectMapper().writeValueAsString(evil) + "}]}";
        Path w = file(dir, "hostile.json", hostile);
        CliRun yaml = CliRun.of("plan", "--workload", w.toString(), "--gpu", "A100-SXM4-80GB", "--intensity", "gas",
                "--format", "mig-parted");
        assertEquals(2, yaml.exitCode(), yaml.err() + yaml.out());
        assertEquals("", yaml.out(), "nothing half-written");
        assertEquals(1, yaml.err().strip().lines().count(), yaml.err());
        assertTrue(yaml.err().contains("model name 'x\\n  evil-config:") && yaml.err().contains("is not plain"),
                yaml.err());
        for (String name : List.of("a b", "a:b", "a#b", "a\u2028b", "-", "\u00e9", "a\"b")) {
            Path one = file(dir, "one.json", "{\"models\":[{\"model\":\"gpt\",\"batchSize\":1,\"requests\":40,"
                    + "\"name\":" + new ObjectMapper().writeValueAsString(name) + "}]}");
            CliRun r = CliRun.of("plan", "--workload", one.toString(), "--gpu", "A100-SXM4-80GB", "--intensity", "gas",
                    "--format", "mig-parted");
            boolean plain = name.matches("[A-Za-z0-9._-]+");
            assertEquals(plain ? 0 : 2, r.exitCode(), name + ": " + r.err());
            if (plain) {
                assertEquals(expectedMigParted(one, "greenslice-carbon", "--gpu", "A100-SXM4-80GB", "--intensity", "gas"),
                        parse(r.out()), r.out());
            }
        }
        assertOneLine(2, "is not plain", "plan", "--workload", file(dir, "pair.json", PAIR).toString(), "--gpu",
                "A100-SXM4-80GB", "--intensity", "gas", "--format", "mig-parted", "--config-name", "a\nb: c");
        // JSON escapes what YAML refuses: the name parses back exactly.
        JsonNode plan = json("plan", "--workload", w.toString(), "--gpu", "A100-SXM4-80GB", "--intensity", "gas",
                "--json");
        assertEquals(evil, plan.get("models").get(0).get("name").asText());
        assertEquals(1, plan.get("models").size());
    }

    @Test
    void badInputGivesOneLineNamingTheFileAndField(@TempDir Path dir) throws Exception {
        assertOneLine(2, "not valid JSON at line", "plan", "--workload",
                file(dir, "broken.json", "{\"models\":[{\"model\":").toString(), "--gpu", "A100-SXM4-80GB",
                "--intensity", "gas");
        assertOneLine(2, "models[1]: missing \"batchSize\"", "plan", "--workload", file(dir, "nobatch.json",
                        "{\"models\":[{\"model\":\"gpt\",\"batchSize\":1,\"requests\":4},{\"model\":\"gpt\",\"requests\":4}]}")
                        .toString(), "--gpu", "A100-SXM4-80GB", "--intensity", "gas");
        assertOneLine(2, "models[0].loadShare: required for a poisson arrival", "plan", "--workload",
                file(dir, "noload.json", "{\"models\":[{\"model\":\"gpt\",\"batchSize\":1,\"requests\":4,"
                        + "\"arrival\":\"poisson\"}]}").toString(), "--gpu", "A100-SXM4-80GB", "--intensity", "gas");
        assertOneLine(2, "unknown field \"batch\"", "plan", "--workload", file(dir, "typo.json",
                "{\"models\":[{\"model\":\"gpt\",\"batch\":1,\"requests\":4}]}").toString(), "--gpu", "A100-SXM4-80GB",
                "--intensity", "gas");
        assertOneLine(2, "No profile for model 'llama'", "plan", "--workload", file(dir, "llama.json",
                "{\"models\":[{\"model\":\"llama\",\"batchSize\":1,\"requests\":4}]}").toString(), "--gpu",
                "A100-SXM4-80GB", "--intensity", "gas");
        assertOneLine(1, "gpt misses its SLO of 1.0 ms", "plan", "--workload", file(dir, "slo.json",
                "{\"models\":[{\"model\":\"gpt\",\"batchSize\":1,\"requests\":4,\"sloMs\":1}]}").toString(), "--gpu",
                "A100-SXM4-80GB", "--intensity", "gas");
        assertOneLine(1, "needs 200 GB", "plan", "--workload", file(dir, "mem.json",
                "{\"models\":[{\"model\":\"gpt\",\"batchSize\":1,\"requests\":4,\"memoryGb\":200}]}").toString(), "--gpu",
                "A100-SXM4-80GB", "--intensity", "gas");
        StringBuilder many = new StringBuilder("{\"models\":[");
        for (int i = 0; i < 8; i++) {
            many.append(i == 0 ? "" : ",").append("{\"model\":\"vgg19\",\"batchSize\":8,\"requests\":20000}");
        }
        assertOneLine(1, "budget is 1", "plan", "--workload", file(dir, "many.json", many + "]}").toString(), "--gpu",
                "A100-SXM4-80GB", "--intensity", "gas", "--budget", "1");
        Path w = file(dir, "pair.json", PAIR);
        assertOneLine(2, "Unknown GPU 'B200'", "plan", "--workload", w.toString(), "--gpu", "B200", "--intensity", "gas");
        assertOneLine(2, "measured on A100-PCIE-80GB, not H100-SXM5-80GB", "plan", "--workload", w.toString(), "--gpu",
                "H100-SXM5-80GB", "--intensity", "gas");
        assertOneLine(2, "Unknown planner 'greedy'", "plan", "--workload", w.toString(), "--gpu", "A100-SXM4-80GB",
                "--intensity", "gas", "--planner", "greedy");
        assertOneLine(2, "--intensity", "plan", "--workload", w.toString(), "--gpu", "A100-SXM4-80GB", "--intensity",
                "lignite");
        assertOneLine(2, "does not exist", "plan", "--workload", dir.resolve("none.json").toString(), "--gpu",
                "A100-SXM4-80GB", "--intensity", "gas");
    }

    static void assertOneLine(int exit, String text, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(exit, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains(text), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
