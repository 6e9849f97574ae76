package dev.greenslice.carbon.intensity;

import dev.greenslice.carbon.CarbonIntensity;

import java.util.Objects;

/**
 * A carbon intensity with its provenance and range: the figure used, the low/high ends where a range is
 * published (IPCC min/max), whether it is lifecycle or direct, where it comes from and the year it
 * describes. Immutable.
 */
public final class IntensityFactor {
    private final CarbonIntensity value;
    private final CarbonIntensity low;
    private final CarbonIntensity high;
    private final IntensityBasis basis;
    private final String source;
    private final int year;

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
    private IntensityFactor(CarbonIntensity value, CarbonIntensity low, CarbonIntensity high, IntensityBasis basis,
            String source, int year) {
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
        this.value = value;
        this.low = low;
        this.high = high;
        this.basis = basis;
        this.source = source;
        this.year = year;
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

    /** @return the central figure */
    public CarbonIntensity value() {
        return value;
    }

    /** @return the low end of the published range, or the value if none */
    public CarbonIntensity low() {
        return low;
    }

    /** @return the high end of the published range, or the value if none */
    public CarbonIntensity high() {
        return high;
    }

    /** @return lifecycle or direct */
    public IntensityBasis basis() {
        return basis;
    }

    /**
     * @return where the figure comes from, e.g. {@code "IPCC AR5 WGIII Annex III, lifecycle median (gas, combined
     *         cycle)"}
     */
    public String source() {
        return source;
    }

    /** @return the year the figure describes or was published, 0 if unknown */
    public int year() {
        return year;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof IntensityFactor)) {
            return false;
        }
        IntensityFactor o = (IntensityFactor) other;
        return Objects.equals(value, o.value)
                && Objects.equals(low, o.low)
                && Objects.equals(high, o.high)
                && Objects.equals(basis, o.basis)
                && Objects.equals(source, o.source)
                && year == o.year;
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, low, high, basis, source, year);
    }

    /**
     * A builder for a {@link IntensityFactor}: set what you know by name; {@link Builder#build()} validates.
     *
     * @return a new builder with no component set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this factor's components, e.g. to restate it with another source.
     *
     * @return a new builder with every component set to this factor's
     */
    public Builder toBuilder() {
        return builder().value(value).low(low).high(high).basis(basis).source(source).year(year);
    }

    /**
     * Builds a {@link IntensityFactor} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private CarbonIntensity value;
        private CarbonIntensity low;
        private CarbonIntensity high;
        private IntensityBasis basis;
        private String source;
        private int year;

        private Builder() {
        }

        /**
         * Sets {@link IntensityFactor#value()}.
         *
         * @param value the central figure
         * @return this builder
         */
        public Builder value(CarbonIntensity value) {
            this.value = value;
            return this;
        }

        /**
         * Sets {@link IntensityFactor#low()}.
         *
         * @param low the low end of the published range; if not set, the value
         * @return this builder
         */
        public Builder low(CarbonIntensity low) {
            this.low = low;
            return this;
        }

        /**
         * Sets {@link IntensityFactor#high()}.
         *
         * @param high the high end of the published range; if not set, the value
         * @return this builder
         */
        public Builder high(CarbonIntensity high) {
            this.high = high;
            return this;
        }

        /**
         * Sets {@link IntensityFactor#basis()}.
         *
         * @param basis lifecycle or direct
         * @return this builder
         */
        public Builder basis(IntensityBasis basis) {
            this.basis = basis;
            return this;
        }

        /**
         * Sets {@link IntensityFactor#source()}.
         *
         * @param source where the figure comes from, e.g. {@code "IPCC AR5 WGIII Annex III, lifecycle median (gas, combined cycle)"}
         * @return this builder
         */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /**
         * Sets {@link IntensityFactor#year()}.
         *
         * @param year the year the figure describes or was published, 0 if unknown
         * @return this builder
         */
        public Builder year(int year) {
            this.year = year;
            return this;
        }

        /**
         * Validates the settings as {@link IntensityFactor} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range, naming it
         */
        public IntensityFactor build() {
            return new IntensityFactor(value, low == null ? value : low, high == null ? value : high, basis, source,
                    year);
        }
    }
}
