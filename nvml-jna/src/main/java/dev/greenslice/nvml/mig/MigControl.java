package dev.greenslice.nvml.mig;

import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigPlacement;

import java.util.List;

/**
 * MIG query and control of one physical GPU through NVML: profiles, placements, GPU and compute instances,
 * MIG devices, and applying a whole {@link MigLayout} safely.
 *
 * <p><b>Privilege.</b> The MIG device queries ({@link #migDevices()}, {@link #mode()}, {@link #profiles()})
 * work for any user; placements, instance listing and every change need root, and fail with
 * {@code NO_PERMISSION} naming the fix otherwise.
 *
 * <p><b>Safety.</b> Every change made through this control (create, destroy, apply) is journaled first and
 * undone when the owning device handle closes or the JVM exits: the device gets back the GPU and compute
 * instances it had before the first change.
 *
 * <p><b>Failures</b> are {@code NvmlException}s (a {@link dev.greenslice.carbon.gpu.GpuDeviceException}); a driver
 * without MIG support fails with {@code NOT_SUPPORTED} or {@code FUNCTION_NOT_FOUND}. Thread-safe.
 */
public interface MigControl {

    /** @return the current and pending MIG mode */
    MigMode mode();

    /**
     * The device's GPU-instance profiles, enumerated from profile index 0 until the driver answers
     * {@code INVALID_ARGUMENT}, skipping indices it answers {@code NOT_SUPPORTED}. Drivers that do not know the
     * newest struct version (before NVML 12.3 they answer it with {@code INVALID_ARGUMENT}, later ones with
     * {@code ARGUMENT_VERSION_MISMATCH}) are asked again with the older one. While MIG is disabled the driver
     * answers {@code NOT_SUPPORTED} for every index: the list is then empty and asked for again next time.
     *
     * @return the profiles in index order; empty while MIG is disabled
     * @throws dev.greenslice.nvml.NvmlException NOT_SUPPORTED on a GPU without MIG support
     */
    List<GpuInstanceProfileInfo> profiles();

    /**
     * @param profileId a profile <em>id</em> ({@link GpuInstanceProfileInfo#profileId()}), not its index
     * @return where instances of the profile may be placed (needs root)
     */
    List<MigPlacement> possiblePlacements(int profileId);

    /** @return the device's MIG geometry built from its own profiles and placements (needs root) */
    MigGeometry geometry();

    /** @return the GPU instances that exist, ordered by placement (needs root) */
    List<GpuInstanceInfo> gpuInstances();

    /**
     * @param gpuInstanceId the GPU instance's id
     * @return the compute instances inside it (needs root)
     */
    List<ComputeInstanceInfo> computeInstances(int gpuInstanceId);

    /** @return the MIG devices (compute instances as CUDA sees them); works without root */
    List<MigDeviceInfo> migDevices();

    /**
     * Creates a GPU instance of the profile with this id at an explicit placement, and no compute instance.
     *
     * @param profileId the profile id ({@link GpuInstanceProfileInfo#profileId()})
     * @param placement one of {@link #possiblePlacements(int)}
     * @return the new instance
     *
     * @throws dev.greenslice.carbon.gpu.GpuDeviceException INSUFFICIENT_RESOURCES if the placement overlaps an
     *                                                      existing instance, INVALID_ARGUMENT if it is not one of
     *                                                      the profile's placements
     */
    GpuInstanceInfo createGpuInstance(int profileId, MigPlacement placement);

    /**
     * Creates a compute instance inside a GPU instance.
     *
     * @param gpuInstanceId the GPU instance's id
     * @param slices        its compute slices (1, 2, 3, 4, 6, 7 or 8, up to the GPU instance's)
     * @return the new compute instance
     */
    ComputeInstanceInfo createComputeInstance(int gpuInstanceId, int slices);

    /**
     * Destroys a compute instance; IN_USE while processes run on it.
     *
     * @param gpuInstanceId     its GPU instance's id
     * @param computeInstanceId its id within the GPU instance
     */
    void destroyComputeInstance(int gpuInstanceId, int computeInstanceId);

    /**
     * Destroys a GPU instance; IN_USE while it holds compute instances or processes.
     *
     * @param gpuInstanceId its id
     */
    void destroyGpuInstance(int gpuInstanceId);

    /** @return the GPU instances that exist as a layout over {@link #geometry()} (needs root) */
    MigLayout layout();

    /**
     * Makes the device's GPU instances equal {@code layout}, each with one compute instance spanning it.
     * The layout is validated against the device's own profiles, placements and instance limits first;
     * refused with {@code IN_USE} while compute processes run on the GPU unless {@code force}; instances
     * already in place are kept, the others destroyed, and the new ones created largest first at their explicit
     * placements; if any step fails, everything done is rolled back and the failure thrown.
     *
     * @param layout the GPU instances wanted, over any geometry naming this device's profiles
     * @param force  apply even while compute processes run (instances in use still cannot be destroyed)
     *
     * @throws dev.greenslice.carbon.gpu.mig.InvalidMigLayoutException (an {@link IllegalArgumentException}) naming
     *                                                                  every problem, before any change, for a
     *                                                                  layout the device cannot hold
     */
    void apply(MigLayout layout, boolean force);
}
