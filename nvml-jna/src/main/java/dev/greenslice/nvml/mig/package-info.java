/**
 * MIG query and control through NVML: {@link dev.greenslice.nvml.mig.MigControl} lists a GPU's MIG mode,
 * profiles, placements, GPU and compute instances and MIG devices, and applies a whole
 * {@link dev.greenslice.carbon.gpu.mig.MigLayout} as a checked plan ({@link dev.greenslice.nvml.mig.MigApplyPlan}).
 *
 * <p><b>Units:</b> slices, memory in MiB. <b>Thread-safety:</b> the values are immutable; {@code MigControl} is
 * thread-safe. <b>Privilege:</b> queries of MIG devices work
 * for any user; placements, instance listings and every change need root, and fail with an
 * {@link dev.greenslice.nvml.NvmlException} saying so.
 */
package dev.greenslice.nvml.mig;
