package dev.greenslice.estimators.deployment;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.embodied.EmbodiedAccounting;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.workload.ServingForecast;
import dev.greenslice.estimators.workload.ServingModel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The carbon of a deployment: the meter's formulas applied to predicted energy and time. For one GPU and
 * its tenants it predicts each tenant's serving ({@link ServingModel}), the GPU's energy over the run — the
 * baseline an idle GPU still draws included — and its operational and embodied carbon.
 *
 * <p><b>Energy.</b> The run lasts until the last tenant completes. Between completions, each tenant still
 * running is busy a share {@code u = busy / completion} of the time (1 in closed loop). Treating tenants'
 * busy periods as independent, the expected power in each stretch is the estimator's power for every subset
 * of busy tenants weighted by its probability ({@code baseline} for none busy); energy is its integral, and
 * each tenant's energy is its attributable power ({@link PowerEstimate#perPlacement()}) integrated the same
 * way, so tenants' energies add up to the GPU's.
 *
 * <p><b>Carbon.</b> Operational: each stretch's energy at the intensity in effect over it
 * ({@link IntensitySource#carbonOf}), with the run starting at {@link Builder#start(Instant)}. Embodied:
 * {@link EmbodiedCarbon#attribute} over the makespan for the whole GPU, or per tenant for its slices'
 * share ({@link EmbodiedAccounting}). Ranges (low/high) of the intensity and embodied figures carry through.
 *
 * <p>Immutable and thread-safe. Fails with {@link IllegalArgumentException} naming the model, cell or clock
 * the profiles or the estimator lack.
 */
public final class DeploymentModel {

    private final ModelProfiles profiles;
    private final DevicePowerProfile device;
    private final PowerEstimator estimator;
    private final IntensitySource intensity;
    private final EmbodiedCarbon embodied;
    private final Instant start;
    private final EmbodiedAccounting accounting;
    private final int gpuSlices;
    private final Long seed;

    private DeploymentModel(Builder b) {
        this.profiles = b.profiles;
        this.device = b.device;
        this.estimator = b.estimator != null ? b.estimator : PowerEstimators.best(b.profiles, b.device);
        this.intensity = Objects.requireNonNull(b.intensity, "intensity: say where the grid's carbon intensity comes from");
        this.embodied = Objects.requireNonNull(b.embodied, "embodied: give the GPU's embodied carbon model");
        this.start = b.start;
        this.accounting = b.accounting;
        this.gpuSlices = b.gpuSlices;
        this.seed = b.seed;
    }

    /**
     * Starts configuring a model; set at least {@link Builder#intensity} and {@link Builder#embodied}.
     *
     * @param profiles the tenants' model profiles
     * @param device   the GPU's baseline power per clock
     * @return a new builder
     */
    public static Builder builder(ModelProfiles profiles, DevicePowerProfile device) {
        return new Builder(profiles, device);
    }

    /** Configures a {@link DeploymentModel}; intensity and embodied carbon are required. Not thread-safe. */
    public static final class Builder {
        private final ModelProfiles profiles;
        private final DevicePowerProfile device;
        private PowerEstimator estimator;
        private IntensitySource intensity;
        private EmbodiedCarbon embodied;
        private Instant start = Instant.parse("2024-01-01T00:00:00Z");
        private EmbodiedAccounting accounting = EmbodiedAccounting.WHOLE_DEVICE;
        private int gpuSlices = 7;
        private Long seed;

        private Builder(ModelProfiles profiles, DevicePowerProfile device) {
            this.profiles = Objects.requireNonNull(profiles, "profiles");
            this.device = Objects.requireNonNull(device, "device");
        }

        /**
         * The power estimator; default {@link PowerEstimators#best}.
         *
         * @param estimator the estimator of the busy tenants' board power
         * @return this builder
         */
        public Builder estimator(PowerEstimator estimator) {
            this.estimator = Objects.requireNonNull(estimator, "estimator");
            return this;
        }

        /**
         * Where the grid's carbon intensity comes from (required).
         *
         * @param intensity the grid's carbon intensity over time
         * @return this builder
         */
        public Builder intensity(IntensitySource intensity) {
            this.intensity = Objects.requireNonNull(intensity, "intensity");
            return this;
        }

        /**
         * The GPU's embodied carbon model (required), e.g. {@code EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB)}.
         *
         * @param embodied the GPU's embodied footprint and lifetime
         * @return this builder
         */
        public Builder embodied(EmbodiedCarbon embodied) {
            this.embodied = Objects.requireNonNull(embodied, "embodied");
            return this;
        }

        /**
         * When the run starts, for time-varying intensity; default 2024-01-01T00:00Z.
         *
         * @param start the instant the run starts
         * @return this builder
         */
        public Builder start(Instant start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /**
         * How embodied carbon is charged; default {@link EmbodiedAccounting#WHOLE_DEVICE}.
         *
         * @param accounting whole GPU over the makespan, or each tenant's resource share
         * @return this builder
         */
        public Builder accounting(EmbodiedAccounting accounting) {
            this.accounting = Objects.requireNonNull(accounting, "accounting");
            return this;
        }

        /**
         * Compute slices of the whole GPU, for resource-share accounting; default 7 (A100, H100).
         *
         * @param slices the GPU's compute slices; {@code >= 1}
         * @return this builder
         * @throws IllegalArgumentException if {@code slices} is below 1
         */
        public Builder gpuSlices(int slices) {
            if (slices < 1) {
                throw new IllegalArgumentException("GPU slices must be >= 1, got " + slices);
            }
            this.gpuSlices = slices;
            return this;
        }

        /**
         * Use the seeded discrete-event simulation instead of the analytic queueing model.
         *
         * @param seed the simulation's random seed; tenant {@code i} uses {@code seed + i}
         * @return this builder
         */
        public Builder simulatedQueueing(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the model.
         *
         * @return the model
         * @throws NullPointerException naming the intensity or embodied carbon if it was not set
         */
        public DeploymentModel build() {
            return new DeploymentModel(this);
        }
    }

    /** @return the power estimator in use */
    public PowerEstimator estimator() {
        return estimator;
    }

    /**
     * Predicts one GPU's run.
     *
     * @param deployment the GPU's clock and tenants
     * @return the run's makespan, energy and carbon, per tenant and in total, with its assumptions
     * @throws IllegalArgumentException naming the model, cell or clock the profiles or the estimator lack, or
     *                                  for more than 16 tenants
     */
    public DeploymentEstimate estimate(GpuDeployment deployment) {
        int clock = deployment.clockMhz();
        List<TenantDemand> tenants = deployment.tenants();
        int n = tenants.size();
        if (n > 16) {
            throw new IllegalArgumentException("A GPU holds at most " + gpuSlices + " instances; got " + n + " tenants");
        }
        List<ServingForecast> serving = new ArrayList<>(n);
        double[] completion = new double[n];
        double[] busyShare = new double[n];
        for (int i = 0; i < n; i++) {
            TenantDemand t = tenants.get(i);
            var profile = profiles.profile(t.demand().model());
            ServingForecast f = seed == null
                    ? ServingModel.forecast(profile, t.demand(), t.placement().slices(), clock)
                    : ServingModel.simulate(profile, t.demand(), t.placement().slices(), clock, seed + i);
            serving.add(f);
            completion[i] = f.completion().toNanos() / 1e9;
            busyShare[i] = f.busyShare();
        }
        double baseline = device.baseline(clock).watts();
        List<ModelPlacement> placements = tenants.stream().map(TenantDemand::placement).toList();
        double[] cuts = completion.clone();
        java.util.Arrays.sort(cuts);
        double total = 0;
        double idle = 0;
        double[] perTenant = new double[n];
        CarbonFigure operational = CarbonFigure.ZERO;
        CarbonFigure[] opPerTenant = new CarbonFigure[n];
        java.util.Arrays.fill(opPerTenant, CarbonFigure.ZERO);
        double from = 0;
        PowerEstimate[] cache = new PowerEstimate[1 << n];
        for (double to : cuts) {
            double dt = to - from;
            if (dt <= 0) {
                continue;
            }
            List<Integer> alive = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (completion[i] >= to) {
                    alive.add(i);
                }
            }
            double power = 0;
            double idlePower = 0;
            double[] attrib = new double[n];
            int m = alive.size();
            for (int mask = 0; mask < (1 << m); mask++) {
                double prob = 1;
                int set = 0;
                for (int k = 0; k < m; k++) {
                    int i = alive.get(k);
                    boolean busy = (mask & (1 << k)) != 0;
                    prob *= busy ? busyShare[i] : 1 - busyShare[i];
                    if (busy) {
                        set |= 1 << i;
                    }
                }
                if (prob <= 0) {
                    continue;
                }
                if (set == 0) {
                    power += prob * baseline;
                    idlePower += prob * baseline;
                    int slices = 0;
                    for (int i : alive) {
                        slices += placements.get(i).slices();
                    }
                    for (int i : alive) {
                        attrib[i] += prob * baseline * placements.get(i).slices() / slices;
                    }
                    continue;
                }
                PowerEstimate e = cache[set];
                if (e == null) {
                    List<ModelPlacement> busy = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        if ((set & (1 << i)) != 0) {
                            busy.add(placements.get(i));
                        }
                    }
                    e = estimator.estimate(clock, busy);
                    cache[set] = e;
                }
                power += prob * e.total().watts();
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if ((set & (1 << i)) != 0) {
                        attrib[i] += prob * e.perPlacement().get(k++).watts();
                    }
                }
            }
            Instant a = start.plusNanos(Math.round(from * 1e9));
            Instant b = start.plusNanos(Math.round(to * 1e9));
            total += power * dt;
            idle += idlePower * dt;
            for (int i = 0; i < n; i++) {
                if (attrib[i] > 0) {
                    perTenant[i] += attrib[i] * dt;
                    opPerTenant[i] = opPerTenant[i].plus(intensity.carbonOf(Energy.ofJoules(attrib[i] * dt), a, b));
                }
            }
            operational = operational.plus(intensity.carbonOf(Energy.ofJoules(power * dt), a, b));
            from = to;
        }
        Duration makespan = Duration.ofNanos(Math.round(cuts[n - 1] * 1e9));
        CarbonFigure embodiedTotal = CarbonFigure.ZERO;
        CarbonFigure[] embPerTenant = new CarbonFigure[n];
        if (accounting == EmbodiedAccounting.WHOLE_DEVICE) {
            embodiedTotal = embodied.attribute(makespan, 1.0);
            double weight = 0;
            for (int i = 0; i < n; i++) {
                weight += placements.get(i).slices() * completion[i];
            }
            for (int i = 0; i < n; i++) {
                embPerTenant[i] = embodiedTotal.times(weight == 0 ? 1.0 / n : placements.get(i).slices() * completion[i] / weight);
            }
        } else {
            for (int i = 0; i < n; i++) {
                embPerTenant[i] = embodied.attribute(serving.get(i).completion(),
                        Math.min(1.0, placements.get(i).slices() / (double) gpuSlices));
                embodiedTotal = embodiedTotal.plus(embPerTenant[i]);
            }
        }
        List<TenantEstimate> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new TenantEstimate(tenants.get(i), serving.get(i), Energy.ofJoules(perTenant[i]), opPerTenant[i],
                    embPerTenant[i]));
        }
        List<Assumption> assumptions = List.of(
                Assumption.of("power", estimator.method(), "PowerEstimator over the busy tenants; baseline "
                        + device.provenance()),
                Assumption.of("queueing", seed == null ? "analytic" : "simulated, seed " + seed,
                        serving.get(0).method()),
                Assumption.of("busy periods", "independent across tenants", "expected power over subsets of busy tenants"),
                Assumption.of("intensity", intensity.description(), "operational carbon per stretch of the run"),
                Assumption.of("embodied", embodied.footprint().model() + ", lifetime " + lifetimeText(embodied.lifetime()),
                        accounting == EmbodiedAccounting.WHOLE_DEVICE ? "whole GPU over the makespan"
                                : "slices / " + gpuSlices + " over each tenant's completion"));
        return new DeploymentEstimate(deployment, out, makespan, Energy.ofJoules(total), Energy.ofJoules(idle),
                operational, embodiedTotal, assumptions);
    }

    /** A lifetime in words, e.g. "5 years (43,800 h)", never an ISO-8601 duration. */
    static String lifetimeText(java.time.Duration lifetime) {
        long hours = lifetime.toHours();
        String h = String.format(java.util.Locale.ROOT, "%,d h", hours);
        return hours > 0 && hours % 8760 == 0 ? hours / 8760 + (hours == 8760 ? " year (" : " years (") + h + ")" : h;
    }
}
