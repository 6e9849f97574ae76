package dev.greenslice.carbon.estimate;

import dev.greenslice.carbon.Power;

import java.util.Objects;

/**
 * One additive term of a power estimate, e.g. the board's static power, the shared idle auxiliary power,
 * or one model's compute power. Immutable.
 *
 * @param name        the term, e.g. {@code "static"}, {@code "compute"}
 * @param model       the model it belongs to, or {@code ""} for a term shared by the whole board
 * @param power       its power
 * @param explanation how it was obtained, for reports
 */
public record PowerTerm(String name, String model, Power power, String explanation) {

    /**
     * A term as computed.
     *
     * @param name        the term, e.g. {@code "static"}, {@code "compute"}
     * @param model       the model it belongs to, or {@code ""} for a term shared by the whole board
     * @param power       its power
     * @param explanation how it was obtained, for reports
     * @throws NullPointerException if any part is null
     */
    public PowerTerm {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** @return whether the term is shared by the whole board rather than one model's */
    public boolean isShared() {
        return model.isEmpty();
    }
}
