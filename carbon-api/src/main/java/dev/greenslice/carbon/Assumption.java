package dev.greenslice.carbon;

import java.util.Objects;

/**
 * One stated input of a figure: what was assumed, its value, and where the value comes from.
 *
 * <p>Reports carry a list of these so that no number is silently defaulted. Immutable.
 *
 * @param name   what the assumption is about, e.g. {@code "fab grid intensity"}
 * @param value  the value used, with its unit, e.g. {@code "642 gCO2e/kWh"}
 * @param source where it comes from, e.g. {@code "ACT location_2023.yaml (Taiwan)"}
 */
public record Assumption(String name, String value, String source) {

    /**
     * An assumption as stated.
     *
     * @param name   what the assumption is about, e.g. {@code "fab grid intensity"}
     * @param value  the value used, with its unit, e.g. {@code "642 gCO2e/kWh"}
     * @param source where it comes from, e.g. {@code "ACT location_2023.yaml (Taiwan)"}
     * @throws NullPointerException if any part is null
     */
    public Assumption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }

    /**
     * Shorthand for {@code new Assumption(name, value, source)}.
     *
     * @param name   what the assumption is about, e.g. {@code "fab grid intensity"}
     * @param value  the value used, with its unit, e.g. {@code "642 gCO2e/kWh"}
     * @param source where it comes from, e.g. {@code "ACT location_2023.yaml (Taiwan)"}
     * @return the assumption
     * @throws NullPointerException if any argument is null
     */
    public static Assumption of(String name, String value, String source) {
        return new Assumption(name, value, source);
    }

    @Override
    public String toString() {
        return name + " = " + value + " (" + source + ")";
    }
}
