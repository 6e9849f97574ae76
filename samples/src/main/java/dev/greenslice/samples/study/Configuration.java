package dev.greenslice.samples.study;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.estimators.deployment.DeploymentEstimate;
import dev.greenslice.estimators.deployment.TenantEstimate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One way to deploy a model set — every GPU it holds, each with its MIG layout, clock and the library's
 * prediction of its run — and the totals over those GPUs. Immutable.
 *
 * @param name what the configuration is, e.g. {@code "dedicated"}, {@code "shared 4g+3g"}
 * @param gpus the GPUs, at least one
 */
public record Configuration(String name, List<Configuration.Gpu> gpus) {

    /**
     * One GPU of a configuration.
     *
     * @param layout   its MIG layout and which model sits on which instance, e.g.
     *                 {@code "4g.40gb@0 whisper, 3g.40gb@4 gpt"}, or {@code "whole GPU (MIG off) whisper"}
     * @param estimate the predicted time, energy and carbon of its run
     */
    public record Gpu(String layout, DeploymentEstimate estimate) {

        /**
         * Checks that no part is null.
         *
         * @param layout   its MIG layout and which model sits on which instance, e.g.
         *                 {@code "4g.40gb@0 whisper, 3g.40gb@4 gpt"}, or {@code "whole GPU (MIG off) whisper"}
         * @param estimate the predicted time, energy and carbon of its run
         * @throws NullPointerException for a missing part
         */
        public Gpu {
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(estimate, "estimate");
        }

        /** @return the SM clock of the GPU, in MHz */
        public int clockMhz() {
            return estimate.deployment().clockMhz();
        }
    }

    /**
     * Checks the name and copies the GPUs.
     *
     * @param name what the configuration is, e.g. {@code "dedicated"}, {@code "shared 4g+3g"}
     * @param gpus the GPUs, at least one
     * @throws IllegalArgumentException for no GPUs
     */
    public Configuration {
        Objects.requireNonNull(name, "name");
        gpus = List.copyOf(gpus);
        if (gpus.isEmpty()) {
            throw new IllegalArgumentException("Configuration " + name + " has no GPUs");
        }
    }

    /** @return energy of all GPUs over their runs, idle baseline included */
    public Energy energy() {
        return gpus.stream().map(g -> g.estimate().energy()).reduce(Energy.ZERO, Energy::plus);
    }

    /** @return the part of {@link #energy()} drawn while no model on a GPU was busy */
    public Energy idleEnergy() {
        return gpus.stream().map(g -> g.estimate().idleEnergy()).reduce(Energy.ZERO, Energy::plus);
    }

    /** @return operational carbon over all GPUs */
    public CarbonFigure operational() {
        return gpus.stream().map(g -> g.estimate().operational()).reduce(CarbonFigure.ZERO, CarbonFigure::plus);
    }

    /** @return embodied carbon over all GPUs */
    public CarbonFigure embodied() {
        return gpus.stream().map(g -> g.estimate().embodied()).reduce(CarbonFigure.ZERO, CarbonFigure::plus);
    }

    /** @return operational + embodied carbon */
    public CarbonFigure total() {
        return operational().plus(embodied());
    }

    /** @return total carbon in grams (the median figure) */
    public double totalGrams() {
        return total().value().grams();
    }

    /** @return GPU-hours held: each GPU's makespan, summed */
    public double gpuHours() {
        return gpus.stream().mapToDouble(g -> g.estimate().gpuHours()).sum();
    }

    /** @return the longest GPU run */
    public Duration makespan() {
        return gpus.stream().map(g -> g.estimate().makespan()).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** @return whether every model meets its SLO */
    public boolean meetsSlos() {
        return gpus.stream().allMatch(g -> g.estimate().meetsSlos());
    }

    /** @return every model's share of the run, GPU by GPU */
    public List<TenantEstimate> tenants() {
        return gpus.stream().flatMap(g -> g.estimate().tenants().stream()).toList();
    }

    /** @return the SM clocks of the GPUs, in order */
    public List<Integer> clocksMhz() {
        return gpus.stream().map(Gpu::clockMhz).toList();
    }
}
