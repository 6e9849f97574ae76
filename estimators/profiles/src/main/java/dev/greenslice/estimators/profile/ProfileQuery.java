package dev.greenslice.estimators.profile;

import java.util.Objects;

/**
 * One row of a query file: which model, in which grid cell, a prediction is wanted for. Immutable.
 *
 * @param model the model's name
 * @param key   the grid cell
 */
public record ProfileQuery(String model, ProfileKey key) {

    /**
     * Checks the parts.
     *
     * @param model the model's name; not blank
     * @param key   the grid cell
     * @throws NullPointerException     if either is null
     * @throws IllegalArgumentException for a blank model name
     */
    public ProfileQuery {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(key, "key");
        if (model.isBlank()) {
            throw new IllegalArgumentException("A query needs a model name");
        }
    }

    @Override
    public String toString() {
        return model + " at " + key;
    }
}
