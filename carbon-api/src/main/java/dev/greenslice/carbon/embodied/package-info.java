/**
 * Embodied (manufacturing) carbon of GPUs and its attribution to a period of use: the ACT model
 * ({@link dev.greenslice.carbon.embodied.ActParameters}, {@link dev.greenslice.carbon.embodied.FabGrid}) gives a
 * device's footprint ({@link dev.greenslice.carbon.embodied.EmbodiedFootprint}) with its range and sources, and
 * {@link dev.greenslice.carbon.embodied.EmbodiedCarbon} charges {@code (T / lifetime) × footprint × share}, the
 * share set by {@link dev.greenslice.carbon.embodied.EmbodiedAccounting} (the whole device, or the reserved MIG
 * slices).
 *
 * <p><b>Units:</b> grams of CO2e ({@link dev.greenslice.carbon.CarbonMass}); die area in cm², memory in GB,
 * lifetimes as {@link java.time.Duration}. <b>Thread-safety:</b> every type here is immutable and thread-safe.
 */
package dev.greenslice.carbon.embodied;
