package dev.greenslice.carbon.plan;

import dev.greenslice.carbon.CarbonFigure;

import java.util.Locale;
import java.util.Objects;

/**
 * Why a plan shares GPUs (or does not): its carbon against the dedicated alternative — the same models, one
 * whole GPU each, each GPU's clock chosen the same way — split into what sharing saved in embodied carbon and
 * what it cost (or saved) in operational carbon.
 *
 * <p>Sharing saves embodied carbon (fewer GPUs held for less time) and the baseline power of GPUs that would
 * idle; it can cost operational carbon where models on smaller instances run longer. Which wins depends on
 * the models, the load, the grid's intensity and the models' output sizes. Differences are signed, in
 * grams: a negative {@link #operationalCostGrams()} means sharing also saved operational carbon.
 *
 * <p>Immutable.
 */
public final class SharingTradeoff {
    private final CarbonFigure dedicatedOperational;
    private final CarbonFigure dedicatedEmbodied;
    private final double dedicatedGpuHours;
    private final CarbonFigure operational;
    private final CarbonFigure embodied;
    private final double gpuHours;

    /**
     * Checks the components.
     *
     * @param dedicatedOperational operational carbon of the dedicated alternative
     * @param dedicatedEmbodied embodied carbon of the dedicated alternative
     * @param dedicatedGpuHours GPU-hours of the dedicated alternative
     * @param operational operational carbon of the plan (or of the GPU, for one GPU's tradeoff)
     * @param embodied embodied carbon of the plan (or GPU)
     * @param gpuHours GPU-hours of the plan (or GPU)
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    SharingTradeoff(CarbonFigure dedicatedOperational, CarbonFigure dedicatedEmbodied, double dedicatedGpuHours,
            CarbonFigure operational, CarbonFigure embodied, double gpuHours) {
        Objects.requireNonNull(dedicatedOperational, "dedicatedOperational");
        Objects.requireNonNull(dedicatedEmbodied, "dedicatedEmbodied");
        Objects.requireNonNull(operational, "operational");
        Objects.requireNonNull(embodied, "embodied");
        if (!(dedicatedGpuHours >= 0) || !(gpuHours >= 0)) {
            throw new IllegalArgumentException("GPU-hours must be non-negative, got " + dedicatedGpuHours + " and "
                    + gpuHours);
        }
        this.dedicatedOperational = dedicatedOperational;
        this.dedicatedEmbodied = dedicatedEmbodied;
        this.dedicatedGpuHours = dedicatedGpuHours;
        this.operational = operational;
        this.embodied = embodied;
        this.gpuHours = gpuHours;
    }

    /** @return embodied carbon saved against the dedicated alternative, in grams (negative if it costs more) */
    public double embodiedSavedGrams() {
        return dedicatedEmbodied.value().grams() - embodied.value().grams();
    }

    /** @return operational carbon added against the dedicated alternative, in grams (negative if saved) */
    public double operationalCostGrams() {
        return operational.value().grams() - dedicatedOperational.value().grams();
    }

    /** @return total carbon saved against the dedicated alternative, in grams (negative if sharing loses) */
    public double netSavedGrams() {
        return embodiedSavedGrams() - operationalCostGrams();
    }

    /** @return GPU-hours saved against the dedicated alternative */
    public double gpuHoursSaved() {
        return dedicatedGpuHours - gpuHours;
    }

    /** @return one sentence for reports */
    public String explanation() {
        double net = netSavedGrams();
        return String.format(Locale.ROOT, "against one GPU per model: embodied %s %.2f g, operational %s %.2f g,"
                        + " net %s %.2f g (%.3f of %.3f GPU-hours)",
                embodiedSavedGrams() >= 0 ? "saves" : "costs", Math.abs(embodiedSavedGrams()),
                operationalCostGrams() >= 0 ? "costs" : "saves", Math.abs(operationalCostGrams()),
                net >= 0 ? "saves" : "costs", Math.abs(net), gpuHours, dedicatedGpuHours);
    }

    @Override
    public String toString() {
        return explanation();
    }

    /** @return operational carbon of the dedicated alternative */
    public CarbonFigure dedicatedOperational() {
        return dedicatedOperational;
    }

