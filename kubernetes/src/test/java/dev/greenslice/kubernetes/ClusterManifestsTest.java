package dev.greenslice.kubernetes;

import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.plan.DeploymentPlan;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

class ClusterManifestsTest {

    private static final GpuModel A100 = GpuCatalog.A100_SXM4_80GB;
    private static final MigGeometry G = A100.migGeometry().orElseThrow();

    private static DeploymentPlan threeGpus() {
        return Fleets.plan(A100, Arrays.asList(MigLayout.parse(G, "4g@0,3g@4"), null, MigLayout.parse(G, "4g@0,3g@4")),
                List.of(1050, 1410, 1050), List.of("whisper", "diffusion_256_256", "gpt", "resnet50", "Gpt"));
    }

    @Test
    void writesOneConfigPerLayoutDevicesOnTheNodeAndExactRequests() {
        NodeInventory inv = NodeInventory.of(List.of(Fleets.node("gpu-a", A100, 2), Fleets.node("gpu-b", A100, 2)));
        ClusterManifests m = ClusterManifests.builder(ClusterPlan.place(threeGpus(), inv)).image("reg.example/srv:1")
                .build();
        ManifestChecks.check(m);
        // Sorted by layout: the two 4g+3g GPUs share gpu-a; the whole GPU goes to gpu-b, device 0.
        assertEquals(List.of("gpu-a", "gpu-b"), m.plan().nodes().stream().map(PlannedNode::name).toList());
        String spec = m.migPartedConfig();
        assertTrue(spec.contains("devices:\n    - 0\n    - 1\n") || spec.contains("- 0\n      - 1"), spec);
        Deployment diffusion = m.deployments().stream()
                .filter(d -> d.getMetadata().getName().equals("diffusion-256-256")).findFirst().orElseThrow();
        assertEquals("diffusion_256_256", diffusion.getMetadata().getAnnotations().get("greenslice.dev/model-name"));
        assertEquals("reg.example/srv:1", diffusion.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        // "gpt" and "Gpt" collide once lower-cased: both get a hash, and stay distinct.
        assertFalse(m.objectNames().containsValue("gpt"));
        assertEquals(5, new HashSet<>(m.objectNames().values()).size());
        // Clocks: gpu-a holds 1050 MHz on both devices; gpu-b 1410 on device 0.
        assertEquals(2, m.clockDaemonSets().size());
        assertEquals("reg.example/srv:1", m.clockDaemonSets().get(0).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage());
    }

    @Test
    void placeholdersAndClocksImage() {
        NodeInventory inv = NodeInventory.of(List.of(Fleets.node("gpu-a", A100, 8)));
        ClusterManifests m = ClusterManifests.builder(ClusterPlan.place(threeGpus(), inv)).build();
        assertEquals(ClusterManifests.MODEL_IMAGE_PLACEHOLDER, m.deployments().get(0).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage());
        assertEquals(ClusterManifests.CLOCKS_IMAGE_PLACEHOLDER, m.clockDaemonSets().get(0).getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage());
        ClusterManifests c = ClusterManifests.builder(ClusterPlan.place(threeGpus(), inv)).image("a/b:1")
                .clocksImage("g/greenslice:2").build();
        assertEquals("g/greenslice:2", c.clockDaemonSets().get(0).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage());
        assertThrows(IllegalArgumentException.class, () -> ClusterManifests.builder(m.plan()).image("a b"));
        assertThrows(IllegalArgumentException.class, () -> ClusterManifests.builder(m.plan()).image("x\ny"));
        assertThrows(IllegalArgumentException.class, () -> ClusterManifests.builder(m.plan()).operatorNamespace("A_b"));
    }

    @Test
    void awkwardNamesAreEscapedAndRoundTrip() {
        List<String> names = new ArrayList<>(Fleets.AWKWARD);
        List<MigLayout> perGpu = new ArrayList<>();
        List<Integer> clocks = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            perGpu.add(null);
            clocks.add(1410);
        }
        DeploymentPlan plan = Fleets.plan(A100, perGpu, clocks, names);
        NodeInventory inv = NodeInventory.of(List.of(Fleets.node("big", A100, 32)));
        ClusterManifests m = ClusterManifests.builder(ClusterPlan.place(plan, inv)).build();
        ManifestChecks.check(m);
        List<Deployment> back = ManifestChecks.documents(m.workloadsYaml(), Deployment.class);
        assertEquals(names.size(), back.size());
        for (Deployment d : back) {
            String original = d.getMetadata().getAnnotations().get("greenslice.dev/model-name");
            assertTrue(names.contains(original), original);
            assertEquals(m.objectNames().get(original), d.getMetadata().getName());
        }
        assertEquals("diffusion-256-256-" + ObjectNames.sha256("diffusion_256_256").substring(0, 6),
                m.objectNames().get("diffusion_256_256"));
        // A string that reads as a number or boolean stays a string in YAML.
        assertTrue(m.workloadsYaml().contains("\"1050\""), "quoted annotation");
    }

