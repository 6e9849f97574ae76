package dev.greenslice.carbon.estimate;

import java.util.Objects;

/**
 * One model served on a GPU: which model, at which batch size, on how many MIG compute slices
 * (7 = the whole A100/H100). Immutable.
 *
 * @param model     the model's name as its profile names it, e.g. {@code "whisper"}
 * @param batchSize requests per batch, {@code >= 1}
 * @param slices    MIG compute slices of its instance, {@code >= 1}
 */
public record ModelPlacement(String model, int batchSize, int slices) {

    /**
     * A placement as given.
     *
     * @param model     the model's name as its profile names it, e.g. {@code "whisper"}
     * @param batchSize requests per batch, {@code >= 1}
     * @param slices    MIG compute slices of its instance, {@code >= 1}
     * @throws NullPointerException if the model is null
     * @throws IllegalArgumentException for a blank model, or a batch size or slice count below 1, naming the model
     */
    public ModelPlacement {
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("Model name must not be blank");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Model " + model + ": batch size must be >= 1, got " + batchSize);
        }
        if (slices < 1) {
            throw new IllegalArgumentException("Model " + model + ": slices must be >= 1, got " + slices);
        }
    }

    /**
     * Parses {@code NAME:BATCH:SLICES}, e.g. {@code gpt:1:3}, as a command line gives it.
     *
     * @param text the placement
     * @return the placement
     * @throws IllegalArgumentException naming the text if it is not of that form, its numbers are not whole, or a
     *                                  part is invalid
     */
    public static ModelPlacement parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Model '" + text + "' is not of the form NAME:BATCH:SLICES, e.g. gpt:1:3");
        }
        try {
            return new ModelPlacement(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Model '" + text + "': batch and slices must be whole numbers, e.g. gpt:1:3");
        }
    }

    @Override
    public String toString() {
        return model + ":" + batchSize + ":" + slices;
    }
}
