package dev.greenslice.samples.study;

import dev.greenslice.carbon.intensity.EnergySource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The study's findings in plain words, derived from its computed results: each sentence quotes figures
 * of the run and says what they show, including where they do not show what the study expected.
 *
 * <p>Stateless and thread-safe. A finding whose scenarios are not in the grid is left out.
 */
public final class StudyFindings {

    private StudyFindings() {
    }

    /**
     * The study's main findings, in words.
     *
     * @param r the study's results
     * @return at most four findings, most important first: sharing by load and grid, output size, the planner
     *         against utilization-first packing, the tuned clock; the power estimate stands in for any of them
     *         whose scenarios are not in the grid
     */
    public static List<String> derive(StudyResults r) {
        List<String> out = new ArrayList<>();
        for (Optional<String> f : List.of(loadAndGrid(r), outputSize(r), planner(r), clock(r), power(r))) {
            if (f.isPresent() && out.size() < 4) {
                out.add(f.get());
            }
        }
        return out;
    }

    /** The carbon planner against utilization-first packing and the other baselines, over every scenario. */
    static Optional<String> planner(StudyResults r) {
        int both = 0;
        int worse = 0;
        Scenario worst = null;
        double worstGap = 0;
        int comparisons = 0;
        int beaten = 0;
        double tunedCut = 0;
        int tunedCount = 0;
        for (Scenario s : r.scenarios()) {
            Optional<Double> carbon = s.plan("carbon", false).flatMap(PlanOutcome::totalGrams);
            Optional<Double> util = s.plan("utilization", false).flatMap(PlanOutcome::totalGrams);
            if (carbon.isEmpty()) {
                continue;
            }
            for (PlanOutcome p : s.plans()) {
                if (!p.tunedClocks() && !p.planner().equals("carbon") && p.totalGrams().isPresent()) {
                    comparisons++;
                    if (p.totalGrams().get() < carbon.get() - 1e-9 * carbon.get()) {
                        beaten++;
                    }
                }
            }
            Optional<Double> tuned = s.plan("carbon", true).flatMap(PlanOutcome::totalGrams);
            if (tuned.isPresent()) {
                tunedCut += 100 * (1 - tuned.get() / carbon.get());
                tunedCount++;
            }
            if (util.isPresent()) {
                both++;
                double gap = util.get() - carbon.get();
                if (gap > 1e-9 * carbon.get()) {
                    worse++;
                    if (worst == null || gap / util.get() > worstGap) {
                        worst = s;
                        worstGap = gap / util.get();
                    }
                }
            }
        }
        if (both == 0) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder();
        if (worst == null) {
            b.append(String.format(Locale.ROOT, "Utilization-first packing matched the carbon planner in all %d scenarios"
                    + " where both found a plan", both));
        } else {
            PlanOutcome u = worst.plan("utilization", false).orElseThrow();
            PlanOutcome c = worst.plan("carbon", false).orElseThrow();
            b.append(String.format(Locale.ROOT, "Higher utilization is not lower carbon: in %d of %d scenarios, packing"
                            + " each model on its smallest SLO-keeping instance onto the fewest GPUs emits more than the"
                            + " carbon planner's plan at the same clock, by up to %s (%s) for %s at %s on %s, where"
                            + " utilization-first packs %s and the planner chooses %s", worse, both,
                    grams(u.totalGrams().orElseThrow() - c.totalGrams().orElseThrow()), pct(100 * worstGap),
                    worst.set().name(), worst.load().label(), worst.source().cliName(), u.layout(), c.layout()));
        }
        b.append(beaten == 0
                ? String.format(Locale.ROOT, ". The carbon planner was never beaten by a baseline (%d comparisons)", comparisons)
                : String.format(Locale.ROOT, ". A baseline beat the carbon planner in %d of %d comparisons", beaten, comparisons));
        if (tunedCount > 0) {
            b.append(String.format(Locale.ROOT, "; letting it tune each GPU's clock cut its carbon by %.1f%% on average",
                    tunedCut / tunedCount));
        }
        return Optional.of(b.append('.').toString());
    }

