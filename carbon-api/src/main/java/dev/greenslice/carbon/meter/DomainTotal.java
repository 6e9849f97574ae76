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
 */
public final class DomainTotal {
    private final String domain;
    private final String parent;
    private final ReadingKind kind;
    private final String sensor;
    private final Energy energy;
    private final Duration measured;
    private final Optional<Power> power;
    private final Optional<CarbonFigure> operational;
    private final Optional<String> unavailableReason;
    private final Optional<Energy> unattributed;

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
    DomainTotal(String domain, String parent, ReadingKind kind, String sensor, Energy energy, Duration measured,
            Optional<Power> power, Optional<CarbonFigure> operational, Optional<String> unavailableReason,
            Optional<Energy> unattributed) {
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
        this.domain = domain;
        this.parent = parent;
        this.kind = kind;
        this.sensor = sensor;
        this.energy = energy;
        this.measured = measured;
        this.power = power;
        this.operational = operational;
        this.unavailableReason = unavailableReason;
        this.unattributed = unattributed;
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
    DomainTotal(String domain, String parent, ReadingKind kind, String sensor, Energy energy,
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

    /** @return the domain id, e.g. {@code gpu:0} */
    public String domain() {
        return domain;
    }

    /** @return the enclosing domain's id, or {@code ""} for a root of the meter or view */
    public String parent() {
        return parent;
    }

    /** @return how the readings are obtained */
    public ReadingKind kind() {
        return kind;
    }

    /** @return the sensor's name */
    public String sensor() {
        return sensor;
    }

    /** @return cumulative energy over the measured intervals, in joules */
    public Energy energy() {
        return energy;
    }

    /** @return the total length of the measured intervals */
    public Duration measured() {
        return measured;
    }

    /** @return mean power over the latest sample interval, if that interval was measured */
    public Optional<Power> power() {
        return power;
    }

    /**
     * @return cumulative operational carbon of {@code energy}, each interval at the intensity in effect then; empty if
     *         the meter has no intensity source
     */
    public Optional<CarbonFigure> operational() {
        return operational;
    }

    /** @return why the latest sample has no reading of this domain, if it has none */
    public Optional<String> unavailableReason() {
        return unavailableReason;
    }

    /**
     * @return in {@link Attribution#SHARED_BY_OVERLAP}, the part of {@code energy} consumed while no window covering
     *         this domain was open, which no window was charged: the windows' figures for the domain add up to {@code
     *         energy − unattributed}. Empty in {@link Attribution#DEVICE_TOTAL}, where every window sees all of the
     *         device's energy
     */
    public Optional<Energy> unattributed() {
        return unattributed;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof DomainTotal)) {
            return false;
        }
        DomainTotal o = (DomainTotal) other;
        return Objects.equals(domain, o.domain)
                && Objects.equals(parent, o.parent)
                && Objects.equals(kind, o.kind)
                && Objects.equals(sensor, o.sensor)
                && Objects.equals(energy, o.energy)
                && Objects.equals(measured, o.measured)
                && Objects.equals(power, o.power)
                && Objects.equals(operational, o.operational)
                && Objects.equals(unavailableReason, o.unavailableReason)
                && Objects.equals(unattributed, o.unattributed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, parent, kind, sensor, energy, measured, power, operational, unavailableReason,
                unattributed);
    }

    @Override
    public String toString() {
        return "DomainTotal[domain=" + domain
                + ", parent=" + parent
                + ", kind=" + kind
                + ", sensor=" + sensor
                + ", energy=" + energy
                + ", measured=" + measured
                + ", power=" + power
                + ", operational=" + operational
                + ", unavailableReason=" + unavailableReason
                + ", unattributed=" + unattributed + "]";
    }
}
