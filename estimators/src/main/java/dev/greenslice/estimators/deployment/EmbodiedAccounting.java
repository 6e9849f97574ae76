package dev.greenslice.estimators.deployment;

/** How a deployment is charged for the GPU's embodied carbon. */
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
