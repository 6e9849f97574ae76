/**
 * The NVIDIA Multi-Instance GPU vocabulary: profiles ({@link dev.greenslice.carbon.gpu.mig.MigProfile},
 * e.g. {@code 3g.40gb}), placements ({@link dev.greenslice.carbon.gpu.mig.MigPlacement}), a GPU's placement
 * table ({@link dev.greenslice.carbon.gpu.mig.MigGeometry}) and validated layouts
 * ({@link dev.greenslice.carbon.gpu.mig.MigLayout}, written {@code 4g@0,3g@4}), with the maximal layouts of a
 * geometry ({@link dev.greenslice.carbon.gpu.mig.MigLayouts}).
 *
 * <p><b>Units:</b> compute slices (of 7 on A100/H100) and memory slices; memory in GB as the profile names it.
 * <b>Thread-safety:</b> every type here is immutable and thread-safe. A malformed layout text is refused with
 * {@link dev.greenslice.carbon.gpu.mig.InvalidMigLayoutException} naming its problems.
 */
package dev.greenslice.carbon.gpu.mig;
