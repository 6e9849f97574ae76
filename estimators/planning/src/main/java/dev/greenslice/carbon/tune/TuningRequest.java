package dev.greenslice.carbon.tune;

import dev.greenslice.carbon.embodied.EmbodiedAccounting;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.carbon.plan.TenantDemand;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link FrequencyTuner} is asked: one GPU's co-located models (each with its demand and instance
 * size — from a plan's {@code PlannedGpu.tenants()} or given), the grid's intensity, the GPU's embodied
 * carbon and how it is charged, and optionally which clocks to consider.
 *
 * <p>Immutable and thread-safe. The constructor rejects no tenants, two tenants with one name, more compute
 * slices than the GPU has, and non-positive candidate clocks, with an {@link IllegalArgumentException} naming
 * the input.
 */
public final class TuningRequest {
    private final GpuModel gpu;
    private final List<TenantDemand> tenants;
    private final IntensitySource intensity;
    private final EmbodiedCarbon embodied;
    private final EmbodiedAccounting accounting;
    private final List<Integer> candidateClocksMhz;
    private final Instant start;

    /**
     * Checks the components.
     *
     * @param gpu the GPU type
     * @param tenants the co-located models; not empty, names unique
     * @param intensity the grid's carbon intensity over the run
     * @param embodied the GPU's embodied carbon and lifetime
     * @param accounting whole device while held (default) or resource share
     * @param candidateClocksMhz clocks to consider, in MHz; empty for every clock the tuner can use
     * @param start when the run starts (for time-varying intensity)
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    TuningRequest(GpuModel gpu, List<TenantDemand> tenants, IntensitySource intensity, EmbodiedCarbon embodied,
            EmbodiedAccounting accounting, List<Integer> candidateClocksMhz, Instant start) {
        Objects.requireNonNull(gpu, "gpu: give a GPU type from GpuCatalog");
        tenants = List.copyOf(tenants);
        Objects.requireNonNull(intensity, "intensity: say where the grid's carbon intensity comes from");
        Objects.requireNonNull(embodied, "embodied: give the GPU's embodied carbon, e.g. EmbodiedCarbon.act(gpu)");
        Objects.requireNonNull(accounting, "accounting");
        candidateClocksMhz = List.copyOf(candidateClocksMhz);
        Objects.requireNonNull(start, "start");
        if (tenants.isEmpty()) {
            throw new IllegalArgumentException("A tuning request needs at least one model on the GPU");
        }
        Set<String> names = new HashSet<>();
        int slices = 0;
        for (TenantDemand t : tenants) {
            if (!names.add(t.demand().name())) {
                throw new IllegalArgumentException("Two tenants are named '" + t.demand().name()
                        + "'; give each a distinct name (ModelDemand.named)");
            }
            slices += t.computeSlices();
        }
        int gpuSlices = gpu.migGeometry().map(g -> g.computeSlices()).orElse(slices);
        if (tenants.size() > 1 && gpu.migGeometry().isEmpty()) {
            throw new IllegalArgumentException(gpu.id() + " has no MIG: it holds one model, got " + names);
        }
        if (slices > gpuSlices) {
            throw new IllegalArgumentException("Tenants " + tenants + " use " + slices + " compute slices; "
                    + gpu.id() + " has " + gpuSlices);
        }
        for (int c : candidateClocksMhz) {
            if (c < 1) {
                throw new IllegalArgumentException("Candidate clock must be >= 1 MHz, got " + c);
            }
        }
        this.gpu = gpu;
        this.tenants = tenants;
        this.intensity = intensity;
        this.embodied = embodied;
        this.accounting = accounting;
        this.candidateClocksMhz = candidateClocksMhz;
        this.start = start;
    }

    /**
     * Starts a request for {@code gpu}: whole-device accounting, every clock, the default start.
     *
     * @param gpu the GPU type
     * @param intensity the grid's carbon intensity
     * @param embodied the GPU's embodied carbon and lifetime
     * @return a builder
     */
    public static Builder builder(GpuModel gpu, IntensitySource intensity, EmbodiedCarbon embodied) {
        return new Builder(gpu, intensity, embodied);
    }

    /**
     * A request for one GPU of a plan: its tenants under {@code planning}'s GPU, intensity, embodied carbon,
     * accounting and start.
     * @param planning the planning request the GPU belongs to
     * @param tenants the GPU's models
     * @return the tuning request
     */
    public static TuningRequest of(PlanningRequest planning, List<TenantDemand> tenants) {
        return new TuningRequest(planning.gpu(), tenants, planning.intensity(), planning.embodied(),
                planning.accounting(), List.of(), planning.start());
    }

