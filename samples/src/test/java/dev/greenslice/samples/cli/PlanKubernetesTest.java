package dev.greenslice.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenslice.kubernetes.ClusterManifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code plan --format kubernetes} on the example inventory and workloads. */
class PlanKubernetesTest {

    private static final Path NODES = Path.of("../examples/nodes.json");
    private static final Path WORKLOAD = Path.of("../examples/workload.json");
    private static final List<String> FILES = List.of("clocks.yaml", "mig-configs.yaml", "node-labels.json",
            "workloads.yaml");

    private static List<String> listing(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String[] plan(Path workload, Path nodes, Path out, String... more) {
        return Stream.concat(Stream.of("plan", "--gpu", "A100-SXM4-80GB", "--intensity", "gas", "--workload",
                workload.toString(), "--format", "kubernetes", "--nodes", nodes.toString(), "--out", out.toString()),
                Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void theExampleWritesTheFourFilesAndPrintsTheKubectlCommands(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("manifests");
        CliRun run = CliRun.of(plan(WORKLOAD, NODES, out, "--image", "registry.example.com/ml/server:1.4"));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertEquals(FILES, listing(out));
        assertTrue(run.out().contains("carbon plan: "), run.out());
        assertTrue(run.out().contains("kubectl label node gpu-a100-0 nvidia.com/mig.config=greenslice-"), run.out());
        assertTrue(run.out().contains("note: node cpu-pool-1 skipped"), run.out());
        String workloads = Files.readString(out.resolve("workloads.yaml"));
        assertTrue(workloads.contains("name: \"diffusion-256-256\""), workloads);
        assertTrue(workloads.contains("greenslice.dev/model-name: \"diffusion_256_256\""), workloads);
        assertTrue(workloads.contains("registry.example.com/ml/server:1.4"));
        assertTrue(Files.readString(out.resolve("mig-configs.yaml")).contains("config.yaml: |"));
    }

    @Test
    void jsonPrintsThePlanWithItsNodesAndStillWritesTheFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m");
        CliRun run = CliRun.of(plan(WORKLOAD, NODES, out, "--json"));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        JsonNode j = JsonOutput.MAPPER.readTree(run.out());
        assertEquals("carbon", j.get("planner").asText());
        int gpus = j.get("gpuCount").asInt();
        assertEquals(9, j.get("models").size());
        int used = 0;
        Set<String> names = new HashSet<>();
        for (JsonNode n : j.get("nodes")) {
            assertTrue(n.get("name").asText().startsWith("gpu-a100-"), n.toString());
            assertTrue(n.get("config").asText().startsWith("greenslice-"), n.toString());
            assertTrue(n.get("gpusUsed").asInt() <= n.get("gpuCount").asInt(), n.toString());
            used += n.get("gpusUsed").asInt();
            names.add(n.get("name").asText());
        }
        assertEquals(gpus, used);
        assertEquals(j.get("nodes").size(), names.size());
        assertEquals(FILES, listing(out));
        JsonNode labels = JsonOutput.MAPPER.readTree(out.resolve("node-labels.json").toFile());
        assertEquals(j.get("nodes").get(0).get("name").asText(), labels.get(0).get("node").asText());
        assertEquals(j.get("nodes").get(0).get("config").asText(),
                labels.get(0).get("labels").get(ClusterManifests.MIG_CONFIG_LABEL).asText());
    }

    @Test
    void aFleetThatDoesNotFitSaysWhatIsMissingAndWritesNothing(@TempDir Path dir) throws Exception {
        Path nodes = Files.writeString(dir.resolve("one.json"), "{\"kind\":\"List\",\"items\":[{\"kind\":\"Node\","
                + "\"metadata\":{\"name\":\"solo\",\"labels\":{\"nvidia.com/gpu.product\":\"NVIDIA-A100-SXM4-80GB\","
                + "\"nvidia.com/gpu.count\":\"1\"}}}]}");
        Path out = dir.resolve("m");
        Files.createDirectory(out);
        Files.writeString(out.resolve("workloads.yaml"), "earlier");
        CliRun run = CliRun.of(plan(WORKLOAD, nodes, out));
        assertEquals(1, run.exitCode(), run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().matches("(?s).*has 1 on nodes labelled with that product: \\d+ x A100-SXM4-80GB missing.*"),
                run.err());
        assertEquals(List.of("workloads.yaml"), listing(out));
        assertEquals("earlier", Files.readString(out.resolve("workloads.yaml")));
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m");
        Path pair = Files.writeString(dir.resolve("pair.json"), PlanCommandTest.PAIR);
        CliRun r = CliRun.of("plan", "--gpu", "A100-SXM4-80GB", "--intensity", "gas", "--workload", pair.toString(),
                "--format", "kubernetes", "--out", out.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--nodes: required"), r.err());
        r = CliRun.of("plan", "--gpu", "A100-SXM4-80GB", "--intensity", "gas", "--workload", pair.toString(),
                "--nodes", NODES.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--nodes: only with --format kubernetes"), r.err());
        Path unknown = Files.writeString(dir.resolve("u.json"), "{\"kind\":\"List\",\"items\":[{\"metadata\":{\"name\":"
                + "\"gpu-9\",\"labels\":{\"nvidia.com/gpu.product\":\"NVIDIA-B200\",\"nvidia.com/gpu.count\":\"8\"}}}]}");
        r = CliRun.of(plan(pair, unknown, out));
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("node gpu-9") && r.err().contains("NVIDIA-B200"), r.err());
        r = CliRun.of(plan(pair, NODES, out, "--image", "bad image"));
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--image:"), r.err());
        Path file = Files.writeString(dir.resolve("f"), "x");
        r = CliRun.of(plan(pair, NODES, file));
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("not a directory"), r.err());
        for (CliRun x : List.of(r)) {
            assertFalse(x.err().contains("\tat "), x.err());
        }
        assertEquals(List.of(), listing(out));
    }
}
