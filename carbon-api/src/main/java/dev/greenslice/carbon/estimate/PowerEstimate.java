package dev.greenslice.carbon.estimate;

import dev.greenslice.carbon.Power;

import java.util.List;
import java.util.Objects;

/**
 * The estimated board power of a GPU serving a set of models at one SM clock, with the terms that make it
 * up and each placement's attributable share. Immutable.
 */
public final class PowerEstimate {
    private final String method;
    private final int clockMhz;
    private final List<ModelPlacement> placements;
    private final Power total;
    private final List<PowerTerm> terms;
    private final List<Power> perPlacement;

    /**
     * An estimate as computed; the lists are copied.
     *
     * @param method       the estimator that produced it, e.g. {@code "additive"}, {@code "decomposed"}
     * @param clockMhz     the SM clock in MHz
     * @param placements   the models served, in the order given to the estimator
     * @param total        the board power
     * @param terms        additive terms; they sum to {@code total}
     * @param perPlacement power attributable to each placement (its own terms plus its share of shared terms by the
     *                     estimator's stated rule); sums to {@code total}
     * @throws NullPointerException if the method, the total or a list is null, or a list holds a null
     * @throws IllegalArgumentException unless there is one attributable power per placement
     */
    private PowerEstimate(String method, int clockMhz, List<ModelPlacement> placements, Power total,
            List<PowerTerm> terms, List<Power> perPlacement) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(total, "total");
        placements = List.copyOf(placements);
        terms = List.copyOf(terms);
        perPlacement = List.copyOf(perPlacement);
        if (perPlacement.size() != placements.size()) {
            throw new IllegalArgumentException("Need one attributable power per placement: " + placements.size()
                    + " placements, " + perPlacement.size() + " figures");
        }
        this.method = method;
        this.clockMhz = clockMhz;
        this.placements = placements;
        this.total = total;
        this.terms = terms;
        this.perPlacement = perPlacement;
    }

    /**
     * The share of the board power attributable to one placement, e.g. to apportion a measured energy.
     *
     * @param i the placement's index in {@link #placements()}
     * @return its share, in [0, 1]; the shares sum to 1, and are equal when the total is 0 W
     * @throws IndexOutOfBoundsException for an index outside the placements
     */
    public double shareOf(int i) {
        return total.watts() == 0 ? 1.0 / placements.size() : perPlacement.get(i).watts() / total.watts();
    }

    /** @return the estimator that produced it, e.g. {@code "additive"}, {@code "decomposed"} */
    public String method() {
        return method;
    }

    /** @return the SM clock in MHz */
    public int clockMhz() {
        return clockMhz;
    }

    /** @return the models served, in the order given to the estimator */
    public List<ModelPlacement> placements() {
        return placements;
    }

    /** @return the board power */
    public Power total() {
        return total;
    }

    /** @return additive terms; they sum to {@code total} */
    public List<PowerTerm> terms() {
        return terms;
    }

    /**
     * @return power attributable to each placement (its own terms plus its share of shared terms by the estimator's
     *         stated rule); sums to {@code total}
     */
    public List<Power> perPlacement() {
        return perPlacement;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof PowerEstimate)) {
            return false;
        }
        PowerEstimate o = (PowerEstimate) other;
        return Objects.equals(method, o.method)
                && clockMhz == o.clockMhz
                && Objects.equals(placements, o.placements)
                && Objects.equals(total, o.total)
                && Objects.equals(terms, o.terms)
                && Objects.equals(perPlacement, o.perPlacement);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, clockMhz, placements, total, terms, perPlacement);
    }

    @Override
    public String toString() {
        return "PowerEstimate[method=" + method
                + ", clockMhz=" + clockMhz
                + ", placements=" + placements
                + ", total=" + total
                + ", terms=" + terms
                + ", perPlacement=" + perPlacement + "]";
    }

    /**
     * A builder for a {@link PowerEstimate}: set what you know by name; {@link Builder#build()} validates.
     *
     * @return a new builder with no component set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link PowerEstimate} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private String method;
        private int clockMhz;
        private List<ModelPlacement> placements = List.of();
        private Power total;
        private List<PowerTerm> terms = List.of();
        private List<Power> perPlacement = List.of();

        private Builder() {
        }

        /**
         * Sets {@link PowerEstimate#method()}.
         *
         * @param method the estimator that produced it, e.g. {@code "additive"}, {@code "decomposed"}
         * @return this builder
         */
        public Builder method(String method) {
            this.method = method;
            return this;
        }

        /**
         * Sets {@link PowerEstimate#clockMhz()}.
         *
         * @param clockMhz the SM clock in MHz
         * @return this builder
         */
        public Builder clockMhz(int clockMhz) {
            this.clockMhz = clockMhz;
            return this;
        }

        /**
         * Sets {@link PowerEstimate#placements()}.
         *
         * @param placements the models served, in the order given to the estimator
         * @return this builder
         */
        public Builder placements(List<ModelPlacement> placements) {
            this.placements = placements;
            return this;
        }

        /**
         * Sets {@link PowerEstimate#total()}.
         *
         * @param total the board power
         * @return this builder
         */
        public Builder total(Power total) {
            this.total = total;
            return this;
        }

        /**
         * Sets {@link PowerEstimate#terms()}.
         *
         * @param terms additive terms; they sum to {@code total}
         * @return this builder
         */
        public Builder terms(List<PowerTerm> terms) {
            this.terms = terms;
            return this;
        }

        /**
         * Sets {@link PowerEstimate#perPlacement()}.
         *
         * @param perPlacement power attributable to each placement (its own terms plus its share of shared terms by the estimator's stated rule); sums to {@code total}
         * @return this builder
         */
        public Builder perPlacement(List<Power> perPlacement) {
            this.perPlacement = perPlacement;
            return this;
        }

        /**
         * Validates the settings as {@link PowerEstimate} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range, naming it
         */
        public PowerEstimate build() {
            return new PowerEstimate(method, clockMhz, placements, total, terms, perPlacement);
        }
    }
}
