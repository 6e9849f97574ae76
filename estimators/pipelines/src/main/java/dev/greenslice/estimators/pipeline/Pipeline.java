package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.Energy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A multi-stage inference pipeline (e.g. speech-to-text → summarization): ordered {@link Stage stages},
 * each with the {@link Variant variants} it may run, and the end-to-end latency SLA every request must
 * meet.
 *
 * <p>The constraints a {@link PipelineConfiguration} must satisfy at an arrival rate λ (see
 * {@link #assess}): every stage's replicas and batch size within its bounds; every stage's throughput
 * (replicas × per-replica throughput) at least λ; and the predicted end-to-end latency — batching wait,
 * batch latency and queueing, summed over stages, as {@link ConfigurationAssessment} describes — within
 * the SLA.
 *
 * <p>Immutable and thread-safe. Building fails with an {@link IllegalArgumentException} naming the
 * problem: no stage, duplicate stage names, or a non-positive SLA.
 */
public final class Pipeline {

    private final String name;
    private final List<Stage> stages;
    private final Duration latencySla;
    private final String resourceUnit;

    private Pipeline(String name, List<Stage> stages, Duration latencySla, String resourceUnit) {
        this.name = name;
        this.stages = List.copyOf(stages);
        this.latencySla = latencySla;
        this.resourceUnit = resourceUnit;
    }

    /**
     * Starts a pipeline.
     *
     * @param name the pipeline's name, for reports; not blank (checked at {@link Builder#build()})
     * @return a builder for a pipeline called {@code name}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the pipeline's name */
    public String name() {
        return name;
    }

    /** @return the stages in the order requests pass them */
    public List<Stage> stages() {
        return stages;
    }

    /** @return the end-to-end latency every request must meet */
    public Duration latencySla() {
        return latencySla;
    }

    /** @return what {@link Variant#resourceUnitsPerReplica()} counts, e.g. {@code "MIG compute slices"} */
    public String resourceUnit() {
        return resourceUnit;
    }

    /**
     * One stage, by name.
     *
     * @param stageName the stage's name
     * @return the stage named {@code stageName}
     * @throws IllegalArgumentException if there is none, listing the stages there are
     */
    public Stage stage(String stageName) {
        for (Stage s : stages) {
            if (s.name().equals(stageName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Pipeline '" + name + "' has no stage '" + stageName + "'; its stages are "
                + stages.stream().map(Stage::name).toList());
    }

    /**
     * A copy in which {@code variant} replaces the variant of the same name in stage {@code stageName}: the
     * way to feed measured figures (e.g. from {@link VariantMeasurements}) into a running optimization.
     *
     * @param stageName the stage's name
     * @param variant   the new figures, named as the variant they replace
     * @return the new pipeline; this one is unchanged
     * @throws IllegalArgumentException if there is no such stage or variant
     */
    public Pipeline withVariant(String stageName, Variant variant) {
        Stage old = stage(stageName);
        List<Stage> next = new ArrayList<>(stages);
        next.set(stages.indexOf(old), old.withVariant(variant));
        return new Pipeline(name, next, latencySla, resourceUnit);
    }

    /**
     * How many configurations the optimizers search: Π over stages of variants × replica choices × allowed
     * batch sizes (counting batch sizes some variants lack).
     *
     * @return the number of configurations
     * @throws ArithmeticException if the count does not fit in a {@code long} (the optimizers still work)
     */
    public long configurationCount() {
        SearchSpace space = new SearchSpace(this, Objective.accuracyAndCost(1, 0, 0), Demand.energyOnly(1));
        long n = 1;
        for (int s = 0; s < space.stages; s++) {
            n = Math.multiplyExact(n, space.optionCount[s]);
        }
        return n;
    }

    /**
     * Assesses {@code configuration} at {@code demand}: feasibility with one sentence per broken constraint,
     * predicted latency, and every term of {@code objective}.
     *
     * @param configuration one setting per stage, in stage order
     * @param demand        the arrival rate (and intensity) to assess at
     * @param objective     the objective whose terms and score to compute
     * @return the assessment; an infeasible configuration is assessed too, with its violations
     * @throws IllegalArgumentException if the configuration cannot be evaluated at all: a different number
     *                                  of stages, an unknown variant, or a batch size the variant has no profile
     *                                  for; or if the objective weighs carbon and the demand has no intensity
     */
    public ConfigurationAssessment assess(PipelineConfiguration configuration, Demand demand, Objective objective) {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(demand, "demand");
        Objects.requireNonNull(objective, "objective");
        if (configuration.stages().size() != stages.size()) {
            throw new IllegalArgumentException("Configuration has " + configuration.stages().size()
                    + " stage settings but pipeline '" + name + "' has " + stages.size() + " stages");
        }
        boolean hasIntensity = demand.intensity().isPresent();
        if (objective.footprint() == Objective.Footprint.CARBON && !hasIntensity && objective.footprintWeight() > 0) {
            throw new IllegalArgumentException("The objective weighs carbon per request but the demand has no carbon "
                    + "intensity; build it with Demand.of(requestsPerSecond, intensity)");
        }
        double gramsPerJoule = hasIntensity ? demand.intensity().get().toGramsPerJoule() : 0;
        double lambda = demand.requestsPerSecond();
        double slaSeconds = latencySla.toNanos() / 1e9;
        List<String> violations = new ArrayList<>();
        List<Double> stageLatency = new ArrayList<>();
        double latency = 0;
        double acc = 1;
        double cost = 0;
        double resources = 0;
        int batchSum = 0;
        double joules = 0;
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            StageConfiguration c = configuration.stage(s);
            Variant v = stage.variant(c.variant()).orElseThrow(() -> new IllegalArgumentException(
                    "Stage '" + stage.name() + "' has no variant '" + c.variant() + "'; its variants are "
                            + stage.variants().stream().map(Variant::name).toList()));
            BatchProfile b = v.batch(c.batchSize()).orElseThrow(() -> new IllegalArgumentException(
                    "Variant '" + v.name() + "' of stage '" + stage.name() + "' has no profile for batch size "
                            + c.batchSize() + "; measured sizes are "
                            + v.batches().stream().map(BatchProfile::batchSize).toList()));
            if (c.replicas() < stage.minReplicas() || c.replicas() > stage.maxReplicas()) {
                violations.add("stage '" + stage.name() + "': " + c.replicas() + " replicas outside ["
                        + stage.minReplicas() + ", " + stage.maxReplicas() + "]");
            }
            if (!stage.allowsBatch(c.batchSize())) {
                violations.add("stage '" + stage.name() + "': batch size " + c.batchSize() + " outside ["
                        + stage.minBatch() + ", " + stage.maxBatch() + "]");
            }
            double tau = stage.maxBatchWaitSeconds();
            double capacity = PipelineMath.capacity(b, c.replicas(), lambda, tau);
            if (capacity < lambda) {
                violations.add(String.format(Locale.ROOT,
                        "stage '%s': throughput %d x %.4g/s%s = %.4g/s is below the arrival rate %.4g/s",
                        stage.name(), c.replicas(), b.throughputRequestsPerSecond(),
                        capacity == c.replicas() * b.throughputRequestsPerSecond() ? "" : " (partial batches)",
                        capacity, lambda));
            }
            double l = PipelineMath.stageLatencySeconds(b, c.replicas(), lambda, tau);
            double j = PipelineMath.stageJoulesPerRequest(v, b, c.replicas(), lambda, tau);
            double r = c.replicas() * v.resourceUnitsPerReplica();
            stageLatency.add(l);
            latency += l;
            acc *= v.accuracy();
            cost += PipelineMath.stageCost(objective, r, b.batchSize(), PipelineMath.footprint(objective, j, gramsPerJoule));
            resources += r;
            batchSum += b.batchSize();
            joules += j;
        }
        if (!(latency <= slaSeconds)) {
            violations.add(String.format(Locale.ROOT, "end-to-end latency %s exceeds the SLA %.4g s",
                    Double.isInfinite(latency) ? "is unbounded (a stage is saturated) and" : String.format(Locale.ROOT, "%.4g s", latency),
                    slaSeconds));
        }
        double score = objective.accuracyWeight() * acc - cost;
        return new ConfigurationAssessment(configuration, demand, violations.isEmpty(), violations, latency, stageLatency,
                acc, resources, batchSum, Energy.ofJoules(joules),
                hasIntensity ? Optional.of(CarbonMass.ofGrams(joules * gramsPerJoule)) : Optional.empty(), score);
    }

    @Override
    public String toString() {
        return "Pipeline[" + name + ": " + stages.stream().map(s -> s.name() + "(" + s.variants().size() + " variants)").toList()
                + ", SLA " + latencySla + "]";
    }

    /** Builds a {@link Pipeline}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<Stage> stages = new ArrayList<>();
        private Duration sla;
        private String resourceUnit = "resource units";

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * Appends a stage; requests pass stages in the order they are added.
         *
         * @param stage the stage; its name must differ from the others' (checked at {@link #build()})
         * @return this builder
         */
        public Builder stage(Stage stage) {
            stages.add(Objects.requireNonNull(stage, "stage"));
            return this;
        }

        /**
         * The end-to-end latency every request must meet; there is no default.
         *
         * @param sla positive (checked at {@link #build()})
         * @return this builder
         */
        public Builder latencySla(Duration sla) {
            this.sla = Objects.requireNonNull(sla, "sla");
            return this;
        }

        /**
         * What variants' resource units count, for reports; default {@code "resource units"}.
         *
         * @param unit e.g. {@code "MIG compute slices"} or {@code "CPU cores"}
         * @return this builder
         */
        public Builder resourceUnit(String unit) {
            this.resourceUnit = Objects.requireNonNull(unit, "unit");
            return this;
        }

        /**
         * Builds the pipeline.
         *
         * @return the pipeline
         * @throws IllegalArgumentException for a blank name, no stage, two stages of one name, or no positive SLA
         */
        public Pipeline build() {
            if (name.isBlank()) {
                throw new IllegalArgumentException("A pipeline needs a non-blank name");
            }
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("Pipeline '" + name + "' has no stage; add at least one");
            }
            Set<String> seen = new HashSet<>();
            for (Stage s : stages) {
                if (!seen.add(s.name())) {
                    throw new IllegalArgumentException("Pipeline '" + name + "' has two stages named '" + s.name() + "'");
                }
            }
            if (sla == null || sla.isNegative() || sla.isZero()) {
                throw new IllegalArgumentException("Pipeline '" + name + "' needs a positive latency SLA, got " + sla
                        + "; set it with latencySla(Duration)");
            }
            return new Pipeline(name, stages, sla, resourceUnit);
        }
    }
}
