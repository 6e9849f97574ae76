package dev.greenslice.samples.study;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.embodied.EmbodiedFootprint;
import dev.greenslice.carbon.intensity.EnergySource;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the co-location study computed, with the provenance of its data and every assumption.
 * Immutable.
 *
 * @param grid            what was computed
 * @param gpu             the simulated GPU type, e.g. {@code A100-PCIE-80GB}
 * @param dataProvenance  the data set's provenance line
 * @param dataReadme      the first lines of the data set's README, quoted in the report
 * @param footprint       the GPU's embodied footprint (ACT)
 * @param lifetime        the lifetime the footprint is amortised over
 * @param scenarios       one per (model set, load, energy source), in grid order
 * @param power           the co-location power estimate against the naive sum, per model set
 * @param metered         a shared run metered on the simulated GPU
 * @param planner         how the planner's choice and the baselines were computed, if they were
 * @param assumptions     every assumption behind the figures, with its source
 * @param computeTime     wall time of the computation (charts excluded)
 */
public record StudyResults(StudyGrid grid, String gpu, String dataProvenance, String dataReadme,
                           EmbodiedFootprint footprint, Duration lifetime, List<Scenario> scenarios,
                           List<PowerComparison> power, MeteredRun metered, Optional<String> planner,
                           List<Assumption> assumptions, Duration computeTime) {

    /**
     * Checks that no part is null and copies the lists.
     *
     * @param grid            what was computed
     * @param gpu             the simulated GPU type, e.g. {@code A100-PCIE-80GB}
     * @param dataProvenance  the data set's provenance line
     * @param dataReadme      the first lines of the data set's README, quoted in the report
     * @param footprint       the GPU's embodied footprint (ACT)
     * @param lifetime        the lifetime the footprint is amortised over
     * @param scenarios       one per (model set, load, energy source), in grid order
     * @param power           the co-location power estimate against the naive sum, per model set
     * @param metered         a shared run metered on the simulated GPU
     * @param planner         how the planner's choice and the baselines were computed, if they were
     * @param assumptions     every assumption behind the figures, with its source
     * @param computeTime     wall time of the computation (charts excluded)
     * @throws NullPointerException for a missing part
     */
    public StudyResults {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(dataProvenance, "dataProvenance");
        Objects.requireNonNull(dataReadme, "dataReadme");
        Objects.requireNonNull(footprint, "footprint");
        Objects.requireNonNull(lifetime, "lifetime");
        scenarios = List.copyOf(scenarios);
        power = List.copyOf(power);
        Objects.requireNonNull(metered, "metered");
        Objects.requireNonNull(planner, "planner");
        assumptions = List.copyOf(assumptions);
        Objects.requireNonNull(computeTime, "computeTime");
    }

    /**
     * One cell of the grid.
     *
     * @param set    the model set
     * @param load   the load
     * @param source the grid's energy source
     * @return the scenario of that cell, if the grid has it
     */
    public Optional<Scenario> scenario(ModelSet set, LoadPoint load, EnergySource source) {
        return scenarios.stream().filter(s -> s.set().equals(set) && s.load().equals(load) && s.source() == source)
                .findFirst();
    }

    /**
     * The scenarios of one model set.
     *
     * @param set the model set
     * @return the scenarios of one model set, in grid order
     */
    public List<Scenario> of(ModelSet set) {
        return scenarios.stream().filter(s -> s.set().equals(set)).toList();
    }
}
