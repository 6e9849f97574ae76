package dev.greenslice.estimators.pipeline;

import java.util.Objects;

/**
 * What one stage runs: its variant, how many replicas, and the batch size.
 *
 * <p>Immutable. Construction fails with an {@link IllegalArgumentException} for a blank variant name or
 * replicas or batch size below 1; whether the values are within a stage's bounds is a constraint the
 * pipeline checks (see {@link Pipeline#assess}).
 *
 * @param variant   the variant's name
 * @param replicas  replicas to run; {@code >= 1}
 * @param batchSize requests per batch; {@code >= 1}
 */
public record StageConfiguration(String variant, int replicas, int batchSize) {

    /**
     * One stage's setting.
     *
     * @param variant   the variant's name
     * @param replicas  replicas to run; {@code >= 1}
     * @param batchSize requests per batch; {@code >= 1}
     * @throws NullPointerException if the variant is null
     * @throws IllegalArgumentException for a blank variant, or fewer than one replica or request per batch
     */
    public StageConfiguration {
        Objects.requireNonNull(variant, "variant");
        if (variant.isBlank()) {
            throw new IllegalArgumentException("A stage configuration needs a variant name");
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("Replicas must be at least 1, got " + replicas + " for " + variant);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be at least 1, got " + batchSize + " for " + variant);
        }
    }

    @Override
    public String toString() {
        return variant + " x" + replicas + " b" + batchSize;
    }
}
