package dev.greenslice.carbon.intensity;

/** Whether an intensity counts the whole life cycle of generation or only what the plant emits. */
public enum IntensityBasis {
    /** Life-cycle emissions: construction, fuel supply, operation, decommissioning (IPCC AR5, Electricity Maps default). */
    LIFECYCLE,
    /** Direct (combustion) emissions only, as the UK Carbon Intensity API reports. */
    DIRECT
}
