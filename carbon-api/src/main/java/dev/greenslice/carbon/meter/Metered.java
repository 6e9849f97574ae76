package dev.greenslice.carbon.meter;

import java.util.Objects;

/**
 * A value computed inside a metering window together with the window's report, as returned by
 * {@link CarbonMeter#measure(String, java.util.function.Supplier)}.
 *
 * <p>Immutable; thread-safe if the value is.
 *
 * @param <T> the value's type
 */
public final class Metered<T> {

    private final T value;
    private final CarbonReport report;

    private Metered(T value, CarbonReport report) {
        this.value = value;
        this.report = Objects.requireNonNull(report, "report");
    }

    /**
     * A value with its report.
     *
     * @param value  what the metered work returned; may be null
     * @param report the window's report
     * @param <T>    the value's type
     * @return the pair
     * @throws NullPointerException if the report is null
     */
    public static <T> Metered<T> of(T value, CarbonReport report) {
        return new Metered<>(value, report);
    }

    /** @return what the metered work returned; may be null */
    public T value() {
        return value;
    }

    /** @return the report of the window around the work */
    public CarbonReport report() {
        return report;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metered<?> m && Objects.equals(value, m.value) && report.equals(m.report);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, report);
    }

    @Override
    public String toString() {
        return "Metered[" + value + ", " + report.label() + ": " + report.totalEnergy() + "]";
    }
}
