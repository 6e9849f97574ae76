package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.FunctionalUnitReport;

import java.time.Duration;
import java.util.Objects;

/**
 * One probe of an {@link OnlineFrequencyTuner}: the GPU locked at one SM clock, one {@link ProbeLoad#serve()}
 * metered by a {@link dev.greenslice.carbon.meter.CarbonMeter}, and the carbon per request that came out.
 * Immutable.
 *
 * <p>Units: energy in J, carbon in gCO2e, time per request as a {@link Duration}. The meter's report is kept
 * whole, so every figure keeps its provenance (sensor, intensity source, embodied model).
 *
 * <p><b>Re-pricing.</b> The energy and the time a request takes do not depend on the grid; only the
 * intensity does. {@link #carbonPerRequestAt(CarbonIntensity)} prices this probe's energy at another
 * intensity, which is how the tuner compares probes taken in different hours of a trace on equal terms, and
 * how it judges whether a change of intensity is worth switching clocks for.
 *
 * @param clockMhz the SM clock the GPU was locked at, in MHz
 * @param served   what the load served, with latencies and SLOs
 * @param report   the meter's report of the probe window; complete, with operational and embodied figures
 */
public record ProbePoint(int clockMhz, ServedWork served, CarbonReport report) {

    /**
     * Checks that the probe can be priced per request.
     *
     * @param clockMhz the SM clock the GPU was locked at, in MHz; positive
     * @param served   what the load served; at least one request
     * @param report   the meter's report; complete, with operational and embodied figures
     * @throws NullPointerException     if the work or the report is null
     * @throws IllegalArgumentException for a non-positive clock, no request served, a domain that could not be
     *                                  read, or a report without operational or embodied carbon
     */
    public ProbePoint {
        Objects.requireNonNull(served, "served");
        Objects.requireNonNull(report, "report");
        if (clockMhz <= 0) {
            throw new IllegalArgumentException("A probe's clock must be a positive number of MHz, got " + clockMhz);
        }
        if (served.requests() < 1) {
            throw new IllegalArgumentException("The probe at " + clockMhz + " MHz served no request; a probe load must"
                    + " serve at least one request to price one");
        }
        if (!report.complete()) {
            throw new IllegalArgumentException("The probe at " + clockMhz + " MHz could not read every domain: "
                    + report.domains().stream().filter(d -> !d.isAvailable())
                    .map(d -> d.domain() + " " + d.unavailableReason().orElse("")).toList());
        }
        if (report.operational().isEmpty() || report.embodiedTotal().isEmpty()) {
            throw new IllegalArgumentException("The probe at " + clockMhz + " MHz has no "
                    + (report.operational().isEmpty() ? "operational" : "embodied")
                    + " carbon figure; meter with an intensity source and an embodied model");
        }
    }

    /** @return requests served */
    public long requests() {
        return served.requests();
    }

    /** @return whether every model met its latency SLO */
    public boolean meetsSlo() {
        return served.meetsSlos();
    }

    /** @return the figures per request, as metered */
    public FunctionalUnitReport perRequest() {
        return report.per(requests(), "request");
    }

    /** @return the GPU's energy per request, in J */
    public Energy energyPerRequest() {
        return Energy.ofJoules(report.totalEnergy().joules() / requests());
    }

    /** @return the probe window's duration divided by the requests served */
    public Duration timePerRequest() {
        return Duration.ofNanos(Math.round(report.duration().toNanos() / (double) requests()));
    }

    /** @return operational carbon per request as metered (at the intensity of the probe's own hours) */
    public CarbonFigure operationalPerRequest() {
        return report.operational().orElseThrow().dividedBy(requests());
    }

    /** @return embodied carbon per request: the GPU's embodied carbon over the probe window, per request */
    public CarbonFigure embodiedPerRequest() {
        return report.embodiedTotal().orElseThrow().dividedBy(requests());
    }

    /** @return operational plus embodied carbon per request, as metered */
    public CarbonFigure carbonPerRequest() {
        return operationalPerRequest().plus(embodiedPerRequest());
    }

    /**
     * The carbon per request had the probe run at {@code intensity}: energy per request × intensity +
     * embodied per request (central values).
     *
     * @param intensity the intensity to price the probe's energy at
     * @return the carbon per request at that intensity
     */
    public CarbonMass carbonPerRequestAt(CarbonIntensity intensity) {
        return intensity.times(energyPerRequest()).plus(embodiedPerRequest().value());
    }

    @Override
    public String toString() {
        return clockMhz + " MHz: " + carbonPerRequest().value() + "/request, " + energyPerRequest() + "/request"
                + (meetsSlo() ? "" : ", misses an SLO");
    }
}
