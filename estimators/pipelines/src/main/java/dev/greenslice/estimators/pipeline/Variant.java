package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.Power;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One way to run a pipeline stage: a model (with its accuracy) on a given resource allocation, with its
 * measured behaviour per batch size.
 *
 * <p>A variant is the unit the optimizers switch between. Where the same model can run on allocations of
 * different sizes (MIG slices, CPU cores), each allocation is its own variant sharing the {@link #model()}
 * name, so that "which model" and "how big a replica" are chosen together.
 *
 * <p>Units: {@code accuracy} is a fraction in [0, 1] (e.g. ImageNet top-1 0.76130);
 * {@code resourceUnitsPerReplica} is in the pipeline's {@link Pipeline#resourceUnit()} (e.g. MIG compute
 * slices); {@code idlePowerPerReplica} is the power a provisioned replica is charged whether or not it
 * serves (e.g. its share of the board's baseline), in watts.
 *
 * <p>Immutable and thread-safe. Construction fails with an {@link IllegalArgumentException} naming the
 * variant and the offending value: blank names, accuracy outside [0, 1], non-positive resource cost,
 * no batch profile, or two profiles for one batch size.
 */
public final class Variant {
    private final String name;
    private final String model;
    private final double accuracy;
    private final double resourceUnitsPerReplica;
    private final Power idlePowerPerReplica;
    private final List<BatchProfile> batches;
    private final String source;

    /**
     * A variant; prefer {@link #builder}. The batch profiles are copied, sorted by batch size.
     *
     * @param name                    unique within its stage, e.g. {@code "resnet50@2g"}
     * @param model                   the model it runs, e.g. {@code "resnet50"}; variants of one model share it
     * @param accuracy                the model's accuracy as a fraction in [0, 1]
     * @param resourceUnitsPerReplica resources one replica holds; finite, positive
     * @param idlePowerPerReplica     power charged per provisioned replica regardless of load
     * @param batches                 measured behaviour per batch size, any order; stored sorted by batch size
     * @param source                  where the figures come from, for reports
     * @throws NullPointerException if the name, model, idle power, batches or source is null
     * @throws IllegalArgumentException naming the variant for a blank name or model, an accuracy outside [0, 1],
     *                                  resource units that are not finite and positive, no batch profile, or two
     *                                  profiles for one batch size
     */
    Variant(String name, String model, double accuracy, double resourceUnitsPerReplica,
            Power idlePowerPerReplica, List<BatchProfile> batches, String source) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(idlePowerPerReplica, "idlePowerPerReplica");
        Objects.requireNonNull(batches, "batches");
        Objects.requireNonNull(source, "source");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A variant needs a non-blank name");
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("Variant '" + name + "' needs a non-blank model name");
        }
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("Variant '" + name + "': accuracy must be a fraction in [0, 1], got "
                    + accuracy + " (write 76.13% as 0.7613)");
        }
        if (!(resourceUnitsPerReplica > 0) || Double.isInfinite(resourceUnitsPerReplica)) {
            throw new IllegalArgumentException("Variant '" + name + "': resource units per replica must be finite and positive, got "
                    + resourceUnitsPerReplica);
        }
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("Variant '" + name + "' has no batch profile; add at least one measured batch size");
        }
        List<BatchProfile> sorted = new ArrayList<>(batches);
        sorted.sort(Comparator.comparingInt(BatchProfile::batchSize));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).batchSize() == sorted.get(i - 1).batchSize()) {
                throw new IllegalArgumentException("Variant '" + name + "' has two profiles for batch size "
                        + sorted.get(i).batchSize() + "; keep one");
            }
        }
        batches = List.copyOf(sorted);
        this.name = name;
        this.model = model;
        this.accuracy = accuracy;
        this.resourceUnitsPerReplica = resourceUnitsPerReplica;
        this.idlePowerPerReplica = idlePowerPerReplica;
        this.batches = batches;
        this.source = source;
    }

    /**
     * Starts a variant.
     *
     * @param name  the variant's name, unique within its stage, e.g. {@code "resnet50@2g"}
     * @param model the model it runs, e.g. {@code "resnet50"}; variants of one model differ in allocation
     * @return a builder
     */
    public static Builder builder(String name, String model) {
        return new Builder(name, model);
    }

    /**
     * The measured behaviour at one batch size.
     *
     * @param batchSize requests per batch
     * @return the profile for {@code batchSize}, if this variant has one
     */
    public Optional<BatchProfile> batch(int batchSize) {
        for (BatchProfile b : batches) {
            if (b.batchSize() == batchSize) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /**
     * A copy with {@code profile} added, replacing any profile for the same batch size: the way measured
     * figures (see {@link VariantMeasurements}) replace published or predicted ones.
     *
     * @param profile the new profile
     * @return the copy; this variant is unchanged
     */
    public Variant withBatch(BatchProfile profile) {
        Objects.requireNonNull(profile, "profile");
        List<BatchProfile> next = new ArrayList<>();
        for (BatchProfile b : batches) {
            if (b.batchSize() != profile.batchSize()) {
                next.add(b);
            }
        }
        next.add(profile);
        return new Variant(name, model, accuracy, resourceUnitsPerReplica, idlePowerPerReplica, next, source);
    }

    /**
     * A copy with another provenance note.
     *
     * @param newSource where the figures come from, for reports
     * @return the copy
     */
    public Variant withSource(String newSource) {
        return new Variant(name, model, accuracy, resourceUnitsPerReplica, idlePowerPerReplica, batches, newSource);
    }

    /** Builds a {@link Variant}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String model;
        private double accuracy = Double.NaN;
        private double resourceUnits = Double.NaN;
        private Power idlePower = Power.ZERO;
        private final List<BatchProfile> batches = new ArrayList<>();
        private String source = "stated by the caller";

        private Builder(String name, String model) {
            this.name = name;
            this.model = model;
        }

        /**
         * The variant's accuracy; required.
         *
         * @param fraction accuracy in [0, 1] (write 76.13 % as 0.7613); checked at {@link #build()}
         * @return this builder
         */
        public Builder accuracy(double fraction) {
            this.accuracy = fraction;
            return this;
        }

        /**
         * The resources one replica holds; required.
         *
         * @param units in the pipeline's resource unit, e.g. MIG compute slices; finite and positive
         * @return this builder
         */
        public Builder resourceUnitsPerReplica(double units) {
            this.resourceUnits = units;
            return this;
        }

        /**
         * The power charged per provisioned replica regardless of load.
         *
         * @param power default 0 W
         * @return this builder
         */
        public Builder idlePowerPerReplica(Power power) {
            this.idlePower = power;
            return this;
        }

        /**
         * Adds one batch profile; at least one is required, one per batch size.
         *
         * @param profile the measured behaviour at one batch size
         * @return this builder
         */
        public Builder batch(BatchProfile profile) {
            batches.add(Objects.requireNonNull(profile, "profile"));
            return this;
        }

        /**
         * Where the figures come from, for reports; default {@code "stated by the caller"}.
         *
         * @param text e.g. a data set and its version
         * @return this builder
         */
        public Builder source(String text) {
            this.source = text;
            return this;
        }

        /**
         * Builds the variant.
         *
         * @return the variant
         * @throws IllegalArgumentException if accuracy or resource cost was not set, or a value is invalid (see the class
         *                                  description)
         */
        public Variant build() {
            if (Double.isNaN(accuracy)) {
                throw new IllegalArgumentException("Variant '" + name + "': set its accuracy (a fraction in [0, 1])");
            }
            if (Double.isNaN(resourceUnits)) {
                throw new IllegalArgumentException("Variant '" + name + "': set its resource units per replica");
            }
            return new Variant(name, model, accuracy, resourceUnits, idlePower, batches, source);
        }
    }

    /** @return unique within its stage, e.g. {@code "resnet50@2g"} */
    public String name() {
        return name;
    }

    /** @return the model it runs, e.g. {@code "resnet50"}; variants of one model share it */
    public String model() {
        return model;
    }

    /** @return the model's accuracy as a fraction in [0, 1] */
    public double accuracy() {
        return accuracy;
    }

    /** @return resources one replica holds; finite, positive */
    public double resourceUnitsPerReplica() {
        return resourceUnitsPerReplica;
    }

    /** @return power charged per provisioned replica regardless of load */
    public Power idlePowerPerReplica() {
        return idlePowerPerReplica;
    }

    /** @return measured behaviour per batch size, any order; stored sorted by batch size */
    public List<BatchProfile> batches() {
        return batches;
    }

    /** @return where the figures come from, for reports */
    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Variant)) {
            return false;
        }
        Variant o = (Variant) other;
        return Objects.equals(name, o.name)
                && Objects.equals(model, o.model)
                && Double.compare(accuracy, o.accuracy) == 0
                && Double.compare(resourceUnitsPerReplica, o.resourceUnitsPerReplica) == 0
                && Objects.equals(idlePowerPerReplica, o.idlePowerPerReplica)
                && Objects.equals(batches, o.batches)
                && Objects.equals(source, o.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, model, accuracy, resourceUnitsPerReplica, idlePowerPerReplica, batches, source);
    }

    @Override
    public String toString() {
        return "Variant[name=" + name
                + ", model=" + model
                + ", accuracy=" + accuracy
                + ", resourceUnitsPerReplica=" + resourceUnitsPerReplica
                + ", idlePowerPerReplica=" + idlePowerPerReplica
                + ", batches=" + batches
                + ", source=" + source + "]";
    }
}
