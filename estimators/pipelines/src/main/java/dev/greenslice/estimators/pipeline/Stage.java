package dev.greenslice.estimators.pipeline;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One step of an inference pipeline (e.g. speech-to-text, then summarization): the variants it may run
 * and the bounds on its replicas and batch size.
 *
 * <p>Every request passes through every stage once, in order, so each stage sees the pipeline's arrival
 * rate. Batch sizes a variant has no profile for are never chosen; the bounds narrow the measured ones.
 * An optional batching timeout (a serving stack's "max batch delay") caps how long the first request of a
 * batch waits for the rest; without one, batches always fill, as IPA models them (see
 * {@link ConfigurationAssessment} for the formulas).
 *
 * <p>Immutable and thread-safe. Construction fails with an {@link IllegalArgumentException} naming the
 * stage: blank name, no variant, duplicate variant names, replica bounds outside {@code 1 <= min <= max},
 * batch bounds outside {@code 1 <= min <= max}, or no variant with a batch size inside the bounds.
 */
public final class Stage {
    private final String name;
    private final List<Variant> variants;
    private final int minReplicas;
    private final int maxReplicas;
    private final int minBatch;
    private final int maxBatch;
    private final Optional<Duration> maxBatchWait;

    /**
     * A stage; the variants are copied.
     *
     * @param name         unique within its pipeline
     * @param variants     the variants it may run, in the order optimizers enumerate them
     * @param minReplicas  fewest replicas; {@code >= 1}
     * @param maxReplicas  most replicas; {@code >= minReplicas}
     * @param minBatch     smallest batch size allowed; {@code >= 1}
     * @param maxBatch     largest batch size allowed; {@code >= minBatch}
     * @param maxBatchWait the batching timeout, if the serving stack has one; positive
     * @throws NullPointerException if the name, variants or batching timeout is null (use {@code Optional.empty()}
     *                              for none)
     * @throws IllegalArgumentException naming the stage for a blank name, no variants, two variants of one name,
     *                                  replica or batch bounds not satisfying 1 ≤ min ≤ max, a batching timeout that
     *                                  is not positive, or bounds no variant has a measured batch size within
     */
    Stage(String name, List<Variant> variants, int minReplicas, int maxReplicas, int minBatch, int maxBatch,
            Optional<Duration> maxBatchWait) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(variants, "variants");
        Objects.requireNonNull(maxBatchWait, "maxBatchWait");
        if (maxBatchWait.isPresent() && (maxBatchWait.get().isNegative() || maxBatchWait.get().isZero())) {
            throw new IllegalArgumentException("Stage '" + name + "': the batching timeout must be positive, got "
                    + maxBatchWait.get() + "; leave it empty for no timeout");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("A stage needs a non-blank name");
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("Stage '" + name + "' has no variant; add at least one");
        }
        variants = List.copyOf(variants);
        Set<String> seen = new HashSet<>();
        for (Variant v : variants) {
            if (!seen.add(v.name())) {
                throw new IllegalArgumentException("Stage '" + name + "' has two variants named '" + v.name() + "'");
            }
        }
        if (minReplicas < 1 || maxReplicas < minReplicas) {
            throw new IllegalArgumentException("Stage '" + name + "': replica bounds must satisfy 1 <= min <= max, got ["
                    + minReplicas + ", " + maxReplicas + "]");
        }
        if (minBatch < 1 || maxBatch < minBatch) {
            throw new IllegalArgumentException("Stage '" + name + "': batch bounds must satisfy 1 <= min <= max, got ["
                    + minBatch + ", " + maxBatch + "]");
        }
        boolean any = false;
        for (Variant v : variants) {
            for (BatchProfile b : v.batches()) {
                any |= b.batchSize() >= minBatch && b.batchSize() <= maxBatch;
            }
        }
        if (!any) {
            throw new IllegalArgumentException("Stage '" + name + "': no variant has a measured batch size within ["
                    + minBatch + ", " + maxBatch + "]; widen the batch bounds or add profiles");
        }
        this.name = name;
        this.variants = variants;
        this.minReplicas = minReplicas;
        this.maxReplicas = maxReplicas;
        this.minBatch = minBatch;
        this.maxBatch = maxBatch;
        this.maxBatchWait = maxBatchWait;
    }

    /**
     * A stage with replicas and batch sizes within bounds and no batching timeout.
     *
     * @param name        unique within its pipeline; not blank
     * @param variants    the variants it may run, in the order optimizers enumerate them; at least one
     * @param minReplicas fewest replicas; {@code >= 1}
     * @param maxReplicas most replicas; {@code >= minReplicas}
     * @param minBatch    smallest batch size allowed; {@code >= 1}
     * @param maxBatch    largest batch size allowed; {@code >= minBatch}
     * @throws IllegalArgumentException naming the stage, as its builder does
     */
    Stage(String name, List<Variant> variants, int minReplicas, int maxReplicas, int minBatch, int maxBatch) {
        this(name, variants, minReplicas, maxReplicas, minBatch, maxBatch, Optional.empty());
    }

    /**
     * A stage with replicas in {@code [1, maxReplicas]}, every measured batch size allowed and no batching timeout.
     *
     * @param name        unique within its pipeline; not blank
     * @param maxReplicas most replicas; {@code >= 1}
     * @param variants    the variants it may run; at least one
     * @return the stage
     * @throws IllegalArgumentException naming the stage, as its builder does
     */
    public static Stage of(String name, int maxReplicas, List<Variant> variants) {
        return new Stage(name, variants, 1, maxReplicas, 1, Integer.MAX_VALUE);
    }

    /**
     * A copy with a batching timeout: a batch leaves when full or when its first request has waited this long.
     *
     * @param wait the serving stack's max batch delay; positive
     * @return the copy
     * @throws IllegalArgumentException for a wait that is not positive
     */
    public Stage withMaxBatchWait(Duration wait) {
        return new Stage(name, variants, minReplicas, maxReplicas, minBatch, maxBatch, Optional.of(wait));
    }

    /**
     * The batching timeout in seconds.
     *
     * @return seconds, or positive infinity without a timeout
     */
    public double maxBatchWaitSeconds() {
        return maxBatchWait.map(d -> d.toNanos() / 1e9).orElse(Double.POSITIVE_INFINITY);
    }

    /**
     * One variant, by name.
     *
     * @param variantName the variant's name, e.g. {@code "resnet50@2g"}
     * @return the variant, if the stage has it
     */
    public Optional<Variant> variant(String variantName) {
        for (Variant v : variants) {
            if (v.name().equals(variantName)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a batch size is within this stage's bounds (whether a variant has a profile for it is another
     * matter).
     *
     * @param batchSize requests per batch
     * @return whether {@code batchSize} is within {@code [minBatch, maxBatch]}
     */
    public boolean allowsBatch(int batchSize) {
        return batchSize >= minBatch && batchSize <= maxBatch;
    }

    /**
     * A copy with {@code replaced} standing in for the variant of the same name.
     *
     * @param replaced the new figures, named as the variant they replace
     * @return the copy; this stage is unchanged
     * @throws IllegalArgumentException if the stage has no variant of that name, listing those it has
     */
    public Stage withVariant(Variant replaced) {
        Objects.requireNonNull(replaced, "replaced");
        if (variant(replaced.name()).isEmpty()) {
            throw new IllegalArgumentException("Stage '" + name + "' has no variant '" + replaced.name()
                    + "' to replace; its variants are " + variants.stream().map(Variant::name).toList());
        }
        return new Stage(name, variants.stream().map(v -> v.name().equals(replaced.name()) ? replaced : v).toList(),
                minReplicas, maxReplicas, minBatch, maxBatch, maxBatchWait);
    }

    /** A copy keeping only the variants {@code keep} accepts (used to pin a stage to a model). */
    Stage restrictedTo(java.util.function.Predicate<Variant> keep) {
        return new Stage(name, variants.stream().filter(keep).toList(), minReplicas, maxReplicas, minBatch, maxBatch,
                maxBatchWait);
    }

    /** @return unique within its pipeline */
    public String name() {
        return name;
    }

    /** @return the variants it may run, in the order optimizers enumerate them */
    public List<Variant> variants() {
        return variants;
    }

    /** @return fewest replicas; {@code >= 1} */
    public int minReplicas() {
        return minReplicas;
    }

    /** @return most replicas; {@code >= minReplicas} */
    public int maxReplicas() {
        return maxReplicas;
    }

    /** @return smallest batch size allowed; {@code >= 1} */
    public int minBatch() {
        return minBatch;
    }

    /** @return largest batch size allowed; {@code >= minBatch} */
    public int maxBatch() {
        return maxBatch;
    }

    /** @return the batching timeout, if the serving stack has one; positive */
    public Optional<Duration> maxBatchWait() {
        return maxBatchWait;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Stage)) {
            return false;
        }
        Stage o = (Stage) other;
        return Objects.equals(name, o.name)
                && Objects.equals(variants, o.variants)
                && minReplicas == o.minReplicas
                && maxReplicas == o.maxReplicas
                && minBatch == o.minBatch
                && maxBatch == o.maxBatch
                && Objects.equals(maxBatchWait, o.maxBatchWait);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, variants, minReplicas, maxReplicas, minBatch, maxBatch, maxBatchWait);
    }

    @Override
    public String toString() {
        return "Stage[name=" + name
                + ", variants=" + variants
                + ", minReplicas=" + minReplicas
                + ", maxReplicas=" + maxReplicas
                + ", minBatch=" + minBatch
                + ", maxBatch=" + maxBatch
                + ", maxBatchWait=" + maxBatchWait + "]";
    }

    /**
     * A builder for a {@link Stage}: set the components by name; {@link Builder#build()} validates.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this value's components, to restate it with some changed.
     *
     * @return a new builder with every component set to this value's
     */
    public Builder toBuilder() {
        return builder().name(name).variants(variants).minReplicas(minReplicas).maxReplicas(maxReplicas)
                .minBatch(minBatch).maxBatch(maxBatch).maxBatchWait(maxBatchWait);
    }

    /**
     * Builds a {@link Stage} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private String name;
        private List<Variant> variants;
        private int minReplicas = 1;
        private int maxReplicas;
        private int minBatch = 1;
        private int maxBatch = Integer.MAX_VALUE;
        private Optional<Duration> maxBatchWait = Optional.empty();

        private Builder() {
        }

        /**
         * Sets {@link Stage#name()}.
         *
         * @param name unique within its pipeline
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets {@link Stage#variants()}.
         *
         * @param variants the variants it may run, in the order optimizers enumerate them
         * @return this builder
         */
        public Builder variants(List<Variant> variants) {
            this.variants = variants;
            return this;
        }

        /**
         * Sets {@link Stage#minReplicas()}.
         *
         * @param minReplicas fewest replicas; {@code >= 1}; if not set, 1
         * @return this builder
         */
        public Builder minReplicas(int minReplicas) {
            this.minReplicas = minReplicas;
            return this;
        }

        /**
         * Sets {@link Stage#maxReplicas()}.
         *
         * @param maxReplicas most replicas; {@code >= minReplicas}
         * @return this builder
         */
        public Builder maxReplicas(int maxReplicas) {
            this.maxReplicas = maxReplicas;
            return this;
        }

        /**
         * Sets {@link Stage#minBatch()}.
         *
         * @param minBatch smallest batch size allowed; {@code >= 1}; if not set, 1
         * @return this builder
         */
        public Builder minBatch(int minBatch) {
            this.minBatch = minBatch;
            return this;
        }

        /**
         * Sets {@link Stage#maxBatch()}.
         *
         * @param maxBatch largest batch size allowed; {@code >= minBatch}; if not set, unbounded (every measured batch size)
         * @return this builder
         */
        public Builder maxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
            return this;
        }

        /**
         * Sets {@link Stage#maxBatchWait()}.
         *
         * @param maxBatchWait the batching timeout, if the serving stack has one; positive
         * @return this builder
         */
        public Builder maxBatchWait(Optional<Duration> maxBatchWait) {
            this.maxBatchWait = maxBatchWait;
            return this;
        }

        /**
         * Validates the settings as {@link Stage} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range
         */
        public Stage build() {
            return new Stage(name, variants, minReplicas, maxReplicas, minBatch, maxBatch, maxBatchWait);
        }
    }
}
