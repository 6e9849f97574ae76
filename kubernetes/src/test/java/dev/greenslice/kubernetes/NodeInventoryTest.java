package dev.greenslice.kubernetes;

import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeInventoryTest {

    static String node(String name, String labels) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{" + labels
                + "}}}";
    }

    static String gpuLabels(String product, String count) {
        return "\"nvidia.com/gpu.product\":\"" + product + "\",\"nvidia.com/gpu.count\":\"" + count + "\"";
    }

    static String list(String... nodes) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + String.join(",", nodes) + "]}";
    }

    private static String error(String json) {
        return assertThrows(IllegalArgumentException.class, () -> NodeInventory.parse(json, "nodes.json"))
                .getMessage();
    }

    @Test
    void theExampleInventoryHasThreeA100NodesAnH100NodeAndACpuNode() {
        NodeInventory inv = NodeInventory.read(Path.of("../examples/nodes.json"));
        assertEquals(List.of("gpu-a100-0", "gpu-a100-1", "gpu-a100-2", "gpu-h100-0"),
                inv.nodes().stream().map(GpuNode::name).toList());
        assertEquals(GpuCatalog.A100_SXM4_80GB, inv.nodes().get(0).gpu());
        assertEquals(8, inv.nodes().get(0).gpuCount());
        assertEquals(4, inv.nodes().get(2).gpuCount());
        assertEquals(GpuCatalog.H100_SXM5_80GB, inv.nodes().get(3).gpu());
        assertEquals(1, inv.notes().size());
        assertTrue(inv.notes().get(0).contains("cpu-pool-1 skipped"), inv.notes().toString());
    }

    @Test
    void productLabelsAreNvmlNamesWithDashes() {
        assertEquals(GpuCatalog.A100_SXM4_80GB, NodeInventory.product("NVIDIA-A100-SXM4-80GB").orElseThrow());
        assertEquals(GpuCatalog.A100_PCIE_80GB, NodeInventory.product("NVIDIA-A100-80GB-PCIe").orElseThrow());
        assertEquals(GpuCatalog.T4_16GB, NodeInventory.product("Tesla-T4").orElseThrow());
        assertEquals(GpuCatalog.H100_SXM5_80GB, NodeInventory.product("NVIDIA-H100-80GB-HBM3").orElseThrow());
        assertEquals(GpuCatalog.A100_SXM4_40GB, NodeInventory.product("A100-SXM4-40GB").orElseThrow());
        for (GpuModel m : GpuCatalog.all()) {
            for (String n : m.nvmlNames()) {
                assertEquals(m, NodeInventory.product(n.replace(' ', '-')).orElseThrow(), n);
            }
        }
        assertTrue(NodeInventory.product("NVIDIA-GeForce-RTX-4090").isEmpty());
    }

    @Test
    void skipsNodesWithoutGpuLabelsAndNotesSharedGpus() {
        NodeInventory inv = NodeInventory.parse(list(node("cpu", "\"kubernetes.io/hostname\":\"cpu\""),
                node("zero", gpuLabels("NVIDIA-A100-SXM4-80GB", "0")),
                node("shared", gpuLabels("NVIDIA-A100-SXM4-80GB-SHARED", "2") + ",\"kubernetes.io/hostname\":\"h-1\"")),
                "nodes.json");
        assertEquals(1, inv.nodes().size());
        GpuNode n = inv.nodes().get(0);
        assertEquals("h-1", n.hostname());
        assertEquals(2, n.gpuCount());
        assertEquals(3, inv.notes().size());
        assertTrue(inv.notes().get(2).contains("time-slicing"), inv.notes().toString());
    }

    @Test
    void unknownProductsAreAnErrorNamingTheNode() {
        String m = error(list(node("gpu-7", gpuLabels("NVIDIA-GeForce-RTX-4090", "2"))));
        assertTrue(m.contains("node gpu-7") && m.contains("NVIDIA-GeForce-RTX-4090") && m.contains("catalogue"), m);
    }

    @Test
    void theSingleMigStrategyIsRefused() {
        String m = error(list(node("gpu-1", gpuLabels("NVIDIA-A100-SXM4-80GB-MIG-1g.10gb", "56"))));
        assertTrue(m.contains("gpu-1") && m.contains("mixed"), m);
        m = error(list(node("gpu-2", gpuLabels("NVIDIA-A100-SXM4-80GB", "8")
                + ",\"nvidia.com/mig.strategy\":\"single\"")));
        assertTrue(m.contains("gpu-2") && m.contains("single"), m);
    }

    @Test
    void badCountsNamesAndShapesAreErrorsNamingTheInput() {
        for (String count : List.of("-1", "abc", "1e3", "NaN", "2.5", "99999999999", "4096", " 8", "")) {
            String m = error(list(node("n1", gpuLabels("NVIDIA-A100-SXM4-80GB", count))));
            assertTrue(m.contains("node n1") && m.contains("nvidia.com/gpu.count"), count + ": " + m);
        }
        assertTrue(error(list(node("Bad_Name", gpuLabels("NVIDIA-A100-SXM4-80GB", "1")))).contains("DNS-1123"));
        assertTrue(error(list(node("a", ""), node("a", ""))).contains("listed twice"));
        String twin = error(list(node("a", gpuLabels("NVIDIA-A100-SXM4-80GB", "1") + ",\"kubernetes.io/hostname\":\"h\""),
                node("b", gpuLabels("NVIDIA-A100-SXM4-80GB", "1") + ",\"kubernetes.io/hostname\":\"h\"")));
        assertTrue(twin.contains("node b") && twin.contains("node a's too"), twin);
        assertTrue(error("{\"kind\":\"PodList\",\"items\":[]}").contains("not \"List\""));
        assertTrue(error("{\"kind\":\"List\"}").contains("no \"items\" array"));
        assertTrue(error("[1,2]").contains("expected the object"));
        assertTrue(error(list("42")).contains("items[0]: expected a Node object"));
        assertTrue(error(list("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\"}}")).contains("not \"Node\""));
        assertTrue(error(list("{\"metadata\":{}}")).contains("metadata.name"));
        assertTrue(error(list(node("n", "\"nvidia.com/gpu.count\":8"))).contains("not a string"));
        assertTrue(error(list("{\"metadata\":{\"name\":\"n\",\"labels\":[]}}")).contains("not an object"));
        assertTrue(error("{\"kind\":\"List\",\"kind\":\"List\",\"items\":[]}").contains("not valid JSON"));
        String host = error(list(node("n", gpuLabels("NVIDIA-A100-SXM4-80GB", "1")
                + ",\"kubernetes.io/hostname\":\"a b\\n: c\"")));
        assertTrue(host.contains("kubernetes.io/hostname") && host.contains("\\u000a"), host);
    }

    @Test
    void binaryDeepAndTruncatedInputIsRefusedWithALocation(@TempDir Path dir) throws Exception {
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        Path bin = Files.write(dir.resolve("bin.json"), junk);
        String m = assertThrows(IllegalArgumentException.class, () -> NodeInventory.read(bin)).getMessage();
        assertTrue(m.startsWith(bin + ": not valid JSON"), m);
        String deep = "{\"items\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        m = error(deep);
        assertTrue(m.contains("not valid JSON") && m.toLowerCase().contains("depth"), m);
        m = error(list(node("n", gpuLabels("NVIDIA-A100-SXM4-80GB", "1"))).substring(0, 60));
        assertTrue(m.contains("not valid JSON at line 1"), m);
        Path missing = dir.resolve("absent.json");
        m = assertThrows(IllegalArgumentException.class, () -> NodeInventory.read(missing)).getMessage();
        assertTrue(m.contains("does not exist") && m.contains("kubectl get nodes -o json"), m);
        assertTrue(error("").contains("expected the object"), error(""));
    }

    @Test
    void theApiServersNodeListIsReadToo() {
        NodeInventory inv = NodeInventory.parse("{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"items\":["
                + node("a.example.com", gpuLabels("NVIDIA-A100-SXM4-80GB", "8")) + "]}", "api");
        assertEquals("a.example.com", inv.nodes().get(0).hostname());
    }
}