    @Test
    void fleetsOnRandomInventoriesKeepEveryInvariant() {
        int[] fits = new int[2];
        qt().withExamples(150).forAll(longs().all(), integers().between(1, 12)).checkAssert((seed, gpus) -> {
            Random r = new Random(seed);
            DeploymentPlan plan = Fleets.random(A100, gpus, r);
            List<GpuNode> nodes = new ArrayList<>();
            int n = r.nextInt(6);
            int capacity = 0;
            for (int k = 0; k < n; k++) {
                int count = 1 + r.nextInt(8);
                boolean other = r.nextInt(5) == 0;
                nodes.add(Fleets.node("node-" + k, other ? GpuCatalog.H100_SXM5_80GB : A100, count));
                capacity += other ? 0 : count;
            }
            NodeInventory inv = NodeInventory.of(nodes);
            if (capacity < gpus) {
                FleetDoesNotFitException e = assertThrows(FleetDoesNotFitException.class,
                        () -> ClusterPlan.place(plan, inv));
                assertEquals(gpus - capacity, e.missingGpus());
                assertTrue(e.getMessage().contains((gpus - capacity) + " x A100-SXM4-80GB missing"), e.getMessage());
                fits[1]++;
                return;
            }
            ClusterPlan cp = ClusterPlan.place(plan, inv);
            // Fewest nodes: no placement uses fewer nodes than the largest-first count.
            List<Integer> sizes = nodes.stream().filter(x -> x.gpu().equals(A100)).map(GpuNode::gpuCount)
                    .sorted((a, b) -> b - a).toList();
            int least = 0;
            for (int sum = 0; sum < gpus; least++) {
                sum += sizes.get(least);
            }
            assertEquals(least, cp.nodes().size());
            assertEquals(gpus, cp.nodes().stream().mapToInt(x -> x.gpus().size()).sum());
            ManifestChecks.check(ClusterManifests.builder(cp).build());
            fits[0]++;
        });
        assertTrue(fits[0] > 20 && fits[1] > 20, "both outcomes exercised: " + Arrays.toString(fits));
    }

    @Test
    void mediaExtensionProfilesAreRefused() {
        DeploymentPlan plan = Fleets.plan(A100, List.of(MigLayout.parse(G, "1g.10gb+me@0")), List.of(1410),
                List.of("x"));
        ClusterPlan cp = ClusterPlan.place(plan, NodeInventory.of(List.of(Fleets.node("n", A100, 1))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterManifests.builder(cp).build());
        assertTrue(e.getMessage().contains("media-extension"), e.getMessage());
    }

    @Test
    void nodeLabelsJsonListsEveryNodeUsed() {
        NodeInventory inv = NodeInventory.of(List.of(Fleets.node("gpu-a", A100, 1), Fleets.node("gpu-b", A100, 1),
                Fleets.node("gpu-c", A100, 1)));
        ClusterManifests m = ClusterManifests.builder(ClusterPlan.place(threeGpus(), inv)).build();
        assertEquals(3, m.nodeLabels().size());
        assertEquals(Map.of(ClusterManifests.MIG_CONFIG_LABEL, m.plan().nodes().get(0).migConfig()),
                m.nodeLabels().get(0).labels());
        // Two nodes with one layout share its configuration.
        assertEquals(2, new HashSet<>(m.plan().nodes().stream().map(PlannedNode::migConfig).toList()).size());
    }
}
