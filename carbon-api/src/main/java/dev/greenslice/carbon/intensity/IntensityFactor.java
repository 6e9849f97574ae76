package dev.greenslice.carbon.intensity;

import dev.greenslice.carbon.CarbonIntensity;

import java.util.Objects;

/**
 * A carbon intensity with its provenance and range: the figure used, the low/high ends where a range is
 * published (IPCC min/max), whether it is lifecycle or direct, where it comes from and the year it
 * describes. Immutable.
 *
 * @param value  the central figure
 * @param low    the low end of the published range, or the value if none
 * @param high   the high end of the published range, or the value if none
 * @param basis  lifecycle or direct
 * @param source where the figure comes from, e.g. {@code "IPCC AR5 WGIII Annex III, lifecycle median (gas, combined cycle)"}
 * @param year   the year the figure describes or was published, 0 if unknown
 */
public record IntensityFactor(CarbonIntensity value, CarbonIntensity low, CarbonIntensity high,
                              IntensityBasis basis, String source, int year) {

    /**
     * Validates the factor.
     *
     * @param value  the central figure
     * @param low    the low end of the published range, or the value if none
     * @param high   the high end of the published range, or the value if none
     * @param basis  lifecycle or direct
     * @param source where the figure comes from
     * @param year   the year the figure describes or was published, 0 if unknown
     * @throws IllegalArgumentException if the range does not contain the value or the year is negative
     */
    public IntensityFactor {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(source, "source");
        if (low.compareTo(value) > 0 || high.compareTo(value) < 0) {
            throw new IllegalArgumentException("Intensity range " + low + "–" + high + " does not contain " + value
                    + " (" + source + ")");
        }
        if (year < 0) {
            throw new IllegalArgumentException("Intensity year must be >= 0 (0 = unknown), got " + year);
        }
    }

    /**
     * A factor without a published range: low and high equal the value.
     *
     * @param value  the figure
     * @param basis  lifecycle or direct
     * @param source where the figure comes from
     * @param year   the year it describes, 0 if unknown
     * @return the factor
     */
    public static IntensityFactor exact(CarbonIntensity value, IntensityBasis basis, String source, int year) {
        return new IntensityFactor(value, value, value, basis, source, year);
    }

    @Override
    public String toString() {
        String range = low.equals(high) ? "" : " [" + trim(low.gramsPerKwh()) + "–" + trim(high.gramsPerKwh()) + "]";
        return value + range + ", " + basis.name().toLowerCase(java.util.Locale.ROOT) + ", " + source
                + (year > 0 ? " (" + year + ")" : "");
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