    /** Sharing against dedicated GPUs at low load on a clean grid and at peak on a dirty one, and across the grid. */
    static Optional<String> loadAndGrid(StudyResults r) {
        ModelSet set = r.grid().modelSets().get(0);
        Optional<Scenario> low = lowest(r, set, EnergySource.WIND);
        Optional<Scenario> peak = r.scenario(set, LoadPoint.closedLoop(), EnergySource.COAL);
        if (low.isEmpty() || peak.isEmpty()) {
            return Optional.empty();
        }
        Scenario l = low.get();
        Scenario p = peak.get();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "At %s load on %s, sharing %s on %s %s %s (%s) against %d GPUs%s; at peak"
                        + " load on %s it %s %s (%s)%s.",
                l.load().isClosedLoop() ? "peak" : percent(l.load().loadShare()), l.source().cliName(), set.name(),
                sizes(l.shared()), l.sharingSavingGrams() >= 0 ? "saves" : "costs", grams(Math.abs(l.sharingSavingGrams())),
                pct(Math.abs(l.sharingSavingPercent())), l.dedicated().gpus().size(), sloNote(l),
                p.source().cliName(), p.sharingSavingGrams() >= 0 ? "still saves" : "costs", grams(Math.abs(p.sharingSavingGrams())),
                pct(Math.abs(p.sharingSavingPercent())) + (p.sharingSavingGrams() >= 0 ? "" : " more"), sloNote(p)));
        List<Scenario> valid = r.scenarios().stream().filter(x -> x.dedicated().meetsSlos() && x.shared().meetsSlos()).toList();
        List<Scenario> worse = valid.stream().filter(x -> x.sharingSavingGrams() < 0).toList();
        s.append(String.format(Locale.ROOT, " Across the %d scenarios where both keep every SLO, sharing at the study's"
                + " fixed sizing cut total carbon in %d", valid.size(), valid.size() - worse.size()));
        if (worse.isEmpty()) {
            s.append(" of them: no scenario in this grid shows sharing raising emissions at an SLO-keeping load.");
        } else {
            Scenario w = worse.stream().min(Comparator.comparingDouble(Scenario::sharingSavingGrams)).orElseThrow();
            s.append(String.format(Locale.ROOT, " and raised it in %d, all at %s; the worst: %s at %s on %s, %s (%s) more.",
                    worse.size(), describeSets(worse), w.set().name(), w.load().label(), w.source().cliName(),
                    grams(-w.sharingSavingGrams()), pct(-w.sharingSavingPercent())));
        }
        long sloMisses = r.scenarios().stream().filter(x -> x.dedicated().meetsSlos() && !x.shared().meetsSlos()
                && x.sharingSavingGrams() > 0).count();
        if (sloMisses > 0) {
            s.append(String.format(Locale.ROOT, " In %d more, sharing would cut carbon only by missing an SLO that"
                    + " dedicated GPUs keep (high Poisson load on smaller instances).", sloMisses));
        }
        return Optional.of(s.toString());
    }

    /** The two image-generation resolutions paired with the same partner, at peak on coal and at low load on wind. */
    static Optional<String> outputSize(StudyResults r) {
        Optional<ModelSet> small = r.grid().modelSets().stream().filter(s -> s.contains("diffusion_256_256")
                && s.members().size() == 2).findFirst();
        if (small.isEmpty()) {
            return Optional.empty();
        }
        String partner = small.get().members().stream().map(ModelSet.Member::model)
                .filter(m -> !m.equals("diffusion_256_256")).findFirst().orElseThrow();
        Optional<ModelSet> large = r.grid().modelSets().stream().filter(s -> s.contains("diffusion_1024_1024")
                && s.contains(partner) && s.members().size() == 2).findFirst();
        if (large.isEmpty()) {
            return Optional.empty();
        }
        Optional<Scenario> sp = r.scenario(small.get(), LoadPoint.closedLoop(), EnergySource.COAL);
        Optional<Scenario> lp = r.scenario(large.get(), LoadPoint.closedLoop(), EnergySource.COAL);
        Optional<Scenario> lw = r.scenario(large.get(), LoadPoint.closedLoop(), EnergySource.WIND);
        if (sp.isEmpty() || lp.isEmpty()) {
            return Optional.empty();
        }
        Scenario a = sp.get();
        Scenario b = lp.get();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Output size changes the answer: at peak on coal, sharing image generation at 256² with %s %s %s of the"
                        + " dedicated carbon, at 1024² it %s %s (%s)", partner, verb(a), pct(Math.abs(a.sharingSavingPercent())),
                verb(b), pct(Math.abs(b.sharingSavingPercent())), grams(Math.abs(b.sharingSavingGrams()))));
        s.append(String.format(Locale.ROOT, ": on its %s instance a 1024² image takes %.0f J of dynamic energy against"
                        + " %.0f J on the whole GPU (%s), while a 256² image on %s takes %.0f J against %.0f J (%s)",
                instanceOf(b, "diffusion_1024_1024"), joulesPerRequest(b, "diffusion_1024_1024", true),
                joulesPerRequest(b, "diffusion_1024_1024", false), change(joulesPerRequest(b, "diffusion_1024_1024", true),
                        joulesPerRequest(b, "diffusion_1024_1024", false)),
                instanceOf(a, "diffusion_256_256"), joulesPerRequest(a, "diffusion_256_256", true),
                joulesPerRequest(a, "diffusion_256_256", false), change(joulesPerRequest(a, "diffusion_256_256", true),
                        joulesPerRequest(a, "diffusion_256_256", false))));
        if (lw.isPresent()) {
            Scenario w = lw.get();
            double energyChange = 100 * (w.shared().energy().joules() / w.dedicated().energy().joules() - 1);
            if (w.sharingSavingGrams() >= 0 && energyChange > 0) {
                s.append(String.format(Locale.ROOT, "; on wind the same 1024² pair saves %s although it uses %s more"
                                + " energy: holding %.2f GPU-hours instead of %.2f cuts embodied carbon, which weighs more"
                                + " where energy is clean", pct(w.sharingSavingPercent()), pct(energyChange),
                        w.shared().gpuHours(), w.dedicated().gpuHours()));
            } else {
                s.append(String.format(Locale.ROOT, "; on wind the same 1024² pair %s %s", verb(w),
                        pct(Math.abs(w.sharingSavingPercent()))));
            }
        }
        return Optional.of(s.append('.').toString());
    }

    /** The tuned clock of the headline set at peak on gas and its savings; whether the best clock moves with the grid. */
    static Optional<String> clock(StudyResults r) {
        ModelSet set = r.grid().modelSets().get(0);
        Optional<Scenario> gas = r.scenario(set, LoadPoint.closedLoop(), EnergySource.GAS);
        if (gas.isEmpty()) {
            return Optional.empty();
        }
        Scenario g = gas.get();
        if (g.tuned().isEmpty()) {
            return Optional.of(String.format(Locale.ROOT, "No clock of the shared %s GPU keeps every SLO at peak on gas,"
                    + " so the study could not tune it.", set.name()));
        }
        Configuration t = g.tuned().get();
        double full = g.shared().totalGrams();
        double ded = g.dedicated().totalGrams();
        double tuned = t.totalGrams();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Lowering the shared GPU's clock is the second"
                        + " lever: for %s at peak on gas the lowest-carbon clock that keeps both SLOs is %d MHz, %s instead of"
                        + " %s at %d MHz (%.2fx less) and %s on dedicated GPUs (%.2fx less)", set.name(), t.clocksMhz().get(0),
                grams(tuned), grams(full), g.shared().clocksMhz().get(0), full / tuned, grams(ded), ded / tuned));
        Optional<Scenario> wind = r.scenario(set, LoadPoint.closedLoop(), EnergySource.WIND);
        if (wind.isPresent() && wind.get().tuned().isPresent()) {
            Scenario w = wind.get();
            int cw = w.tuned().get().clocksMhz().get(0);
            double embodiedPerHour = w.shared().embodied().value().grams() / w.shared().gpuHours();
            double operationalPerHour = w.shared().operational().value().grams() / w.shared().gpuHours();
            if (cw == t.clocksMhz().get(0)) {
                s.append(String.format(Locale.ROOT, ". On wind the best clock stays at %d MHz: with the ACT footprint of the"
                        + " die and memory (%s over %.0f years), embodied carbon is %.2f g per GPU-hour, below the %.2f g of"
                        + " operational carbon even on wind, so energy still decides", cw,
                        kg(r.footprint().carbon().value().grams()), r.lifetime().toHours() / 8760.0, embodiedPerHour,
                        operationalPerHour));
            } else {
                s.append(String.format(Locale.ROOT, ". On wind the best clock moves to %d MHz: embodied carbon (%.2f g per"
                        + " GPU-hour against %.2f g operational) rewards finishing sooner", cw, embodiedPerHour, operationalPerHour));
            }
        }
        return Optional.of(s.append('.').toString());
    }

    /** The co-location power estimate against the naive sum, at the highest clock, across the model sets. */
    static Optional<String> power(StudyResults r) {
        if (r.power().isEmpty()) {
            return Optional.empty();
        }
        PowerComparison lo = r.power().stream().min(Comparator.comparingDouble(p -> p.atMaxClock().naiveOverBest())).orElseThrow();
        PowerComparison hi = r.power().stream().max(Comparator.comparingDouble(p -> p.atMaxClock().naiveOverBest())).orElseThrow();
        PowerComparison.Row h = hi.atMaxClock();
        return Optional.of(String.format(Locale.ROOT, "The naive sum of isolated powers overstates a shared GPU's power"
                        + " %.2f-%.2fx at %d MHz (%s: %.0f W summed against %.0f W estimated), because it counts the"
                        + " board's %.0f W baseline once per model; the data set holds isolated runs only, so the"
                        + " co-located estimate itself is the library's model, not a measurement.",
                lo.atMaxClock().naiveOverBest(), h.naiveOverBest(), h.clockMhz(), hi.set().name(), h.additiveWatts(),
                h.decomposedWatts(), (h.additiveWatts() - h.summedAuxiliaryWatts()) / (hi.placements().size() - 1)));
    }

    private static Optional<Scenario> lowest(StudyResults r, ModelSet set, EnergySource source) {
        return r.grid().loads().stream().filter(l -> !l.isClosedLoop()).min(Comparator.comparingDouble(LoadPoint::loadShare))
                .flatMap(l -> r.scenario(set, l, source));
    }

    private static String describeSets(List<Scenario> worse) {
        String loads = String.join(", ", worse.stream().map(w -> w.load().label()).distinct().toList());
        List<String> sets = worse.stream().map(w -> w.set().name()).distinct().toList();
        return loads + " for " + String.join(" and ", sets);
    }

    /** Dynamic energy per request of {@code model} on its shared instance or its dedicated GPU, from the profile. */
    private static double joulesPerRequest(Scenario s, String model, boolean shared) {
        Configuration c = shared ? s.shared() : s.dedicated();
        var t = c.tenants().stream().filter(x -> x.tenant().demand().model().equals(model)).findFirst().orElseThrow();
        var p = dev.greenslice.estimators.profile.EnerTuneA100.profiles().profile(model).require(
                t.tenant().placement().batchSize(), t.tenant().placement().slices(), t.serving().clockMhz());
        return p.dynamicPower().watts() * p.batchIntervalMs() / 1000 / p.batchSize();
    }

    private static String change(double now, double before) {
        double c = 100 * (now / before - 1);
        return String.format(Locale.ROOT, "%+.0f%%", c);
    }

    private static String instanceOf(Scenario s, String model) {
        return s.shared().tenants().stream().filter(t -> t.tenant().demand().model().equals(model))
                .map(t -> t.tenant().placement().slices() + "g").findFirst().orElseThrow();
    }

    private static String verb(Scenario s) {
        return s.sharingSavingGrams() >= 0 ? "saves" : "costs";
    }

    private static String sizes(Configuration c) {
        return c.tenants().stream().map(t -> t.tenant().placement().slices() + "g").reduce((a, b) -> a + "+" + b).orElse("");
    }

    private static String sloNote(Scenario s) {
        if (!s.shared().meetsSlos() && s.dedicated().meetsSlos()) {
            return " (but the shared GPU misses an SLO there)";
        }
        if (!s.dedicated().meetsSlos()) {
            return " (both miss an SLO there)";
        }
        return "";
    }

    static String grams(double g) {
        return g >= 1000 ? String.format(Locale.ROOT, "%.2f kg", g / 1000) : g >= 100
                ? String.format(Locale.ROOT, "%.0f g", g) : String.format(Locale.ROOT, "%.1f g", g);
    }

    static String kg(double g) {
        return String.format(Locale.ROOT, "%.1f kg", g / 1000);
    }

    static String pct(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
