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
 *
 * @param dedicatedOperational operational carbon of the dedicated alternative
 * @param dedicatedEmbodied    embodied carbon of the dedicated alternative
 * @param dedicatedGpuHours    GPU-hours of the dedicated alternative
 * @param operational          operational carbon of the plan (or of the GPU, for one GPU's tradeoff)
 * @param embodied             embodied carbon of the plan (or GPU)
 * @param gpuHours             GPU-hours of the plan (or GPU)
 */
public record SharingTradeoff(CarbonFigure dedicatedOperational, CarbonFigure dedicatedEmbodied,
                              double dedicatedGpuHours, CarbonFigure operational, CarbonFigure embodied,
                              double gpuHours) {

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
    public SharingTradeoff {
        Objects.requireNonNull(dedicatedOperational, "dedicatedOperational");
        Objects.requireNonNull(dedicatedEmbodied, "dedicatedEmbodied");
        Objects.requireNonNull(operational, "operational");
        Objects.requireNonNull(embodied, "embodied");
        if (!(dedicatedGpuHours >= 0) || !(gpuHours >= 0)) {
            throw new IllegalArgumentException("GPU-hours must be non-negative, got " + dedicatedGpuHours + " and "
                    + gpuHours);
        }
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
}
