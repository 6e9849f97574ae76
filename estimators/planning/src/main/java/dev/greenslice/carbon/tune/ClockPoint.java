package dev.greenslice.carbon.tune;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.plan.SloCheck;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One point of a carbon-versus-clock curve: the GPU's predicted (or measured) time, energy, operational and
 * embodied carbon at one SM clock, and every co-located model's latency against its SLO there. Immutable.
 */
public final class ClockPoint {
    private final int clockMhz;
    private final Duration makespan;
    private final Energy energy;
    private final CarbonFigure operational;
    private final CarbonFigure embodied;
    private final List<SloCheck> slos;

    /**
     * Checks the components.
     *
     * @param clockMhz the SM clock, in MHz
     * @param makespan time until the last model completes
     * @param energy the GPU's energy over the makespan, idle baseline included
     * @param operational operational carbon
     * @param embodied embodied carbon
     * @param slos each co-located model's latency against its SLO, in the request's order
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    ClockPoint(int clockMhz, Duration makespan, Energy energy, CarbonFigure operational, CarbonFigure embodied,
            List<SloCheck> slos) {
        Objects.requireNonNull(makespan, "makespan");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(operational, "operational");
        Objects.requireNonNull(embodied, "embodied");
        slos = List.copyOf(slos);
        if (clockMhz < 1) {
            throw new IllegalArgumentException("SM clock must be >= 1 MHz, got " + clockMhz);
        }
        this.clockMhz = clockMhz;
        this.makespan = makespan;
        this.energy = energy;
        this.operational = operational;
        this.embodied = embodied;
        this.slos = slos;
    }

    /** @return operational + embodied */
    public CarbonFigure total() {
        return operational.plus(embodied);
    }

    /** @return whether every co-located model meets its SLO at this clock */
    public boolean meetsSlos() {
        return slos.stream().allMatch(SloCheck::met);
    }

    /** @return the names of the models that miss their SLO at this clock */
    public List<String> missing() {
        return slos.stream().filter(s -> !s.met()).map(SloCheck::demand).toList();
    }

    @Override
    public String toString() {
        return clockMhz + " MHz: " + total() + (meetsSlos() ? "" : " (misses SLO: " + String.join(", ", missing()) + ")");
    }

    /** @return the SM clock, in MHz */
    public int clockMhz() {
        return clockMhz;
    }

    /** @return time until the last model completes */
    public Duration makespan() {
        return makespan;
    }

    /** @return the GPU's energy over the makespan, idle baseline included */
    public Energy energy() {
        return energy;
    }

    /** @return operational carbon */
    public CarbonFigure operational() {
        return operational;
    }

    /** @return embodied carbon */
    public CarbonFigure embodied() {
        return embodied;
    }

    /** @return each co-located model's latency against its SLO, in the request's order */
    public List<SloCheck> slos() {
        return slos;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ClockPoint)) {
            return false;
        }
        ClockPoint o = (ClockPoint) other;
        return clockMhz == o.clockMhz
            && Objects.equals(makespan, o.makespan)
            && Objects.equals(energy, o.energy)
            && Objects.equals(operational, o.operational)
            && Objects.equals(embodied, o.embodied)
            && Objects.equals(slos, o.slos);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clockMhz, makespan, energy, operational, embodied, slos);
    }

    /**
     * A builder for a {@link ClockPoint}: set the components by name; {@link Builder#build()} validates.
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
        return builder().clockMhz(clockMhz).makespan(makespan).energy(energy).operational(operational)
                .embodied(embodied).slos(slos);
    }

    /**
     * Builds a {@link ClockPoint} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private int clockMhz;
        private Duration makespan;
        private Energy energy;
        private CarbonFigure operational;
        private CarbonFigure embodied;
        private List<SloCheck> slos;

        private Builder() {
        }

        /**
         * Sets {@link ClockPoint#clockMhz()}.
         *
         * @param clockMhz the SM clock, in MHz
         * @return this builder
         */
        public Builder clockMhz(int clockMhz) {
            this.clockMhz = clockMhz;
            return this;
        }

        /**
         * Sets {@link ClockPoint#makespan()}.
         *
         * @param makespan time until the last model completes
         * @return this builder
         */
        public Builder makespan(Duration makespan) {
            this.makespan = makespan;
            return this;
        }

        /**
         * Sets {@link ClockPoint#energy()}.
         *
         * @param energy the GPU's energy over the makespan, idle baseline included
         * @return this builder
         */
        public Builder energy(Energy energy) {
            this.energy = energy;
            return this;
        }

        /**
         * Sets {@link ClockPoint#operational()}.
         *
         * @param operational operational carbon
         * @return this builder
         */
        public Builder operational(CarbonFigure operational) {
            this.operational = operational;
            return this;
        }

        /**
         * Sets {@link ClockPoint#embodied()}.
         *
         * @param embodied embodied carbon
         * @return this builder
         */
        public Builder embodied(CarbonFigure embodied) {
            this.embodied = embodied;
            return this;
        }

        /**
         * Sets {@link ClockPoint#slos()}.
         *
         * @param slos each co-located model's latency against its SLO, in the request's order
         * @return this builder
         */
        public Builder slos(List<SloCheck> slos) {
            this.slos = slos;
            return this;
        }

        /**
         * Validates the settings as {@link ClockPoint} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range
         */
        public ClockPoint build() {
            return new ClockPoint(clockMhz, makespan, energy, operational, embodied, slos);
        }
    }
}
