package dev.greenslice.carbon.plan;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One GPU of a plan: its MIG layout with the model on each instance (or one model on the whole GPU with MIG
 * disabled), the SM clock all its instances share, and its predicted time, energy and carbon.
 *
 * <p><b>Validity.</b> The constructor checks what makes the GPU appliable: with MIG enabled, the layout is
 * valid on the GPU's real placement table ({@link MigLayout#problems()} empty) and each model sits on a
 * distinct instance of it, one model per instance; with MIG disabled, the layout is empty and exactly one
 * model has the whole GPU. It throws {@link IllegalArgumentException} naming the problem otherwise.
 *
 * <p>Immutable.
 */
public final class PlannedGpu {
    private final int index;
    private final boolean migEnabled;
    private final MigLayout layout;
    private final int clockMhz;
    private final List<PlannedModel> models;
    private final Duration makespan;
    private final Energy energy;
    private final Energy idleEnergy;
    private final CarbonFigure operational;
    private final CarbonFigure embodied;
    private final Optional<SharingTradeoff> sharing;
    private final String clockChoice;

    /**
     * Checks the components.
     *
     * @param index its position in {@link DeploymentPlan#gpus()}
     * @param migEnabled whether MIG is enabled
     * @param layout the GPU instances (empty with MIG disabled)
     * @param clockMhz the SM clock, in MHz
     * @param models the models on it, in layout order
     * @param makespan time until its last model completes: the GPU is held (and draws at least its baseline) for all of it
     * @param energy its energy over the makespan, idle baseline included
     * @param idleEnergy the part of {@code energy} drawn while no model was busy
     * @param operational operational carbon of {@code energy}
     * @param embodied embodied carbon charged for it
     * @param sharing its carbon against a whole GPU for each of its models, when it holds more than one
     * @param clockChoice how the clock was chosen, e.g. {@code "tuned for carbon among 9 clocks"}
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    PlannedGpu(int index, boolean migEnabled, MigLayout layout, int clockMhz, List<PlannedModel> models,
            Duration makespan, Energy energy, Energy idleEnergy, CarbonFigure operational, CarbonFigure embodied,
            Optional<SharingTradeoff> sharing, String clockChoice) {
        Objects.requireNonNull(layout, "layout");
        models = List.copyOf(models);
        Objects.requireNonNull(makespan, "makespan");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(idleEnergy, "idleEnergy");
        Objects.requireNonNull(operational, "operational");
        Objects.requireNonNull(embodied, "embodied");
        Objects.requireNonNull(sharing, "sharing");
        Objects.requireNonNull(clockChoice, "clockChoice");
        if (clockMhz < 1) {
            throw new IllegalArgumentException("GPU " + index + ": SM clock must be >= 1 MHz, got " + clockMhz);
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("GPU " + index + " of a plan holds no model");
        }
        for (PlannedModel m : models) {
            if (m.gpuIndex() != index) {
                throw new IllegalArgumentException("Model " + m.name() + " says it is on GPU " + m.gpuIndex()
                        + " but is listed on GPU " + index);
            }
        }
        if (migEnabled) {
            List<String> problems = layout.problems();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("GPU " + index + ": invalid MIG layout " + layout + ": "
                        + String.join("; ", problems));
            }
            if (layout.instances().size() != models.size()) {
                throw new IllegalArgumentException("GPU " + index + ": layout " + layout + " has "
                        + layout.instances().size() + " instances for " + models.size() + " models; one model each");
            }
            Set<MigInstance> used = new HashSet<>();
            for (PlannedModel m : models) {
                MigInstance i = m.instance().orElseThrow(() -> new IllegalArgumentException("GPU " + index
                        + " has MIG enabled but model " + m.name() + " has no instance"));
                if (!layout.instances().contains(i) || !used.add(i)) {
                    throw new IllegalArgumentException("GPU " + index + ": model " + m.name() + " is on " + i
                            + ", which is not a free instance of layout " + layout);
                }
            }
        } else {
            if (!layout.instances().isEmpty()) {
                throw new IllegalArgumentException("GPU " + index + " has MIG disabled but a layout " + layout);
            }
            if (models.size() != 1 || models.get(0).instance().isPresent()) {
                throw new IllegalArgumentException("GPU " + index + " has MIG disabled: it holds exactly one model on"
                        + " the whole GPU, got " + models.stream().map(PlannedModel::name).toList());
            }
        }
        this.index = index;
        this.migEnabled = migEnabled;
        this.layout = layout;
        this.clockMhz = clockMhz;
        this.models = models;
        this.makespan = makespan;
        this.energy = energy;
        this.idleEnergy = idleEnergy;
        this.operational = operational;
        this.embodied = embodied;
        this.sharing = sharing;
        this.clockChoice = clockChoice;
    }

    /** @return operational + embodied */
    public CarbonFigure total() {
        return operational.plus(embodied);
    }