    /** @return embodied carbon of the dedicated alternative */
    public CarbonFigure dedicatedEmbodied() {
        return dedicatedEmbodied;
    }

    /** @return GPU-hours of the dedicated alternative */
    public double dedicatedGpuHours() {
        return dedicatedGpuHours;
    }

    /** @return operational carbon of the plan (or of the GPU, for one GPU's tradeoff) */
    public CarbonFigure operational() {
        return operational;
    }

    /** @return embodied carbon of the plan (or GPU) */
    public CarbonFigure embodied() {
        return embodied;
    }

    /** @return GPU-hours of the plan (or GPU) */
    public double gpuHours() {
        return gpuHours;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SharingTradeoff)) {
            return false;
        }
        SharingTradeoff o = (SharingTradeoff) other;
        return Objects.equals(dedicatedOperational, o.dedicatedOperational)
            && Objects.equals(dedicatedEmbodied, o.dedicatedEmbodied)
            && Double.compare(dedicatedGpuHours, o.dedicatedGpuHours) == 0
            && Objects.equals(operational, o.operational)
            && Objects.equals(embodied, o.embodied)
            && Double.compare(gpuHours, o.gpuHours) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dedicatedOperational, dedicatedEmbodied, dedicatedGpuHours, operational, embodied, gpuHours);
    }

    /**
     * A builder for a {@link SharingTradeoff}: set the components by name; {@link Builder#build()} validates.
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
        return builder().dedicatedOperational(dedicatedOperational).dedicatedEmbodied(dedicatedEmbodied)
                .dedicatedGpuHours(dedicatedGpuHours).operational(operational).embodied(embodied)
                .gpuHours(gpuHours);
    }

    /**
     * Builds a {@link SharingTradeoff} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private CarbonFigure dedicatedOperational;
        private CarbonFigure dedicatedEmbodied;
        private double dedicatedGpuHours;
        private CarbonFigure operational;
        private CarbonFigure embodied;
        private double gpuHours;

        private Builder() {
        }

        /**
         * Sets {@link SharingTradeoff#dedicatedOperational()}.
         *
         * @param dedicatedOperational operational carbon of the dedicated alternative
         * @return this builder
         */
        public Builder dedicatedOperational(CarbonFigure dedicatedOperational) {
            this.dedicatedOperational = dedicatedOperational;
            return this;
        }

        /**
         * Sets {@link SharingTradeoff#dedicatedEmbodied()}.
         *
         * @param dedicatedEmbodied embodied carbon of the dedicated alternative
         * @return this builder
         */
        public Builder dedicatedEmbodied(CarbonFigure dedicatedEmbodied) {
            this.dedicatedEmbodied = dedicatedEmbodied;
            return this;
        }

        /**
         * Sets {@link SharingTradeoff#dedicatedGpuHours()}.
         *
         * @param dedicatedGpuHours GPU-hours of the dedicated alternative
         * @return this builder
         */
        public Builder dedicatedGpuHours(double dedicatedGpuHours) {
            this.dedicatedGpuHours = dedicatedGpuHours;
            return this;
        }

        /**
         * Sets {@link SharingTradeoff#operational()}.
         *
         * @param operational operational carbon of the plan (or of the GPU, for one GPU's tradeoff)
         * @return this builder
         */
        public Builder operational(CarbonFigure operational) {
            this.operational = operational;
            return this;
        }

        /**
         * Sets {@link SharingTradeoff#embodied()}.
         *
         * @param embodied embodied carbon of the plan (or GPU)
         * @return this builder
         */
        public Builder embodied(CarbonFigure embodied) {
            this.embodied = embodied;
            return this;
        }

        /**
         * Sets {@link SharingTradeoff#gpuHours()}.
         *
         * @param gpuHours GPU-hours of the plan (or GPU)
         * @return this builder
         */
        public Builder gpuHours(double gpuHours) {
            this.gpuHours = gpuHours;
            return this;
        }

        /**
         * Validates the settings as {@link SharingTradeoff} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range
         */
        public SharingTradeoff build() {
            return new SharingTradeoff(dedicatedOperational, dedicatedEmbodied, dedicatedGpuHours, operational,
                    embodied, gpuHours);
        }
    }
}
