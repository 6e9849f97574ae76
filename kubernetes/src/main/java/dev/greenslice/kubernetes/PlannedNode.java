package dev.greenslice.kubernetes;

import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.plan.PlannedModel;

import java.util.List;
import java.util.Objects;

/**
 * One node of a {@link ClusterPlan}: the node, the planned GPUs it runs (the GPU at position {@code i} is the node's
 * device {@code i}, its NVML index) and the name of the mig-parted configuration its layout gets. Immutable.
 *
 * @param node      the node
 * @param gpus      the plan's GPUs on it, by device index; at most its GPU count
 * @param migConfig the mig-parted configuration for it, the value of its {@code nvidia.com/mig.config} label
 */
public record PlannedNode(GpuNode node, List<PlannedGpu> gpus, String migConfig) {

    /**
     * Checks the components.
     *
     * @param node      the node
     * @param gpus      the plan's GPUs on it, by device index
     * @param migConfig the mig-parted configuration's name
     * @throws IllegalArgumentException for more GPUs than the node has, or none
     */
    public PlannedNode {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(migConfig, "migConfig");
        gpus = List.copyOf(gpus);
        if (gpus.isEmpty() || gpus.size() > node.gpuCount()) {
            throw new IllegalArgumentException("Node " + node.name() + " has " + node.gpuCount() + " GPU(s); "
                    + gpus.size() + " placed on it");
        }
    }

    /** @return the node's name */
    public String name() {
        return node.name();
    }

    /**
     * The device index of a planned GPU on this node.
     *
     * @param gpu one of {@link #gpus()}
     * @return its index on the node, 0 to {@code gpus().size() - 1}
     * @throws IllegalArgumentException if it is not on this node
     */
    public int deviceIndex(PlannedGpu gpu) {
        for (int i = 0; i < gpus.size(); i++) {
            if (gpus.get(i).index() == gpu.index()) {
                return i;
            }
        }
        throw new IllegalArgumentException("Plan GPU " + gpu.index() + " is not on node " + node.name());
    }

    /** @return the models on this node's GPUs */
    public List<PlannedModel> models() {
        return gpus.stream().flatMap(g -> g.models().stream()).toList();
    }
}
