package dev.greenslice.samples.study;

import dev.greenslice.carbon.intensity.EnergySource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The study's answers at a glance: one line per question a reader brings (share or not, and when; which clock, and
 * why; plan for utilization or for carbon), each computed from the results. The findings say the same at length.
 *
 * <p>Stateless and thread-safe. A question whose scenarios are not in the grid gets no line.
 */
public final class StudyVerdict {

    /**
     * One question and its answer.
     *
     * @param question the question, e.g. "Share a GPU?"
     * @param answer   one line, with the figures that decide it
     */
    public record Line(String question, String answer) {
    }

    private StudyVerdict() {
    }

    /**
     * The verdict of a run.
     *
     * @param r the study's results
     * @return at most three lines, in the order a reader asks
     */
    public static List<Line> of(StudyResults r) {
        List<Line> lines = new ArrayList<>();
        share(r).ifPresent(lines::add);
        clock(r).ifPresent(lines::add);
        planner(r).ifPresent(lines::add);
        return List.copyOf(lines);
    }

    static Optional<Line> share(StudyResults r) {
        List<Scenario> valid = r.scenarios().stream()
                .filter(x -> x.dedicated().meetsSlos() && x.shared().meetsSlos()).toList();
        if (valid.isEmpty()) {
            return Optional.empty();
        }
        List<Scenario> worse = valid.stream().filter(x -> x.sharingSavingGrams() < 0).toList();
        double median = valid.stream().mapToDouble(Scenario::sharingSavingPercent).sorted()
                .skip(valid.size() / 2).findFirst().orElse(0);
        StringBuilder a = new StringBuilder(String.format(Locale.ROOT, "Yes, in most cases: sharing cut total carbon in"
                + " %d of %d scenarios where both keep every SLO (median saving %.0f%%)", valid.size() - worse.size(),
                valid.size(), median));
        if (worse.isEmpty()) {
            a.append('.');
        } else {
            Scenario w = worse.stream().min(Comparator.comparingDouble(Scenario::sharingSavingGrams)).orElseThrow();
            List<String> loads = worse.stream().map(x -> x.load().label()).distinct().toList();
            a.append(String.format(Locale.ROOT, "; it emitted more in %d, all at %s (worst: %s on %s, %.0f%% more).",
                    worse.size(), String.join(", ", loads), w.set().name(), w.source().cliName(),
                    -w.sharingSavingPercent()));
        }
        return Optional.of(new Line("Share a GPU, or a GPU per model?", a.toString()));
    }

    static Optional<Line> clock(StudyResults r) {
        ModelSet set = r.grid().modelSets().get(0);
        Optional<Scenario> gas = r.scenario(set, LoadPoint.closedLoop(), EnergySource.GAS);
        if (gas.isEmpty() || gas.get().tuned().isEmpty()) {
            return Optional.empty();
        }
        Scenario g = gas.get();
        Configuration t = g.tuned().get();
        StringBuilder a = new StringBuilder(String.format(Locale.ROOT, "%d MHz for %s at peak on gas, %.2fx less carbon"
                        + " than at %d MHz", t.clocksMhz().get(0), set.name(), g.shared().totalGrams() / t.totalGrams(),
                g.shared().clocksMhz().get(0)));
        Optional<Scenario> wind = r.scenario(set, LoadPoint.closedLoop(), EnergySource.WIND);
        if (wind.isPresent() && wind.get().tuned().isPresent()) {
            Scenario w = wind.get();
            double embodied = w.shared().embodied().value().grams() / w.shared().gpuHours();
            double operational = w.shared().operational().value().grams() / w.shared().gpuHours();
            int cw = w.tuned().get().clocksMhz().get(0);
            a.append(String.format(Locale.ROOT, "; on wind %s %d MHz, because embodied carbon (%.2f g/GPU-hour) %s"
                            + " operational (%.2f g)", cw == t.clocksMhz().get(0) ? "still" : "instead", cw, embodied,
                    embodied < operational ? "stays below" : "outweighs", operational));
        }
        return Optional.of(new Line("Which clock for the shared GPU, and why?", a.append('.').toString()));
    }

    static Optional<Line> planner(StudyResults r) {
        int both = 0;
        int worse = 0;
        double worst = 0;
        int comparisons = 0;
        int beaten = 0;
        for (Scenario s : r.scenarios()) {
            Optional<Double> carbon = s.plan("carbon", false).flatMap(PlanOutcome::totalGrams);
            if (carbon.isEmpty()) {
                continue;
            }
            for (PlanOutcome p : s.plans()) {
                if (!p.tunedClocks() && !p.planner().equals("carbon") && p.totalGrams().isPresent()) {
                    comparisons++;
                    if (p.totalGrams().get() < carbon.get() * (1 - 1e-9)) {
                        beaten++;
                    }
                }
            }
            Optional<Double> util = s.plan("utilization", false).flatMap(PlanOutcome::totalGrams);
            if (util.isPresent()) {
                both++;
                if (util.get() > carbon.get() * (1 + 1e-9)) {
                    worse++;
                    worst = Math.max(worst, 100 * (util.get() / carbon.get() - 1));
                }
            }
        }
        if (both == 0) {
            return Optional.empty();
        }
        return Optional.of(new Line("Pack for utilization, or plan for carbon?", String.format(Locale.ROOT,
                "Plan for carbon: packing for utilization emitted more in %d of %d scenarios (up to %.0f%% more); the"
                        + " carbon planner was %s.", worse, both, worst, beaten == 0
                        ? "never beaten by a baseline (" + comparisons + " comparisons)"
                        : "beaten in " + beaten + " of " + comparisons + " comparisons")));
    }
}
