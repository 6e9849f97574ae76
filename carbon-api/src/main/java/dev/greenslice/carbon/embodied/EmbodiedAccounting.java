package dev.greenslice.carbon.embodied;

/**
 * How a deployment is charged for a GPU's embodied carbon: the whole device while it is held, or only the
 * share reserved.
 *
 * <p>Used by deployment estimates, planners and tuners alike, so that a plan and the baselines it is compared
 * with are charged by the same rule. Immutable and thread-safe.
 */
public enum EmbodiedAccounting {

    /**
     * The whole GPU for the whole run (customer-based accounting, as in the co-location study): the GPU is
     * reserved for the deployment whatever share of it the models use. Tenants share it in proportion to
     * slices × their completion time.
     */
    WHOLE_DEVICE,

    /**
     * Only the reserved share (SCI resource-share): each tenant pays its compute slices / the GPU's slices,
     * for its own completion time. Unused slices are charged to no one.
     */
    RESOURCE_SHARE
}