    /** @return GPU-hours held: the makespan in hours */
    public double gpuHours() {
        return makespan.toNanos() / 3.6e12;
    }

    /** @return whether every model on it meets its SLO */
    public boolean meetsSlos() {
        return models.stream().allMatch(m -> m.latency().met());
    }

    /** @return its models as a frequency tuner takes them */
    public List<TenantDemand> tenants() {
        return models.stream().map(m -> TenantDemand.of(m.demand(), m.computeSlices())).toList();
    }

    /** @return {@code "whole GPU: gpt"} or {@code "4g.40gb@0: gpt, 3g.40gb@4: diffusion_256_256"} */
    public String describe() {
        if (!migEnabled) {
            return "whole GPU: " + models.get(0).name();
        }
        return String.join(", ", models.stream().map(m -> m.where() + ": " + m.name()).toList());
    }

    @Override
    public String toString() {
        return "GPU " + index + " [" + describe() + "] at " + clockMhz + " MHz, " + total();
    }

    /** @return its position in {@link DeploymentPlan#gpus()} */
    public int index() {
        return index;
    }

    /** @return whether MIG is enabled */
    public boolean migEnabled() {
        return migEnabled;
    }

    /** @return the GPU instances (empty with MIG disabled) */
    public MigLayout layout() {
        return layout;
    }

    /** @return the SM clock, in MHz */
    public int clockMhz() {
        return clockMhz;
    }

    /** @return the models on it, in layout order */
    public List<PlannedModel> models() {
        return models;
    }

    /** @return time until its last model completes: the GPU is held (and draws at least its baseline) for all of it */
    public Duration makespan() {
        return makespan;
    }

    /** @return its energy over the makespan, idle baseline included */
    public Energy energy() {
        return energy;
    }

    /** @return the part of {@code energy} drawn while no model was busy */
    public Energy idleEnergy() {
        return idleEnergy;
    }

    /** @return operational carbon of {@code energy} */
    public CarbonFigure operational() {
        return operational;
    }

    /** @return embodied carbon charged for it */
    public CarbonFigure embodied() {
        return embodied;
    }

    /** @return its carbon against a whole GPU for each of its models, when it holds more than one */
    public Optional<SharingTradeoff> sharing() {
        return sharing;
    }

