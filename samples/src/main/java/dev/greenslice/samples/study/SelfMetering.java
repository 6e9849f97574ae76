package dev.greenslice.samples.study;

import dev.greenslice.carbon.meter.CarbonReport;

import java.util.List;
import java.util.Objects;

/**
 * The study's own footprint: the CPU energy and carbon of computing it and drawing its charts, metered with
 * the best sensor this machine offers. Immutable.
 *
 * @param sensor  which sensor and why, e.g. RAPL's counters, or the CPU-time estimate and why RAPL was not used
 * @param notes   further notes on the sensor
 * @param report  the meter's report
 */
public record SelfMetering(String sensor, List<String> notes, CarbonReport report) {

    /**
     * Checks that no part is null and copies the notes.
     *
     * @param sensor  which sensor and why, e.g. RAPL's counters, or the CPU-time estimate and why RAPL was not used
     * @param notes   further notes on the sensor
     * @param report  the meter's report
     * @throws NullPointerException for a missing part
     */
    public SelfMetering {
        Objects.requireNonNull(sensor, "sensor");
        notes = List.copyOf(notes);
        Objects.requireNonNull(report, "report");
    }
}
