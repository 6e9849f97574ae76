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
 *
 * @param index       its position in {@link DeploymentPlan#gpus()}
 * @param migEnabled  whether MIG is enabled
 * @param layout      the GPU instances (empty with MIG disabled)
 * @param clockMhz    the SM clock, in MHz
 * @param models      the models on it, in layout order
 * @param makespan    time until its last model completes: the GPU is held (and draws at least its baseline)
 *                    for all of it
 * @param energy      its energy over the makespan, idle baseline included
 * @param idleEnergy  the part of {@code energy} drawn while no model was busy
 * @param operational operational carbon of {@code energy}
 * @param embodied    embodied carbon charged for it
 * @param sharing     its carbon against a whole GPU for each of its models, when it holds more than one
 * @param clockChoice how the clock was chosen, e.g. {@code "tuned for carbon among 9 clocks"}
 */
public record PlannedGpu(int index, boolean migEnabled, MigLayout layout, int clockMhz, List<PlannedModel> models,
                         Duration makespan, Energy energy, Energy idleEnergy, CarbonFigure operational,
                         CarbonFigure embodied, Optional<SharingTradeoff> sharing, String clockChoice) {

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
    public PlannedGpu {
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
}
