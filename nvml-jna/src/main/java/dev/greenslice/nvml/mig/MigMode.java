package dev.greenslice.nvml.mig;

/**
 * A GPU's MIG mode ({@code nvmlDeviceGetMigMode}). A change of mode is pending until the GPU is reset.
 * Immutable.
 *
 * @param current whether MIG is enabled now
 * @param pending whether MIG will be enabled after the next GPU reset
 */
public record MigMode(boolean current, boolean pending) {

    /** @return whether a mode change waits for a GPU reset */
    public boolean resetPending() {
        return current != pending;
    }
}
