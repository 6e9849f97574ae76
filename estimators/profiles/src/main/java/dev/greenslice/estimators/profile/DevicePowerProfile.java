package dev.greenslice.estimators.profile;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The baseline power of one GPU type per SM clock: what the board draws with no model running.
 *
 * <p>The baseline has three parts, as the co-location study measured them: the board's static power (it
 * grows with the clock because the voltage does), the fan, and the idle auxiliary power (memory and
 * interconnect kept awake). A model's dynamic power is measured on top of their sum.
 *
 * <p>Immutable and thread-safe. Lookups at a clock the profile does not have fail with a message listing
 * the clocks it has; nothing is interpolated silently.
 */
public final class DevicePowerProfile {

    /**
     * The baseline at one clock.
     *
     * @param clockMhz    SM clock in MHz
     * @param staticPower the board's static power
     * @param fanPower    the fan's power
     * @param idlePower   the idle auxiliary power
     */
    public record Baseline(int clockMhz, Power staticPower, Power fanPower, Power idlePower) {

        /**
         * Checks the parts.
         *
         * @param clockMhz    SM clock in MHz, {@code >= 1}
         * @param staticPower the board's static power
         * @param fanPower    the fan's power
         * @param idlePower   the idle auxiliary power
         * @throws NullPointerException     if a power is null
         * @throws IllegalArgumentException for a clock below 1 MHz
         */
        public Baseline {
            Objects.requireNonNull(staticPower, "staticPower");
            Objects.requireNonNull(fanPower, "fanPower");
            Objects.requireNonNull(idlePower, "idlePower");
            if (clockMhz < 1) {
                throw new IllegalArgumentException("Baseline clock must be >= 1 MHz, got " + clockMhz);
            }
        }

        /** @return static + fan + idle: the board's power with nothing running */
        public Power total() {
            return staticPower.plus(fanPower).plus(idlePower);
        }

        /** @return static + fan: the part that does not depend on MIG instances being awake */
        public Power staticAndFan() {
            return staticPower.plus(fanPower);
        }
    }

    private final String gpu;
    private final NavigableMap<Integer, Baseline> byClock;
    private final String provenance;

    private DevicePowerProfile(String gpu, NavigableMap<Integer, Baseline> byClock, String provenance) {
        this.gpu = gpu;
        this.byClock = Collections.unmodifiableNavigableMap(byClock);
        this.provenance = provenance;
    }

    /**
     * A profile from its baselines.
     *
     * @param gpu        the GPU type, e.g. {@code "A100-SXM4-80GB"}
     * @param baselines  one per clock; not empty
     * @param provenance where the figures come from
     * @return the profile
     * @throws IllegalArgumentException for no baselines or two at one clock
     */
    public static DevicePowerProfile of(String gpu, Collection<Baseline> baselines, String provenance) {
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(provenance, "provenance");
        if (baselines.isEmpty()) {
            throw new IllegalArgumentException("Device power profile of " + gpu + " has no clocks");
        }
        NavigableMap<Integer, Baseline> map = new TreeMap<>();
        for (Baseline b : baselines) {
            if (map.put(b.clockMhz(), b) != null) {
                throw new IllegalArgumentException("Device power profile of " + gpu + " has two baselines at "
                        + b.clockMhz() + " MHz");
            }
        }
        return new DevicePowerProfile(gpu, map, provenance);
    }

    /** @return the GPU type */
    public String gpu() {
        return gpu;
    }

    /** @return where the figures come from */
    public String provenance() {
        return provenance;
    }

    /** @return the clocks with a baseline, in MHz, ascending */
    public List<Integer> clocksMhz() {
        return List.copyOf(byClock.keySet());
    }

    /** @return the highest clock with a baseline, in MHz */
    public int maxClockMhz() {
        return byClock.lastKey();
    }

    /**
     * Whether the profile covers a clock.
     *
     * @param clockMhz SM clock in MHz
     * @return whether the profile has a baseline at {@code clockMhz}
     */
    public boolean hasClock(int clockMhz) {
        return byClock.containsKey(clockMhz);
    }

    /**
     * The baseline at one clock, in its parts.
     *
     * @param clockMhz SM clock in MHz
     * @return the baseline parts at {@code clockMhz}
     * @throws IllegalArgumentException naming the clock and listing the clocks the profile has
     */
    public Baseline at(int clockMhz) {
        Baseline b = byClock.get(clockMhz);
        if (b == null) {
            throw new IllegalArgumentException("No baseline power for " + gpu + " at " + clockMhz
                    + " MHz; the device profile has " + clocksMhz() + " MHz");
        }
        return b;
    }

    /**
     * The board's total baseline power at one clock.
     *
     * @param clockMhz SM clock in MHz
     * @return the board's power with nothing running at {@code clockMhz} (static + fan + idle)
     * @throws IllegalArgumentException naming the clock and listing the clocks the profile has
     */
    public Power baseline(int clockMhz) {
        return at(clockMhz).total();
    }

    /**
     * Checks that these figures (and the model profiles measured with them) may stand for {@code target}: the
     * same product, another product with the same die and MIG table (e.g. the A100 80GB in SXM4 and PCIe form),
     * or a label the catalog does not know (a file's name), which is then assumed to describe {@code target}.
     *
     * @param target the GPU type to plan or tune for
     * @return what is assumed, to list with the figures
     * @throws IllegalArgumentException naming both GPUs when this profile is of a catalog GPU with another die
     *                                  or MIG table
     */
    public Assumption requireFor(GpuModel target) {
        Objects.requireNonNull(target, "target");
        GpuModel measured;
        try {
            measured = GpuCatalog.byId(gpu);
        } catch (IllegalArgumentException unknown) {
            return Assumption.of("GPU", target.id(), "device profile '" + gpu + "' is not a catalog GPU; assumed to be"
                    + " measured on " + target.id());
        }
        if (measured.equals(target)) {
            return Assumption.of("GPU", target.id(), "profiles measured on it (" + provenance + ")");
        }
        boolean sameMig = measured.mig() == null ? target.mig() == null : target.mig() != null
                && measured.mig().computeSlices() == target.mig().computeSlices()
                && measured.mig().memorySlots() == target.mig().memorySlots()
                && measured.mig().profiles().equals(target.mig().profiles());
        if (!measured.die().equals(target.die()) || !sameMig) {
            throw new IllegalArgumentException("The profiles were measured on " + measured.id() + ", not " + target.id()
                    + " (" + (sameMig ? "another die" : "another MIG table")
                    + "); give profiles and a device file measured on " + target.id());
        }
        return Assumption.of("GPU", target.id(), "profiles measured on " + measured.id()
                + " (same die and MIG table; board power limit " + measured.boardPower() + " there, "
                + target.boardPower() + " here)");
    }

    @Override
    public String toString() {
        return "DevicePowerProfile[" + gpu + ", " + byClock.size() + " clocks, " + provenance + "]";
    }
}
