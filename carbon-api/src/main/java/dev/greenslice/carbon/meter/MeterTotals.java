package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.intensity.IntensityFactor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a meter's running totals since it was built, as of its latest sample: what metrics
 * exporters (Micrometer, OpenTelemetry, a Prometheus endpoint) need to publish monotonic energy and
 * carbon counters and power and intensity gauges. Returned by {@link CarbonMeter#totals()}. Immutable.
 *
 * <p>Energy and operational carbon only ever grow from one snapshot to the next of the same meter:
 * intervals in which a domain's series broke (a counter reset, an unreadable sensor, a gap in power
 * readings) add nothing, and say so through each domain's {@link DomainTotal#measured()} time and
 * {@link DomainTotal#unavailableReason()}. Operational carbon is accumulated sample interval by sample
 * interval at the intensity in effect in that interval, so an hourly intensity trace is followed as it
 * changes. Embodied carbon is charged for the time elapsed since the meter was built, per device with a
 * footprint, as windows are.
 */
public final class MeterTotals {
    private final Instant at;
    private final Duration elapsed;
    private final List<DomainTotal> domains;
    private final Energy totalEnergy;
    private final Optional<Energy> unattributedEnergy;
    private final Optional<IntensityFactor> intensity;
    private final Optional<CarbonFigure> operational;
    private final List<EmbodiedShare> embodied;
    private final List<String> warnings;

    /**
     * Validates the components and copies the lists.
     *
     * @param at see {@link #at()}
     * @param elapsed see {@link #elapsed()}
     * @param domains see {@link #domains()}
     * @param totalEnergy see {@link #totalEnergy()}
     * @param unattributedEnergy see {@link #unattributedEnergy()}
     * @param intensity see {@link #intensity()}
     * @param operational see {@link #operational()}
     * @param embodied see {@link #embodied()}
     * @param warnings see {@link #warnings()}
     * @throws NullPointerException for a null component
     */
    MeterTotals(Instant at, Duration elapsed, List<DomainTotal> domains, Energy totalEnergy,
            Optional<Energy> unattributedEnergy, Optional<IntensityFactor> intensity,
            Optional<CarbonFigure> operational, List<EmbodiedShare> embodied, List<String> warnings) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(elapsed, "elapsed");
        domains = List.copyOf(domains);
        Objects.requireNonNull(totalEnergy, "totalEnergy");
        Objects.requireNonNull(unattributedEnergy, "unattributedEnergy");
        Objects.requireNonNull(intensity, "intensity");
        Objects.requireNonNull(operational, "operational");
        embodied = List.copyOf(embodied);
        warnings = List.copyOf(warnings);
        this.at = at;
        this.elapsed = elapsed;
        this.domains = domains;
        this.totalEnergy = totalEnergy;
        this.unattributedEnergy = unattributedEnergy;
        this.intensity = intensity;
        this.operational = operational;
        this.embodied = embodied;
        this.warnings = warnings;
    }

    /**
     * Totals without an unattributed figure (device-total attribution).
     *
     * @param at see {@link #at()}
     * @param elapsed see {@link #elapsed()}
     * @param domains see {@link #domains()}
     * @param totalEnergy see {@link #totalEnergy()}
     * @param intensity see {@link #intensity()}
     * @param operational see {@link #operational()}
     * @param embodied see {@link #embodied()}
     * @param warnings see {@link #warnings()}
     * @throws NullPointerException for a null component
     */
    MeterTotals(Instant at, Duration elapsed, List<DomainTotal> domains, Energy totalEnergy,
                Optional<IntensityFactor> intensity, Optional<CarbonFigure> operational,
                List<EmbodiedShare> embodied, List<String> warnings) {
        this(at, elapsed, domains, totalEnergy, Optional.empty(), intensity, operational, embodied, warnings);
    }

    /**
     * The totals as one JSON object: {@code totalEnergyJoules}, {@code unattributedEnergyJoules} (shared
     * attribution only), operational and embodied carbon in grams, and per domain {@code energyJoules},
     * {@code measuredSeconds}, {@code powerWatts} and {@code unattributedEnergyJoules}.
     *
     * @return the JSON text
     */
    public String toJson() {
        return ReportJson.write(this);
    }

    /**
     * One domain's totals.
     *
     * @param id the domain id, e.g. {@code "gpu:0"}
     * @return the domain's totals, if the meter covers it
     */
    public Optional<DomainTotal> domain(String id) {
        return domains.stream().filter(d -> d.domain().equals(id)).findFirst();
    }

    /** @return the sum of {@link #embodied()}, if any device has a footprint */
    public Optional<CarbonFigure> embodiedTotal() {
        return embodied.stream().map(EmbodiedShare::carbon).reduce(CarbonFigure::plus);
    }

    /** @return the wall-clock time of the latest sample */
    public Instant at() {
        return at;
    }

    /** @return the time from the meter's first sample to its latest */
    public Duration elapsed() {
        return elapsed;
    }

    /** @return every domain of the meter (or view), roots and nested */
    public List<DomainTotal> domains() {
        return domains;
    }

    /** @return the sum of {@link DomainTotal#energy()} over root domains, in joules */
    public Energy totalEnergy() {
        return totalEnergy;
    }

    /**
     * @return in {@link Attribution#SHARED_BY_OVERLAP}, the part of {@code totalEnergy} consumed while no window was
     *         open on the domain, which no window was charged (sum of {@link DomainTotal#unattributed()} over root
     *         domains): windows closed and attributed by the latest sample add up to {@code totalEnergy −
     *         unattributedEnergy}, less what windows still open have not yet been charged. Empty in {@link
     *         Attribution#DEVICE_TOTAL}
     */
    public Optional<Energy> unattributedEnergy() {
        return unattributedEnergy;
    }

    /** @return the intensity in effect at {@code at}, if the meter has an intensity source that covers it */
    public Optional<IntensityFactor> intensity() {
        return intensity;
    }

    /** @return the sum of root domains' operational carbon, if the meter has an intensity source */
    public Optional<CarbonFigure> operational() {
        return operational;
    }

    /** @return embodied carbon over {@code elapsed} per device with a footprint; empty without an embodied model */
    public List<EmbodiedShare> embodied() {
        return embodied;
    }

    /** @return what the figures leave out, e.g. energy in intervals the intensity source did not cover */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof MeterTotals)) {
            return false;
        }
        MeterTotals o = (MeterTotals) other;
        return Objects.equals(at, o.at)
                && Objects.equals(elapsed, o.elapsed)
                && Objects.equals(domains, o.domains)
                && Objects.equals(totalEnergy, o.totalEnergy)
                && Objects.equals(unattributedEnergy, o.unattributedEnergy)
                && Objects.equals(intensity, o.intensity)
                && Objects.equals(operational, o.operational)
                && Objects.equals(embodied, o.embodied)
                && Objects.equals(warnings, o.warnings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(at, elapsed, domains, totalEnergy, unattributedEnergy, intensity, operational, embodied,
                warnings);
    }

    @Override
    public String toString() {
        return "MeterTotals[at=" + at
                + ", elapsed=" + elapsed
                + ", domains=" + domains
                + ", totalEnergy=" + totalEnergy
                + ", unattributedEnergy=" + unattributedEnergy
                + ", intensity=" + intensity
                + ", operational=" + operational
                + ", embodied=" + embodied
                + ", warnings=" + warnings + "]";
    }
}
