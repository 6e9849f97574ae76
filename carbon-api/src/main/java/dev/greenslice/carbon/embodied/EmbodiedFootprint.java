package dev.greenslice.carbon.embodied;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;

import java.util.List;
import java.util.Objects;

/**
 * The manufacturing carbon of one device, with its range and every parameter that produced it. Immutable.
 */
public final class EmbodiedFootprint {
    private final String device;
    private final CarbonFigure carbon;
    private final String model;
    private final String parameterSet;
    private final String boundary;
    private final List<Assumption> parameters;

    /**
     * A footprint as computed; the parameter list is copied.
     *
     * @param device       what was modelled, e.g. {@code "A100-PCIE-40GB"}
     * @param carbon       the footprint, with low/high across the stated range of inputs (e.g. fab grids)
     * @param model        the model, e.g. {@code "ACT (Gupta et al., ISCA 2022)"}
     * @param parameterSet the name of the parameter set, e.g. {@code "study"} or {@code "act-defaults"}
     * @param boundary     what is inside the footprint, e.g. {@code "die + memory (ACT boundary; no board, cooling or
     *                     packaging)"}
     * @param parameters   every input with its value and source
     * @throws NullPointerException if any part is null, or a parameter is
     */
    private EmbodiedFootprint(String device, CarbonFigure carbon, String model, String parameterSet, String boundary,
            List<Assumption> parameters) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(carbon, "carbon");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(parameterSet, "parameterSet");
        Objects.requireNonNull(boundary, "boundary");
        parameters = List.copyOf(parameters);
        this.device = device;
        this.carbon = carbon;
        this.model = model;
        this.parameterSet = parameterSet;
        this.boundary = boundary;
        this.parameters = parameters;
    }

    /** @return what was modelled, e.g. {@code "A100-PCIE-40GB"} */
    public String device() {
        return device;
    }

    /** @return the footprint, with low/high across the stated range of inputs (e.g. fab grids) */
    public CarbonFigure carbon() {
        return carbon;
    }

    /** @return the model, e.g. {@code "ACT (Gupta et al., ISCA 2022)"} */
    public String model() {
        return model;
    }

    /** @return the name of the parameter set, e.g. {@code "study"} or {@code "act-defaults"} */
    public String parameterSet() {
        return parameterSet;
    }

    /**
     * @return what is inside the footprint, e.g. {@code "die + memory (ACT boundary; no board, cooling or packaging)"}
     */
    public String boundary() {
        return boundary;
    }

    /** @return every input with its value and source */
    public List<Assumption> parameters() {
        return parameters;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof EmbodiedFootprint)) {
            return false;
        }
        EmbodiedFootprint o = (EmbodiedFootprint) other;
        return Objects.equals(device, o.device)
                && Objects.equals(carbon, o.carbon)
                && Objects.equals(model, o.model)
                && Objects.equals(parameterSet, o.parameterSet)
                && Objects.equals(boundary, o.boundary)
                && Objects.equals(parameters, o.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, carbon, model, parameterSet, boundary, parameters);
    }

    @Override
    public String toString() {
        return "EmbodiedFootprint[device=" + device
                + ", carbon=" + carbon
                + ", model=" + model
                + ", parameterSet=" + parameterSet
                + ", boundary=" + boundary
                + ", parameters=" + parameters + "]";
    }

    /**
     * A builder for a {@link EmbodiedFootprint}: set what you know by name; {@link Builder#build()} validates.
     *
     * @return a new builder with no component set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link EmbodiedFootprint} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private String device;
        private CarbonFigure carbon;
        private String model;
        private String parameterSet;
        private String boundary;
        private List<Assumption> parameters = List.of();

        private Builder() {
        }

        /**
         * Sets {@link EmbodiedFootprint#device()}.
         *
         * @param device what was modelled, e.g. {@code "A100-PCIE-40GB"}
         * @return this builder
         */
        public Builder device(String device) {
            this.device = device;
            return this;
        }

        /**
         * Sets {@link EmbodiedFootprint#carbon()}.
         *
         * @param carbon the footprint, with low/high across the stated range of inputs (e.g. fab grids)
         * @return this builder
         */
        public Builder carbon(CarbonFigure carbon) {
            this.carbon = carbon;
            return this;
        }

        /**
         * Sets {@link EmbodiedFootprint#model()}.
         *
         * @param model the model, e.g. {@code "ACT (Gupta et al., ISCA 2022)"}
         * @return this builder
         */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /**
         * Sets {@link EmbodiedFootprint#parameterSet()}.
         *
         * @param parameterSet the name of the parameter set, e.g. {@code "study"} or {@code "act-defaults"}
         * @return this builder
         */
        public Builder parameterSet(String parameterSet) {
            this.parameterSet = parameterSet;
            return this;
        }

        /**
         * Sets {@link EmbodiedFootprint#boundary()}.
         *
         * @param boundary what is inside the footprint, e.g. {@code "die + memory (ACT boundary; no board, cooling or packaging)"}
         * @return this builder
         */
        public Builder boundary(String boundary) {
            this.boundary = boundary;
            return this;
        }

        /**
         * Sets {@link EmbodiedFootprint#parameters()}.
         *
         * @param parameters every input with its value and source
         * @return this builder
         */
        public Builder parameters(List<Assumption> parameters) {
            this.parameters = parameters;
            return this;
        }

        /**
         * Validates the settings as {@link EmbodiedFootprint} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range, naming it
         */
        public EmbodiedFootprint build() {
            return new EmbodiedFootprint(device, carbon, model, parameterSet, boundary, parameters);
        }
    }
}