    /** @return how the clock was chosen, e.g. {@code "tuned for carbon among 9 clocks"} */
    public String clockChoice() {
        return clockChoice;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof PlannedGpu)) {
            return false;
        }
        PlannedGpu o = (PlannedGpu) other;
        return index == o.index
            && migEnabled == o.migEnabled
            && Objects.equals(layout, o.layout)
            && clockMhz == o.clockMhz
            && Objects.equals(models, o.models)
            && Objects.equals(makespan, o.makespan)
            && Objects.equals(energy, o.energy)
            && Objects.equals(idleEnergy, o.idleEnergy)
            && Objects.equals(operational, o.operational)
            && Objects.equals(embodied, o.embodied)
            && Objects.equals(sharing, o.sharing)
            && Objects.equals(clockChoice, o.clockChoice);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, migEnabled, layout, clockMhz, models, makespan, energy, idleEnergy, operational, embodied, sharing, clockChoice);
    }

    /**
     * A builder for a {@link PlannedGpu}: set the components by name; {@link Builder#build()} validates.
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
        return builder().index(index).migEnabled(migEnabled).layout(layout).clockMhz(clockMhz).models(models)
                .makespan(makespan).energy(energy).idleEnergy(idleEnergy).operational(operational)
                .embodied(embodied).sharing(sharing).clockChoice(clockChoice);
    }

    /**
     * Builds a {@link PlannedGpu} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private int index;
        private boolean migEnabled;
        private MigLayout layout;
        private int clockMhz;
        private List<PlannedModel> models;
        private Duration makespan;
        private Energy energy;
        private Energy idleEnergy;
        private CarbonFigure operational;
        private CarbonFigure embodied;
        private Optional<SharingTradeoff> sharing = Optional.empty();
        private String clockChoice;

        private Builder() {
        }

        /**
         * Sets {@link PlannedGpu#index()}.
         *
         * @param index its position in {@link DeploymentPlan#gpus()}
         * @return this builder
         */
        public Builder index(int index) {
            this.index = index;
            return this;
        }

        /**
         * Sets {@link PlannedGpu#migEnabled()}.
         *
         * @param migEnabled whether MIG is enabled
         * @return this builder
         */
        public Builder migEnabled(boolean migEnabled) {
            this.migEnabled = migEnabled;
            return this;
        }

        /**
         * Sets {@link PlannedGpu#layout()}.
         *
         * @param layout the GPU instances (empty with MIG disabled)
         * @return this builder
         */
        public Builder layout(MigLayout layout) {
            this.layout = layout;
            return this;
        }

        /**
         * Sets {@link PlannedGpu#clockMhz()}.
         *
         * @param clockMhz the SM clock, in MHz
         * @return this builder
         */
        public Builder clockMhz(int clockMhz) {
            this.clockMhz = clockMhz;
            return this;
        }

        /**
         * Sets {@link PlannedGpu#models()}.
         *
         * @param models the models on it, in layout order
         * @return this builder
         */
        public Builder models(List<PlannedModel> models) {
            this.models = models;
            return this;
        }

        /**
         * Sets {@link PlannedGpu#makespan()}.
         *
         * @param makespan time until its last model completes: the GPU is held (and draws at least its baseline) for all of it
         * @return this builder
         */
        public Builder makespan(Duration makespan) {
            this.makespan = makespan;
            return this;
        }

        /**
         * Sets {@link PlannedGpu#energy()}.
         *
         * @param energy its energy over the makespan, idle baseline included
         * @return this builder
         */
        public Builder energy(Energy energy) {
            this.energy = energy;
            return this;
        }

        /**
         * Sets {@link PlannedGpu#idleEnergy()}.
         *
         * @param idleEnergy the part of {@code energy} drawn while no model was busy
         * @return this builder
         */
        public Builder idleEnergy(Energy idleEnergy) {
            this.idleEnergy = idleEnergy;
            return this;
        }

        /**
         * Sets {@link PlannedGpu#operational()}.
         *
         * @param operational operational carbon of {@code energy}
         * @return this builder
         */
        public Builder operational(CarbonFigure operational) {
            this.operational = operational;
            return this;
        }

        /**
         * Sets {@link PlannedGpu#embodied()}.
         *
         * @param embodied embodied carbon charged for it
         * @return this builder
         */
        public Builder embodied(CarbonFigure embodied) {
            this.embodied = embodied;
            return this;
        }

        /**
         * Sets {@link PlannedGpu#sharing()}.
         *
         * @param sharing its carbon against a whole GPU for each of its models, when it holds more than one
         * @return this builder
         */
        public Builder sharing(Optional<SharingTradeoff> sharing) {
            this.sharing = sharing;
            return this;
        }

        /**
         * Sets {@link PlannedGpu#clockChoice()}.
         *
         * @param clockChoice how the clock was chosen, e.g. {@code "tuned for carbon among 9 clocks"}
         * @return this builder
         */
        public Builder clockChoice(String clockChoice) {
            this.clockChoice = clockChoice;
            return this;
        }

        /**
         * Validates the settings as {@link PlannedGpu} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range
         */
        public PlannedGpu build() {
            return new PlannedGpu(index, migEnabled, layout, clockMhz, models, makespan, energy, idleEnergy,
                    operational, embodied, sharing, clockChoice);
        }
    }
}
