package dev.greenslice.estimators.power;

/**
 * How the decomposed estimator combines the auxiliary (not power-gated) power of models that share a GPU.
 */
public enum AuxiliaryRule {

    /**
     * The co-location study's assumption: every model's slice-independent power adds up. The study measured
     * a 1.2× overestimate of co-located power with it.
     */
    SUMMED("decomposed-summed-auxiliary"),

    /**
     * This library's rule: the part of each model's slice-independent power that follows its own work adds
     * up (MIG keeps each model's throughput), the wake-up part — independent of both slices and work — is
     * the shared logic being awake and is counted once, at the largest model's level. See
     * {@link PowerDecomposition}.
     */
    SHARED_WAKE_UP("decomposed");

    private final String method;

    AuxiliaryRule(String method) {
        this.method = method;
    }

    /** @return the method name estimates report */
    public String method() {
        return method;
    }
}