    /**
     * @return this request with another intensity source, all else equal
     * @param other the other intensity source
     */
    public TuningRequest withIntensity(IntensitySource other) {
        return new TuningRequest(gpu, tenants, other, embodied, accounting, candidateClocksMhz, start);
    }

    /**
     * @return this request restricted to {@code clocksMhz} (empty: every clock), all else equal
     * @param clocksMhz the clocks to consider, in MHz
     */
    public TuningRequest withCandidateClocks(List<Integer> clocksMhz) {
        return new TuningRequest(gpu, tenants, intensity, embodied, accounting, clocksMhz, start);
    }

    /** Collects a {@link TuningRequest}. Not thread-safe. */
    public static final class Builder {
        private final GpuModel gpu;
        private final IntensitySource intensity;
        private final EmbodiedCarbon embodied;
        private final List<TenantDemand> tenants = new ArrayList<>();
        private EmbodiedAccounting accounting = EmbodiedAccounting.WHOLE_DEVICE;
        private List<Integer> clocks = List.of();
        private Instant start = PlanningRequest.DEFAULT_START;

        private Builder(GpuModel gpu, IntensitySource intensity, EmbodiedCarbon embodied) {
            this.gpu = gpu;
            this.intensity = intensity;
            this.embodied = embodied;
        }

        /**
         * Adds a model on an instance of {@code computeSlices} compute slices.
         *
         * @param demand what the model must serve
         * @param computeSlices compute slices of its instance
         * @return this builder
         */
        public Builder tenant(ModelDemand demand, int computeSlices) {
            tenants.add(TenantDemand.of(demand, computeSlices));
            return this;
        }

        /**
         * Adds tenants.
         *
         * @param list the tenants
         * @return this builder
         */
        public Builder tenants(List<TenantDemand> list) {
            tenants.addAll(list);
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
         * Restricts the clocks considered, in MHz.
         *
         * @param clocksMhz the clocks, in MHz
         * @return this builder
         */
        public Builder candidateClocksMhz(List<Integer> clocksMhz) {
            this.clocks = List.copyOf(clocksMhz);
            return this;
        }

        /**
         * When the run starts; default {@link PlanningRequest#DEFAULT_START}.
         *
         * @param value the start instant
         * @return this builder
         */
        public Builder start(Instant value) {
            this.start = Objects.requireNonNull(value, "start");
            return this;
        }

        /** @return the request; see the class description for what is rejected */
        public TuningRequest build() {
            return new TuningRequest(gpu, tenants, intensity, embodied, accounting, clocks, start);
        }
    }

    /** @return the GPU type */
    public GpuModel gpu() {
        return gpu;
    }

    /** @return the co-located models; not empty, names unique */
    public List<TenantDemand> tenants() {
        return tenants;
    }

    /** @return the grid's carbon intensity over the run */
    public IntensitySource intensity() {
        return intensity;
    }

    /** @return the GPU's embodied carbon and lifetime */
    public EmbodiedCarbon embodied() {
        return embodied;
    }

    /** @return whole device while held (default) or resource share */
    public EmbodiedAccounting accounting() {
        return accounting;
    }

    /** @return clocks to consider, in MHz; empty for every clock the tuner can use */
    public List<Integer> candidateClocksMhz() {
        return candidateClocksMhz;
    }

    /** @return when the run starts (for time-varying intensity) */
    public Instant start() {
        return start;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof TuningRequest)) {
            return false;
        }
        TuningRequest o = (TuningRequest) other;
        return Objects.equals(gpu, o.gpu)
            && Objects.equals(tenants, o.tenants)
            && Objects.equals(intensity, o.intensity)
            && Objects.equals(embodied, o.embodied)
            && Objects.equals(accounting, o.accounting)
            && Objects.equals(candidateClocksMhz, o.candidateClocksMhz)
            && Objects.equals(start, o.start);
    }

    @Override
    public int hashCode() {
        return Objects.hash(gpu, tenants, intensity, embodied, accounting, candidateClocksMhz, start);
    }

    @Override
    public String toString() {
        return "TuningRequest[gpu=" + gpu
            + ", tenants=" + tenants
            + ", intensity=" + intensity
            + ", embodied=" + embodied
            + ", accounting=" + accounting
            + ", candidateClocksMhz=" + candidateClocksMhz
            + ", start=" + start + "]";
    }
}
