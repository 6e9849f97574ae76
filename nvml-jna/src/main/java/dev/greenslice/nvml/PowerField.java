package dev.greenslice.nvml;

/**
 * The power readings NVML offers as field values ({@code nvmlDeviceGetFieldValues}), besides
 * {@code nvmlDeviceGetPowerUsage}.
 */
public enum PowerField {
    /** {@code NVML_FI_DEV_POWER_INSTANT}: the current power (all architectures with field values). */
    INSTANT(NvmlStructs.FI_DEV_POWER_INSTANT, "NVML_FI_DEV_POWER_INSTANT"),
    /** {@code NVML_FI_DEV_POWER_AVERAGE}: power averaged over 1 s (Ampere except GA100, and newer). */
    AVERAGE(NvmlStructs.FI_DEV_POWER_AVERAGE, "NVML_FI_DEV_POWER_AVERAGE");

    private final int fieldId;
    private final String constant;

    PowerField(int fieldId, String constant) {
        this.fieldId = fieldId;
        this.constant = constant;
    }

    /** @return the {@code NVML_FI_*} field id */
    public int fieldId() {
        return fieldId;
    }

    /** @return the C constant's name */
    public String constantName() {
        return constant;
    }
}
