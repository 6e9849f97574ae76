package dev.greenslice.kubernetes;

import dev.greenslice.carbon.gpu.GpuModel;

import java.io.Serial;

/**
 * Thrown when a plan needs more GPUs of its product than the inventory's nodes of that product hold. Says how many
 * are missing. Immutable.
 */
public final class FleetDoesNotFitException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The GPU product's catalogue id. */
    private final String gpuId;
    /** GPUs the plan needs. */
    private final int needed;
    /** GPUs of that product in the inventory. */
    private final int available;

    /**
     * A plan that does not fit.
     *
     * @param gpu       the plan's GPU product
     * @param needed    GPUs the plan needs
     * @param available GPUs of that product the inventory's nodes hold
     * @param nodes     how many nodes hold them
     */
    public FleetDoesNotFitException(GpuModel gpu, int needed, int available, int nodes) {
        super("The plan needs " + needed + " x " + gpu.id() + " but the inventory's nodes with that GPU hold "
                + available + " (on " + nodes + " node(s)): " + (needed - available) + " x " + gpu.id()
                + " missing; add nodes of that product to the inventory or plan within a budget of " + available
                + " GPUs");
        this.gpuId = gpu.id();
        this.needed = needed;
        this.available = available;
    }

    /** @return the GPU product's catalogue id, e.g. {@code A100-SXM4-80GB} */
    public String gpuId() {
        return gpuId;
    }

    /** @return GPUs the plan needs */
    public int neededGpus() {
        return needed;
    }

    /** @return GPUs of the product the inventory holds */
    public int availableGpus() {
        return available;
    }

    /** @return needed minus available, at least 1 */
    public int missingGpus() {
        return needed - available;
    }
}
