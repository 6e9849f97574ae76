package dev.greenslice.estimators.profile;

import dev.greenslice.carbon.Power;

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
     * @param gpu        the GPU type, e.g. {@code "A100-SXM4-80GB"}
     * @param baselines  one per clock; not empty
     * @param provenance where the figures come from
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

    /** @return whether the profile has a baseline at {@code clockMhz} */
    public boolean hasClock(int clockMhz) {
        return byClock.containsKey(clockMhz);
    }

    /**
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

    /** @return the board's power with nothing running at {@code clockMhz} (static + fan + idle) */
    public Power baseline(int clockMhz) {
        return at(clockMhz).total();
    }

    @Override
    public String toString() {
        return "DevicePowerProfile[" + gpu + ", " + byClock.size() + " clocks, " + provenance + "]";
    }
}
