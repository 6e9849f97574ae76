package dev.greenslice.estimators.tune.online;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a {@link ProbeLoad} served during one probe: per model, how many requests completed, their mean
 * latency and the model's latency SLO. The tuner divides the probe's carbon by {@link #requests()} and
 * accepts the probed clock only if {@link #meetsSlos()}. Immutable.
 *
 * @param models one entry per model served, at least one
 */
public record ServedWork(List<Model> models) {

    /**
     * One model's share of a probe.
     *
     * @param model         the model's name
     * @param requests      requests completed during the probe, {@code >= 0}
     * @param meanLatencyMs their mean latency in ms (queueing and batching included), finite and {@code >= 0};
     *                      ignored when no request completed
     * @param sloMs         the SLO on mean latency in ms, or empty if the model has none
     * @param isolatedLatencyMs the latency the SLO is a multiple of (the model's batch latency alone on the
     *                      largest instance at the highest clock), in ms, or empty when the SLO is an absolute
     *                      figure; reports then show the SLO itself as its reference
     */
    public record Model(String model, long requests, double meanLatencyMs, OptionalDouble sloMs,
                        OptionalDouble isolatedLatencyMs) {

        /**
         * Checks the figures.
         *
         * @param model             the model's name
         * @param requests          requests completed, {@code >= 0}
         * @param meanLatencyMs     their mean latency in ms, finite and {@code >= 0}
         * @param sloMs             the SLO on mean latency in ms, positive and finite, or empty
         * @param isolatedLatencyMs the latency the SLO is a multiple of, in ms, positive and finite, or empty
         * @throws NullPointerException     if the model or an optional is null
         * @throws IllegalArgumentException for a figure outside its range, naming the model and the figure
         */
        public Model {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(sloMs, "sloMs");
            if (requests < 0) {
                throw new IllegalArgumentException("Served work of " + model + ": requests must be >= 0, got " + requests);
            }
            if (!(meanLatencyMs >= 0) || Double.isInfinite(meanLatencyMs)) {
                throw new IllegalArgumentException("Served work of " + model
                        + ": mean latency must be a finite number of ms >= 0, got " + meanLatencyMs);
            }
            if (sloMs.isPresent() && (!(sloMs.getAsDouble() > 0) || Double.isInfinite(sloMs.getAsDouble()))) {
                throw new IllegalArgumentException("Served work of " + model
                        + ": the SLO must be a positive, finite number of ms, got " + sloMs.getAsDouble());
            }
            Objects.requireNonNull(isolatedLatencyMs, "isolatedLatencyMs");
            if (isolatedLatencyMs.isPresent() && (!(isolatedLatencyMs.getAsDouble() > 0)
                    || Double.isInfinite(isolatedLatencyMs.getAsDouble()))) {
                throw new IllegalArgumentException("Served work of " + model
                        + ": the isolated latency must be a positive, finite number of ms, got "
                        + isolatedLatencyMs.getAsDouble());
            }
        }

        /**
         * A model with an absolute SLO in ms (or none), no isolated reference latency.
         *
         * @param model         the model's name
         * @param requests      requests completed, {@code >= 0}
         * @param meanLatencyMs their mean latency in ms, finite and {@code >= 0}
         * @param sloMs         the SLO on mean latency in ms, or empty
         * @return the model's served work
         */
        public static Model of(String model, long requests, double meanLatencyMs, OptionalDouble sloMs) {
            return new Model(model, requests, meanLatencyMs, sloMs, OptionalDouble.empty());
        }

        /** @return whether the mean latency is within the SLO (always, without an SLO) */
        public boolean meetsSlo() {
            return sloMs.isEmpty() || requests == 0 || meanLatencyMs <= sloMs.getAsDouble();
        }
    }

    /**
     * Copies the models.
     *
     * @param models one entry per model served, at least one
     * @throws IllegalArgumentException for no models
     */
    public ServedWork {
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("Served work must name at least one model");
        }
    }

    /**
     * Served work of one model.
     *
     * @param model         the model's name
     * @param requests      requests completed, {@code >= 0}
     * @param meanLatencyMs their mean latency in ms, finite and {@code >= 0}
     * @param sloMs         the SLO on mean latency in ms, or empty
     * @return the served work
     */
    public static ServedWork of(String model, long requests, double meanLatencyMs, OptionalDouble sloMs) {
        return new ServedWork(List.of(Model.of(model, requests, meanLatencyMs, sloMs)));
    }

    /** @return requests completed across all models */
    public long requests() {
        return models.stream().mapToLong(Model::requests).sum();
    }

    /** @return whether every model met its SLO */
    public boolean meetsSlos() {
        return models.stream().allMatch(Model::meetsSlo);
    }
}
