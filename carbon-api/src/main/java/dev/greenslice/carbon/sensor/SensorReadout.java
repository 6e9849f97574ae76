package dev.greenslice.carbon.sensor;

import java.util.Arrays;
import java.util.List;

/**
 * The reusable buffer a sensor fills on each {@link EnergySensor#read(SensorReadout)}: one slot per
 * domain, in the order of {@link EnergySensor#domains()}.
 *
 * <p>Each slot holds either a value (cumulative joules for energy kinds, watts for
 * {@link ReadingKind#POWER_SAMPLE}) or the reason the domain could not be read. A slot the sensor did not
 * touch during a read is reported as unavailable by the meter ("sensor gave no reading"), never as zero.
 *
 * <p>Not thread-safe: a readout belongs to the one thread that reads the sensor into it. Reusing it
 * keeps the sampler's tick free of allocation.
 */
public final class SensorReadout {

    private static final String NOT_READ = "sensor gave no reading for this domain";

    private final List<SensorDomain> domains;
    private final double[] values;
    private final String[] failures;
    private final String[] breaks;

    /** @param domains the sensor's domains, in its order */
    public SensorReadout(List<SensorDomain> domains) {
        this.domains = List.copyOf(domains);
        this.values = new double[domains.size()];
        this.failures = new String[domains.size()];
        this.breaks = new String[domains.size()];
        clear();
    }

    /** Marks every slot as not read; the meter calls this before each read. */
    public void clear() {
        Arrays.fill(values, Double.NaN);
        Arrays.fill(failures, NOT_READ);
        Arrays.fill(breaks, null);
    }

    /** @return the number of slots */
    public int size() {
        return values.length;
    }

    /**
     * Records a cumulative energy reading.
     *
     * @param domain index into the sensor's domains
     * @param joules cumulative joules; must not decrease between reads of the same domain
     */
    public void energy(int domain, double joules) {
        if (!domains.get(domain).kind().isCumulativeEnergy()) {
            throw new IllegalStateException("Domain " + domains.get(domain).id() + " reports power, not energy");
        }
        put(domain, joules, "energy", "J");
    }

    /**
     * Records a cumulative energy reading that starts a new series: the energy between the domain's previous
     * reading and this one is unknown (a counter reset, an implausible delta the sensor dropped, a gap too
     * long to rule out several wraparounds), so a meter must not subtract across this reading. Later readings
     * may be subtracted from this one as usual.
     *
     * @param domain index into the sensor's domains
     * @param joules cumulative joules; must not decrease between reads of the same domain
     * @param reason what broke the series; shown in logs and reports
     */
    public void energyAfterBreak(int domain, double joules, String reason) {
        energy(domain, joules);
        if (isAvailable(domain)) {
            breaks[domain] = reason == null || reason.isBlank() ? "series broken (no reason given)" : reason;
        }
    }

    /**
     * Why a slot's series restarts at this reading (see {@link #energyAfterBreak}).
     *
     * @param domain index into the sensor's domains
     * @return the reason, or null if the series goes on
     */
    public String seriesBreak(int domain) {
        return breaks[domain];
    }

    /**
     * Records an instantaneous power reading.
     *
     * @param domain index into the sensor's domains
     * @param watts  power in watts
     */
    public void power(int domain, double watts) {
        if (domains.get(domain).kind().isCumulativeEnergy()) {
            throw new IllegalStateException("Domain " + domains.get(domain).id() + " reports cumulative energy, not power");
        }
        put(domain, watts, "power", "W");
    }

    /**
     * Records that a domain could not be read this time.
     *
     * @param domain index into the sensor's domains
     * @param reason what went wrong and how to fix it; shown in reports
     */
    public void unavailable(int domain, String reason) {
        values[domain] = Double.NaN;
        breaks[domain] = null;
        failures[domain] = reason == null || reason.isBlank() ? "unavailable (no reason given)" : reason;
    }

    private void put(int domain, double value, String what, String unit) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
            unavailable(domain, "sensor returned an invalid " + what + " reading: " + value + " " + unit);
            return;
        }
        values[domain] = value;
        failures[domain] = null;
        breaks[domain] = null;
    }

    /**
     * Whether a slot holds a value.
     *
     * @param domain index into the sensor's domains
     * @return true after {@link #energy} or {@link #power} with a valid value; false if not read, or unavailable
     */
    public boolean isAvailable(int domain) {
        return failures[domain] == null;
    }

    /**
     * A slot's value.
     *
     * @param domain index into the sensor's domains
     * @return cumulative joules or watts, per the domain's kind; NaN if unavailable
     */
    public double value(int domain) {
        return values[domain];
    }

    /**
     * Why a slot is unavailable.
     *
     * @param domain index into the sensor's domains
     * @return the reason, or null if the slot holds a value
     */
    public String failure(int domain) {
        return failures[domain];
    }

    /** @return the domains this readout has slots for */
    public List<SensorDomain> domains() {
        return domains;
    }
}
