package dev.greenslice.kubernetes;

import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.plan.DeploymentPlan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterPlanTest {

    private static final GpuModel A100 = GpuCatalog.A100_SXM4_80GB;
    private static final NodeInventory INVENTORY = NodeInventory.of(List.of(Fleets.node("d-small", A100, 2),
            Fleets.node("b-eight", A100, 8), Fleets.node("a-eight", A100, 8), Fleets.node("c-four", A100, 4),
            Fleets.node("h100", GpuCatalog.H100_SXM5_80GB, 8)));

    private static Map<String, Integer> placed(int gpus) {
        ClusterPlan cp = ClusterPlan.place(Fleets.random(A100, gpus, new Random(gpus)), INVENTORY);
        return cp.nodes().stream().collect(Collectors.toMap(PlannedNode::name, n -> n.gpus().size()));
    }

    @Test
    void fewestNodesLargestFirstAndTheSmallestThatHoldsTheRest() {
        assertEquals(Map.of("d-small", 2), placed(2));
        assertEquals(Map.of("c-four", 3), placed(3));
        assertEquals(Map.of("a-eight", 5), placed(5));                  // ties go by name
        assertEquals(Map.of("a-eight", 8, "d-small", 2), placed(10));
        assertEquals(Map.of("a-eight", 8, "b-eight", 8, "c-four", 4), placed(20));
        assertEquals(Map.of("a-eight", 8, "b-eight", 8, "c-four", 4, "d-small", 2), placed(22));
    }

    @Test
    void otherProductsAreNotUsedAndSaidSo() {
        ClusterPlan cp = ClusterPlan.place(Fleets.random(A100, 1, new Random(1)), INVENTORY);
        assertTrue(cp.notes().stream().anyMatch(n -> n.contains("H100-SXM5-80GB") && n.contains("not used")),
                cp.notes().toString());
        FleetDoesNotFitException e = assertThrows(FleetDoesNotFitException.class,
                () -> ClusterPlan.place(Fleets.random(A100, 23, new Random(2)), INVENTORY));
        assertEquals(1, e.missingGpus());
        assertEquals(22, e.availableGpus());
        assertEquals("A100-SXM4-80GB", e.gpuId());
    }

    @Test
    void gpusOfOneLayoutShareANodeAndItsDevicesRunFromZero() {
        DeploymentPlan plan = Fleets.random(A100, 16, new Random(5));
        ClusterPlan cp = ClusterPlan.place(plan, INVENTORY);
        for (PlannedNode n : cp.nodes()) {
            for (int i = 0; i < n.gpus().size(); i++) {
                assertEquals(i, n.deviceIndex(n.gpus().get(i)));
                assertEquals(n, cp.nodeOf(n.gpus().get(i)));
            }
            List<String> signatures = n.gpus().stream().map(NodeLayout::signature).toList();
            assertEquals(signatures.stream().sorted().toList(), signatures, "grouped by layout on " + n.name());
        }
        assertEquals(plan.gpuCount(), cp.nodes().stream().mapToInt(n -> n.gpus().size()).sum());
    }
}
