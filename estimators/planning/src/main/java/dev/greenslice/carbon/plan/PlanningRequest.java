package dev.greenslice.carbon.plan;

import dev.greenslice.carbon.embodied.EmbodiedAccounting;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.intensity.IntensitySource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a {@link MigPlanner} is asked: the models' demands, the GPU type to place them on, where the grid's
 * carbon intensity comes from, the GPU's embodied carbon (with its lifetime) and how it is charged,
 * optionally a budget of GPUs, and whether each GPU's SM clock may be tuned.
 *
 * <p>The models of power and latency (profiles, estimator) are not part of the request: they belong to the
 * planner, so that every planner compared on one request uses the same ones.
 *
 * <p><b>Time.</b> All GPUs of a plan start at {@code start}; with a time-varying intensity (an hourly trace)
 * operational carbon is integrated from there.
 *
 * <p>Immutable and thread-safe. The constructor rejects an empty demand list, two demands with one name, and
 * a budget below 1, with an {@link IllegalArgumentException} naming the input and the fix.
 */
public final class PlanningRequest {
    private final List<ModelDemand> demands;
    private final GpuModel gpu;
    private final IntensitySource intensity;
    private final EmbodiedCarbon embodied;
    private final EmbodiedAccounting accounting;
    private final OptionalInt gpuBudget;
    private final boolean tuneClocks;
    private final Instant start;

    /** The default start of a run: 2024-01-01T00:00Z (it matters only for time-varying intensity). */
    public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

    /**
     * Checks the components.
     *
     * @param demands the models' demands; not empty, names unique
     * @param gpu the GPU type, from {@code GpuCatalog}; its MIG geometry gives the valid layouts
     * @param intensity the grid's carbon intensity over the run
     * @param embodied the GPU's embodied carbon, amortised over its lifetime ({@link EmbodiedCarbon#lifetime()})
     * @param accounting how embodied carbon is charged: whole device while held (default), or resource share
     * @param gpuBudget the most GPUs the plan may use, or empty for no limit
     * @param tuneClocks whether the planner may choose each GPU's SM clock for carbon (else every GPU runs at the highest clock all its models' profiles have)
     * @param start when the run starts
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    PlanningRequest(List<ModelDemand> demands, GpuModel gpu, IntensitySource intensity, EmbodiedCarbon embodied,
            EmbodiedAccounting accounting, OptionalInt gpuBudget, boolean tuneClocks, Instant start) {
        demands = List.copyOf(demands);
        Objects.requireNonNull(gpu, "gpu: give a GPU type from GpuCatalog");
        Objects.requireNonNull(intensity, "intensity: say where the grid's carbon intensity comes from");
        Objects.requireNonNull(embodied, "embodied: give the GPU's embodied carbon, e.g. EmbodiedCarbon.act(gpu)");
        Objects.requireNonNull(accounting, "accounting");
        Objects.requireNonNull(gpuBudget, "gpuBudget");
        Objects.requireNonNull(start, "start");
        if (demands.isEmpty()) {
            throw new IllegalArgumentException("A planning request needs at least one model demand");
        }
        Set<String> names = new HashSet<>();
        for (ModelDemand d : demands) {
            if (!names.add(d.name())) {
                throw new IllegalArgumentException("Two demands are named '" + d.name()
                        + "'; give each a distinct name (ModelDemand.named)");
            }
        }
        if (gpuBudget.isPresent() && gpuBudget.getAsInt() < 1) {
            throw new IllegalArgumentException("GPU budget must be >= 1, got " + gpuBudget.getAsInt());
        }
        this.demands = demands;
        this.gpu = gpu;
        this.intensity = intensity;
        this.embodied = embodied;
        this.accounting = accounting;
        this.gpuBudget = gpuBudget;
        this.tuneClocks = tuneClocks;
        this.start = start;
    }

    /**
     * Starts a request for {@code gpu} with whole-device embodied accounting, no GPU budget, clock tuning on
     * and the default start.
     * @param gpu the GPU type
     * @param intensity the grid's carbon intensity
     * @param embodied the GPU's embodied carbon and lifetime
     * @return a builder
     */
    public static Builder builder(GpuModel gpu, IntensitySource intensity, EmbodiedCarbon embodied) {
        return new Builder(gpu, intensity, embodied);
    }

    /**
     * @return the demand named {@code name}
     * @param name the demand's name
     * @throws IllegalArgumentException naming the demand and listing the names if none has it
     */
    public ModelDemand demand(String name) {
        for (ModelDemand d : demands) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("No demand named '" + name + "'; demands: "
                + demands.stream().map(ModelDemand::name).toList());
    }

    /**
     * @return this request with another intensity source, all else equal
     * @param other the other intensity source
     */
    public PlanningRequest withIntensity(IntensitySource other) {
        return new PlanningRequest(demands, gpu, other, embodied, accounting, gpuBudget, tuneClocks, start);
    }

    /**
     * @return this request with other demands, all else equal
     * @param other the other demands; not empty, names unique
     */
    public PlanningRequest withDemands(List<ModelDemand> other) {
        return new PlanningRequest(other, gpu, intensity, embodied, accounting, gpuBudget, tuneClocks, start);
    }

