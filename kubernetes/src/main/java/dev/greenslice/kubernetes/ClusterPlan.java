package dev.greenslice.kubernetes;

import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.plan.PlannedModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link DeploymentPlan}'s GPUs placed on the nodes of a {@link NodeInventory}: every planned GPU on a node of the
 * plan's product, no node given more GPUs than its {@code nvidia.com/gpu.count}.
 *
 * <p><b>Rule: fewest nodes.</b> Nodes of the plan's product are taken largest first (ties by name), except that the
 * last one is the smallest node that holds the GPUs still unplaced; this uses the fewest nodes any placement could,
 * and leaves the large nodes free when a small one suffices. Before they are dealt out, the planned GPUs are sorted
 * by MIG state (MIG disabled, or the profile counts) and then clock, so that a node's GPUs tend to share one layout
 * and one clock and few distinct mig-parted configurations result. A node's GPUs are its devices 0 to k-1; its
 * devices from k on are left as they are.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClusterPlan {

    private final DeploymentPlan plan;
    private final List<PlannedNode> nodes;
    private final List<String> notes;
    private final Map<Integer, PlannedNode> byGpu = new HashMap<>();

    private ClusterPlan(DeploymentPlan plan, List<PlannedNode> nodes, List<String> notes) {
        this.plan = plan;
        this.nodes = List.copyOf(nodes);
        this.notes = List.copyOf(notes);
        for (PlannedNode n : this.nodes) {
            for (PlannedGpu g : n.gpus()) {
                byGpu.put(g.index(), n);
            }
        }
    }

    /**
     * Places a plan's GPUs on an inventory's nodes.
     *
     * @param plan      the fleet plan
     * @param inventory the cluster's GPU nodes
     * @return the placement
     * @throws FleetDoesNotFitException when the nodes of the plan's product hold fewer GPUs than the plan needs
     */
    public static ClusterPlan place(DeploymentPlan plan, NodeInventory inventory) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(inventory, "inventory");
        List<String> notes = new ArrayList<>(inventory.notes());
        List<GpuNode> candidates = new ArrayList<>();
        LinkedHashSet<String> otherProducts = new LinkedHashSet<>();
        int capacity = 0;
        for (GpuNode n : inventory.nodes()) {
            if (n.gpu().id().equals(plan.gpu().id())) {
                candidates.add(n);
                capacity += n.gpuCount();
            } else {
                otherProducts.add(n.gpu().id());
            }
        }
        if (!otherProducts.isEmpty()) {
            notes.add("nodes with other GPUs (" + String.join(", ", otherProducts) + ") are not used: the plan is for "
                    + plan.gpu().id());
        }
        int needed = plan.gpuCount();
        if (capacity < needed) {
            throw new FleetDoesNotFitException(plan.gpu(), needed, capacity, candidates.size());
        }
        List<PlannedGpu> gpus = new ArrayList<>(plan.gpus());
        gpus.sort(Comparator.comparing(NodeLayout::signature).thenComparingInt(PlannedGpu::clockMhz)
                .thenComparingInt(PlannedGpu::index));
        candidates.sort(Comparator.comparingInt(GpuNode::gpuCount).reversed().thenComparing(GpuNode::name));
        List<PlannedNode> placed = new ArrayList<>();
        int next = 0;
        while (next < gpus.size()) {
            int remaining = gpus.size() - next;
            GpuNode pick = null;
            for (GpuNode n : candidates) {
                // The smallest node that holds all the rest, else the largest.
                if (n.gpuCount() >= remaining && (pick == null || n.gpuCount() < pick.gpuCount())) {
                    pick = n;
                }
            }
            if (pick == null) {
                pick = candidates.get(0);
            }
            candidates.remove(pick);
            int take = Math.min(pick.gpuCount(), remaining);
            List<PlannedGpu> mine = gpus.subList(next, next + take);
            next += take;
            placed.add(new PlannedNode(pick, mine, NodeLayout.configName(NodeLayout.entries(mine))));
        }
        return new ClusterPlan(plan, placed, notes);
    }

    /** @return the plan placed */
    public DeploymentPlan plan() {
        return plan;
    }

    /** @return the nodes the plan uses, in the order they were filled */
    public List<PlannedNode> nodes() {
        return nodes;
    }

    /** @return the inventory's notes, and which nodes were left out and why */
    public List<String> notes() {
        return notes;
    }

    /**
     * The node a planned GPU is on.
     *
     * @param gpu a GPU of the plan
     * @return its node
     * @throws IllegalArgumentException for a GPU not in the plan
     */
    public PlannedNode nodeOf(PlannedGpu gpu) {
        PlannedNode n = byGpu.get(gpu.index());
        if (n == null) {
            throw new IllegalArgumentException("GPU " + gpu.index() + " is not in the plan");
        }
        return n;
    }

    /**
     * The node a planned model runs on.
     *
     * @param model a model of the plan
     * @return its node
     * @throws IllegalArgumentException for a model not in the plan
     */
    public PlannedNode nodeOf(PlannedModel model) {
        PlannedNode n = byGpu.get(model.gpuIndex());
        if (n == null) {
            throw new IllegalArgumentException("Model " + model.name() + " is not in the plan");
        }
        return n;
    }

    @Override
    public String toString() {
        return plan.gpuCount() + " x " + plan.gpu().id() + " on " + nodes.size() + " node(s)";
    }
}
