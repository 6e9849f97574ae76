package dev.greenslice.carbon.gpu;

import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.gpu.mig.MigLayout;

import java.util.List;
import java.util.Optional;

/**
 * One physical GPU that can be read and controlled: power, energy, SM clock and MIG layout.
 *
 * <p>Implemented over NVML (nvml-jna module) and by the simulated GPU (estimators module), so the online
 * frequency tuner, the MIG applier and the meter run the same way on real and simulated hardware.
 *
 * <p><b>Safety.</b> Whatever a handle changes on the device (locked clocks, power limit, MIG layout) it
 * restores on {@link #close()}; {@code close()} is idempotent and never throws.
 *
 * <p><b>Failures</b> are {@link GpuDeviceException}s with a {@link GpuDeviceException.Reason}; a missing
 * privilege is {@link GpuDeviceException.Reason#NO_PERMISSION} with the fix in the message.
 *
 * <p><b>Threading.</b> Implementations are thread-safe.
 */
public interface GpuDevice extends AutoCloseable {

    /** @return the meter domain id of the whole board, e.g. {@code "gpu:0"} */
    default String id() {
        return "gpu:" + index();
    }

    /** @return the device index as the driver numbers it */
    int index();

    /** @return the product name the driver reports, e.g. {@code "NVIDIA A100-SXM4-80GB"} */
    String name();

    /** @return the device UUID, e.g. {@code "GPU-5c3a…"} */
    String uuid();

    /** @return the catalog entry for this product, if the library knows it */
    Optional<GpuModel> model();

    /** @return the board's power draw now */
    Power power();

    /** @return the board's cumulative energy since the driver loaded, if the device has an energy counter */
    Optional<Energy> totalEnergy();

    /** @return the current SM (graphics) clock in MHz */
    int smClockMhz();

    /** @return the SM clocks the device supports, in MHz, highest first */
    List<Integer> supportedSmClocksMhz();

    /**
     * Locks the SM clock into {@code [minMhz, maxMhz]}; restored on {@link #close()}.
     *
     * @param minMhz the lowest clock the GPU may run at, in MHz; one of {@link #supportedSmClocksMhz()}
     * @param maxMhz the highest, in MHz; at least {@code minMhz} (equal to pin one clock)
     * @throws GpuDeviceException NO_PERMISSION without root, INVALID_ARGUMENT for an unsupported range
     */
    void lockSmClock(int minMhz, int maxMhz);

    /** Removes a clock lock set through this handle. */
    void resetSmClock();

    /** @return whether MIG mode is enabled */
    boolean isMigEnabled();

    /** @return the GPU instances that exist now; an empty layout when MIG is disabled or none exist */
    MigLayout migLayout();

    /**
     * Replaces the device's MIG instances by {@code layout}: validated against the device's own placements
     * first, refused while compute processes run unless {@code force}, rolled back if any step fails.
     * The previous layout is restored on {@link #close()}.
     *
     * @param layout the instances wanted, on this device's MIG geometry
     * @param force  true to apply even while compute processes run (they lose their instances)
     * @throws dev.greenslice.carbon.gpu.mig.InvalidMigLayoutException (an {@link IllegalArgumentException})
     *         for a layout the device cannot hold, before anything on the device is touched
     * @throws GpuDeviceException IN_USE if processes run and not forced; NO_PERMISSION without root;
     *         INSUFFICIENT_RESOURCES or another reason if the device refuses a step (the change is rolled back)
     */
    void applyMigLayout(MigLayout layout, boolean force);

    /** Restores what this handle changed and releases it. Idempotent; never throws. */
    @Override
    void close();
}
