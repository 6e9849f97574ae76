package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.sensor.ReadingKind;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One domain's running totals since its meter was built, as of the meter's latest sample: part of
 * {@link MeterTotals}. Immutable.
 *
 * <p>{@link #energy()} is monotonic: it adds up the energy of every sample interval in which the domain's
 * series was unbroken (both ends read, no counter reset, no gap in power readings) and leaves out the
 * others, never subtracting across a break. {@link #measured()} says how much time those intervals cover,
 * so energy over 0 s of measured time is visibly "nothing known" rather than a measured zero.
 *
 * @param domain            the domain id, e.g. {@code gpu:0}
 * @param parent            the enclosing domain's id, or {@code ""} for a root of the meter or view
 * @param kind              how the readings are obtained
 * @param sensor            the sensor's name
 * @param energy            cumulative energy over the measured intervals, in joules
 * @param measured          the total length of the measured intervals
 * @param power             mean power over the latest sample interval, if that interval was measured
 * @param operational       cumulative operational carbon of {@code energy}, each interval at the intensity
 *                          in effect then; empty if the meter has no intensity source
 * @param unavailableReason why the latest sample has no reading of this domain, if it has none
 * @param unattributed      in {@link Attribution#SHARED_BY_OVERLAP}, the part of {@code energy} consumed while no
 *                          window covering this domain was open, which no window was charged: the windows' figures
 *                          for the domain add up to {@code energy − unattributed}. Empty in
 *                          {@link Attribution#DEVICE_TOTAL}, where every window sees all of the device's energy
 */
public record DomainTotal(String domain, String parent, ReadingKind kind, String sensor, Energy energy,
                          Duration measured, Optional<Power> power, Optional<CarbonFigure> operational,
                          Optional<String> unavailableReason, Optional<Energy> unattributed) {

    /**
     * Validates the components.
     *
     * @param domain see {@link #domain()}
     * @param parent see {@link #parent()}
     * @param kind see {@link #kind()}
     * @param sensor see {@link #sensor()}
     * @param energy see {@link #energy()}
     * @param measured see {@link #measured()}
     * @param power see {@link #power()}
     * @param operational see {@link #operational()}
     * @param unavailableReason see {@link #unavailableReason()}
     * @param unattributed see {@link #unattributed()}
     * @throws NullPointerException for a null component
     */
    public DomainTotal {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(operational, "operational");
        Objects.requireNonNull(unavailableReason, "unavailableReason");
        Objects.requireNonNull(unattributed, "unattributed");
    }

    /**
     * A domain's totals without an unattributed figure (device-total attribution).
     *
     * @param domain see {@link #domain()}
     * @param parent see {@link #parent()}
     * @param kind see {@link #kind()}
     * @param sensor see {@link #sensor()}
     * @param energy see {@link #energy()}
     * @param measured see {@link #measured()}
     * @param power see {@link #power()}
     * @param operational see {@link #operational()}
     * @param unavailableReason see {@link #unavailableReason()}
     * @throws NullPointerException for a null component
     */
    public DomainTotal(String domain, String parent, ReadingKind kind, String sensor, Energy energy,
                       Duration measured, Optional<Power> power, Optional<CarbonFigure> operational,
                       Optional<String> unavailableReason) {
        this(domain, parent, kind, sensor, energy, measured, power, operational, unavailableReason, Optional.empty());
    }

    /** @return whether the meter's latest sample holds a reading of this domain */
    public boolean isAvailable() {
        return unavailableReason.isEmpty();
    }

    /** @return whether the domain counts towards totals (it has no parent in the meter or view) */
    public boolean isRoot() {
        return parent.isEmpty();
    }
}