    /**
     * @return this request with clock tuning on or off, all else equal
     * @param tune whether clocks may be tuned
     */
    public PlanningRequest withTuneClocks(boolean tune) {
        return new PlanningRequest(demands, gpu, intensity, embodied, accounting, gpuBudget, tune, start);
    }

    /**
     * @return this request with a GPU budget (or none, if empty), all else equal
     * @param budget the most GPUs, or empty for no limit
     */
    public PlanningRequest withGpuBudget(OptionalInt budget) {
        return new PlanningRequest(demands, gpu, intensity, embodied, accounting, budget, tuneClocks, start);
    }

    /** Collects a {@link PlanningRequest}. Not thread-safe. */
    public static final class Builder {
        private final GpuModel gpu;
        private final IntensitySource intensity;
        private final EmbodiedCarbon embodied;
        private final List<ModelDemand> demands = new ArrayList<>();
        private EmbodiedAccounting accounting = EmbodiedAccounting.WHOLE_DEVICE;
        private OptionalInt gpuBudget = OptionalInt.empty();
        private boolean tuneClocks = true;
        private Instant start = DEFAULT_START;

        private Builder(GpuModel gpu, IntensitySource intensity, EmbodiedCarbon embodied) {
            this.gpu = gpu;
            this.intensity = intensity;
            this.embodied = embodied;
        }

        /**
         * Adds a demand.
         *
         * @param demand the demand
         * @return this builder
         */
        public Builder demand(ModelDemand demand) {
            demands.add(Objects.requireNonNull(demand, "demand"));
            return this;
        }

        /**
         * Adds demands.
         *
         * @param list the demands
         * @return this builder
         */
        public Builder demands(List<ModelDemand> list) {
            list.forEach(this::demand);
            return this;
        }

        /**
         * How embodied carbon is charged; default whole device.
         *
         * @param value the accounting rule
         * @return this builder
         */
        public Builder accounting(EmbodiedAccounting value) {
            this.accounting = Objects.requireNonNull(value, "accounting");
            return this;
        }

        /**
         * The most GPUs the plan may use.
         *
         * @param gpus the most GPUs, {@code >= 1}
         * @return this builder
         */
        public Builder gpuBudget(int gpus) {
            this.gpuBudget = OptionalInt.of(gpus);
            return this;
        }

        /**
         * Whether each GPU's clock may be tuned for carbon; default true.
         *
         * @param tune whether clocks may be tuned
         * @return this builder
         */
        public Builder tuneClocks(boolean tune) {
            this.tuneClocks = tune;
            return this;
        }

        /**
         * When the run starts; default {@link #DEFAULT_START}.
         *
         * @param value the start instant
         * @return this builder
         */
        public Builder start(Instant value) {
            this.start = Objects.requireNonNull(value, "start");
            return this;
        }

        /** @return the request; see the class description for what is rejected */
        public PlanningRequest build() {
            return new PlanningRequest(demands, gpu, intensity, embodied, accounting, gpuBudget, tuneClocks, start);
        }
    }

    /** @return the models' demands; not empty, names unique */
    public List<ModelDemand> demands() {
        return demands;
    }

    /** @return the GPU type, from {@code GpuCatalog}; its MIG geometry gives the valid layouts */
    public GpuModel gpu() {
        return gpu;
    }

    /** @return the grid's carbon intensity over the run */
    public IntensitySource intensity() {
        return intensity;
    }

    /** @return the GPU's embodied carbon, amortised over its lifetime ({@link EmbodiedCarbon#lifetime()}) */
    public EmbodiedCarbon embodied() {
        return embodied;
    }

    /** @return how embodied carbon is charged: whole device while held (default), or resource share */
    public EmbodiedAccounting accounting() {
        return accounting;
    }

    /** @return the most GPUs the plan may use, or empty for no limit */
    public OptionalInt gpuBudget() {
        return gpuBudget;
    }

    /** @return whether the planner may choose each GPU's SM clock for carbon (else every GPU runs at the highest clock all its models' profiles have) */
    public boolean tuneClocks() {
        return tuneClocks;
    }

    /** @return when the run starts */
    public Instant start() {
        return start;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof PlanningRequest)) {
            return false;
        }
        PlanningRequest o = (PlanningRequest) other;
        return Objects.equals(demands, o.demands)
            && Objects.equals(gpu, o.gpu)
            && Objects.equals(intensity, o.intensity)
            && Objects.equals(embodied, o.embodied)
            && Objects.equals(accounting, o.accounting)
            && Objects.equals(gpuBudget, o.gpuBudget)
            && tuneClocks == o.tuneClocks
            && Objects.equals(start, o.start);
    }

    @Override
    public int hashCode() {
        return Objects.hash(demands, gpu, intensity, embodied, accounting, gpuBudget, tuneClocks, start);
    }

    @Override
    public String toString() {
        return "PlanningRequest[demands=" + demands
            + ", gpu=" + gpu
            + ", intensity=" + intensity
            + ", embodied=" + embodied
            + ", accounting=" + accounting
            + ", gpuBudget=" + gpuBudget
            + ", tuneClocks=" + tuneClocks
            + ", start=" + start + "]";
    }
}
