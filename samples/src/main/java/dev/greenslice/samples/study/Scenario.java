package dev.greenslice.samples.study;

import dev.greenslice.carbon.intensity.EnergySource;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One cell of the study: a model set under one load on one grid, deployed a GPU per model and shared on
 * MIG, with the shared GPU's carbon-versus-clock curve and its tuned clock. Immutable.
 *
 * @param set       the model set
 * @param load      the load
 * @param source    the grid's energy source
 * @param dedicated one GPU per model, MIG off, at the highest clock
 * @param shared    all models on one GPU at the study's fixed sizing (4g+3g, or 3g+2g+2g), at the highest clock
 * @param curve     the shared GPU's carbon at every supported clock
 * @param tuned     the shared GPU at the lowest-carbon clock that keeps every SLO, if any clock does
 * @param plans     the carbon planner's choice and the study's baselines, each the same request's plan
 */
public record Scenario(ModelSet set, LoadPoint load, EnergySource source, Configuration dedicated,
                       Configuration shared, ClockCurve curve, Optional<Configuration> tuned, List<PlanOutcome> plans) {

    /**
     * Checks that no part is null and copies the plans.
     *
     * @param set       the model set
     * @param load      the load
     * @param source    the grid's energy source
     * @param dedicated one GPU per model, MIG off, at the highest clock
     * @param shared    all models on one GPU at the study's fixed sizing (4g+3g, or 3g+2g+2g), at the highest clock
     * @param curve     the shared GPU's carbon at every supported clock
     * @param tuned     the shared GPU at the lowest-carbon clock that keeps every SLO, if any clock does
     * @param plans     the carbon planner's choice and the study's baselines, each the same request's plan
     * @throws NullPointerException for a missing part
     */
    public Scenario {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dedicated, "dedicated");
        Objects.requireNonNull(shared, "shared");
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(tuned, "tuned");
        plans = List.copyOf(plans);
    }

    /** @return dedicated minus shared total carbon, in grams: positive where sharing saves */
    public double sharingSavingGrams() {
        return dedicated.totalGrams() - shared.totalGrams();
    }

    /**
     * One planner's outcome.
     *
     * @param name        the planner's name, e.g. {@code "carbon"}
     * @param tunedClocks whether the planner could choose each GPU's clock
     * @return the outcome of the planner named {@code name} with or without clock tuning, if it ran
     */
    public Optional<PlanOutcome> plan(String name, boolean tunedClocks) {
        return plans.stream().filter(p -> p.planner().equals(name) && p.tunedClocks() == tunedClocks).findFirst();
    }

    /** @return {@link #sharingSavingGrams()} as a share of the dedicated total, in percent */
    public double sharingSavingPercent() {
        return 100 * sharingSavingGrams() / dedicated.totalGrams();
    }
}
