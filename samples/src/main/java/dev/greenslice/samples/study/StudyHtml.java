package dev.greenslice.samples.study;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.estimators.deployment.TenantEstimate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code index.html}: the findings, the tables and the charts of the study, with provenance and assumptions. */
final class StudyHtml {

    private final StringBuilder h = new StringBuilder();

    private StudyHtml() {
    }

    static String render(StudyResults r, List<String> findings, List<StudyCharts.ChartFile> charts,
                         Optional<SelfMetering> self) {
        return new StudyHtml().page(r, findings, charts, self);
    }

    private String page(StudyResults r, List<String> findings, List<StudyCharts.ChartFile> charts,
                        Optional<SelfMetering> self) {
        ModelSet head = r.grid().modelSets().get(0);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>GreenSlice co-location study</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:0.9em}th,td{border:1px solid #bbb;padding:3px 6px;")
                .append("text-align:right}th{background:#eee}td.l,th.l{text-align:left}.miss{color:#b00}.win{color:#070}")
                .append(".lose{color:#b00}img{max-width:100%;border:1px solid #ddd}figcaption{font-size:0.9em;color:#444}")
                .append("code{background:#f4f4f4}</style></head><body>\n");
        h.append("<h1>Co-location study on the simulated ").append(esc(r.gpu())).append("</h1>\n");
        p("Is sharing a GPU on MIG lower carbon than a GPU per model? It depends on which models share, the load, the"
                + " grid's carbon intensity and the models' output sizes. Every figure below was computed by GreenSlice from"
                + " measured isolated profiles; none is typed in. All figures: <code>summary.json</code>.");
        h.append("<section id=\"verdict\"><h2>Verdict</h2>\n<ul>");
        for (StudyVerdict.Line line : StudyVerdict.of(r)) {
            h.append("<li><b>").append(esc(line.question())).append("</b> ").append(esc(line.answer())).append("</li>\n");
        }
        h.append("</ul></section>\n");

        h.append("<h2>Charts</h2>\n");
        for (StudyCharts.ChartFile c : charts) {
            figure(charts, c.file());
        }

        h.append("<h2>Findings in detail</h2>\n<ol>");
        findings.forEach(f -> h.append("<li>").append(esc(f)).append("</li>\n"));
        h.append("</ol>\n");

        h.append("<h2>Sharing on MIG against a GPU per model</h2>\n");
        p("Each cell: total carbon of a GPU per model → shared at the study's fixed sizing, and the saving (negative:"
                + " sharing emits more). <span class=miss>✗</span> marks a deployment that misses an SLO.");
        for (ModelSet set : r.grid().modelSets()) {
            savingTable(r, set);
        }

        planners(r, head);

        h.append("<h2>The tuned clock</h2>\n");
        p("Tuned clock: the lowest-carbon SM clock of the shared GPU at which every model keeps its SLO; savings against"
                + " the shared GPU at the highest clock and against dedicated GPUs at the highest clock.");
        h.append("<table><tr><th class=l>model set</th><th class=l>load</th><th class=l>grid</th><th>tuned MHz</th>"
                + "<th>tuned g</th><th>shared @max g</th><th>saving vs shared</th><th>dedicated g</th><th>saving vs dedicated</th></tr>\n");
        for (Scenario s : r.scenarios()) {
            if (s.tuned().isEmpty()) {
                continue;
            }
            Configuration t = s.tuned().get();
            h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td class=l>%s</td><td class=l>%s</td><td>%d</td>"
                            + "<td>%.1f</td><td>%.1f</td><td>%.2fx</td><td>%.1f</td><td>%.2fx</td></tr>%n", esc(s.set().name()),
                    esc(s.load().label()), s.source().cliName(), t.clocksMhz().get(0), t.totalGrams(), s.shared().totalGrams(),
                    s.shared().totalGrams() / t.totalGrams(), s.dedicated().totalGrams(), s.dedicated().totalGrams() / t.totalGrams()));
        }
        h.append("</table>\n");

        h.append("<h2>Co-location power estimate against the naive sum</h2>\n");
        StudyFindings.power(r).ifPresent(t -> p(esc(t)));
        h.append("<table><tr><th class=l>model set</th><th class=l>instances</th><th>clock MHz</th><th>naive sum W</th>"
                + "<th>study's decomposition W</th><th>library's estimate W</th><th>naive / estimate</th></tr>\n");
        for (PowerComparison p : r.power()) {
            PowerComparison.Row row = p.atMaxClock();
            h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td class=l>%s</td><td>%d</td><td>%.1f</td><td>%.1f</td>"
                            + "<td>%.1f</td><td>%.2f</td></tr>%n", esc(p.set().name()), esc(p.placements().stream()
                            .map(x -> x.model() + " " + x.slices() + "g").reduce((a, b) -> a + ", " + b).orElse("")),
                    row.clockMhz(), row.additiveWatts(), row.summedAuxiliaryWatts(), row.decomposedWatts(), row.naiveOverBest()));
        }
        h.append("</table>\n");

        h.append("<h2>Latency against the SLO</h2>\n");
        latencyTable(r, head);

        h.append("<h2>A shared run metered on the simulated GPU</h2>\n");
        MeteredRun m = r.metered();
        CarbonReport mr = m.metered();
        p(esc(m.set().name()) + " on " + esc(m.layout()) + " at " + m.clockMhz() + " MHz, closed loop, metered by a"
                + " <code>CarbonMeter</code> over a <code>GpuDeviceSensor</code> on the simulated A100 in simulated time"
                + " (<code>MockClock</code>), next to the deployment model's prediction of the same run. The simulated GPU"
                + " draws power by its own ground-truth law (<code>CoLocationLaw</code>: auxiliary power partly shared as a"
                + " concave sum, per-model interference), deliberately not the estimator's rule: the gap between the two"
                + " rows is the estimator's error against that law, not a measurement of its error on real hardware.");
        h.append("<table><tr><th class=l></th><th>duration s</th><th>energy kJ</th><th>operational g</th><th>embodied g</th><th>total g</th></tr>\n");
        h.append(String.format(Locale.ROOT, "<tr><td class=l>metered</td><td>%.1f</td><td>%.1f</td><td>%.2f</td><td>%.3f</td><td>%.2f</td></tr>%n",
                StudySummary.seconds(mr.duration()), mr.totalEnergy().joules() / 1000,
                mr.operational().map(c -> c.value().grams()).orElse(Double.NaN),
                mr.embodiedTotal().map(c -> c.value().grams()).orElse(Double.NaN),
                mr.total().map(c -> c.value().grams()).orElse(Double.NaN)));
        h.append(String.format(Locale.ROOT, "<tr><td class=l>predicted</td><td>%.1f</td><td>%.1f</td><td>%.2f</td><td>%.3f</td><td>%.2f</td></tr>%n",
                StudySummary.seconds(m.predicted().makespan()), m.predicted().energy().joules() / 1000,
                m.predicted().operational().value().grams(), m.predicted().embodied().value().grams(),
                m.predicted().total().value().grams()));
        h.append("</table>\n");

        paperComparison(r);

        h.append("<h2>What this study itself emitted</h2>\n");
        if (self.isPresent()) {
            SelfMetering s = self.get();
            CarbonReport sr = s.report();
            p(String.format(Locale.ROOT, "Computing the study and drawing its charts took %.1f s and %.1f J of CPU energy,"
                            + " %s on %s. Sensor: %s.", StudySummary.seconds(sr.duration()), sr.totalEnergy().joules(),
                    sr.operational().map(c -> String.format(Locale.ROOT, "%.4f gCO2e", c.value().grams())).orElse("no carbon figure"),
                    sr.intensity().map(i -> esc(i.toString())).orElse("no intensity"), esc(s.sensor())));
            if (!s.notes().isEmpty() || !sr.warnings().isEmpty()) {
                h.append("<ul>");
                s.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
                sr.warnings().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
                h.append("</ul>\n");
            }
        } else {
            p("Not metered.");
        }
        h.append("<h2 id=\"assumptions\">Data and assumptions</h2>\n");
        p("<b>Data:</b> " + esc(r.dataProvenance()) + ".");
        h.append("<blockquote><pre>").append(esc(r.dataReadme())).append("</pre></blockquote>\n");
        h.append("<table><tr><th class=l>energy source</th><th>gCO2e/kWh</th><th>low</th><th>high</th><th class=l>source</th></tr>\n");
        for (EnergySource s : r.grid().sources()) {
            h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%.0f</td><td>%.0f</td><td>%.0f</td><td class=l>%s</td></tr>%n",
                    s.cliName(), s.factor().value().gramsPerKwh(), s.factor().low().gramsPerKwh(),
                    s.factor().high().gramsPerKwh(), esc(s.factor().source())));
        }
        h.append("</table>\n");
        h.append("<table><tr><th class=l>assumption</th><th class=l>value</th><th class=l>source</th></tr>\n");
        for (Assumption a : r.assumptions()) {
            h.append("<tr><td class=l>").append(esc(a.name())).append("</td><td class=l>").append(esc(a.value()))
                    .append("</td><td class=l>").append(esc(a.source())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        p(String.format(Locale.ROOT, "Computation: %.1f s. Generated by <code>greenslice study</code>.",
                StudySummary.seconds(r.computeTime())));
        h.append("</body></html>\n");
        return h.toString();
    }

    private void savingTable(StudyResults r, ModelSet set) {
        h.append("<h3>").append(esc(set.name())).append(" <small>(").append(esc(set.kind())).append(")</small></h3>\n");
        h.append("<table><tr><th class=l>load</th>");
        r.grid().sources().forEach(s -> h.append("<th>").append(s.cliName()).append("</th>"));
        h.append("</tr>\n");
        for (LoadPoint l : r.grid().loads()) {
            h.append("<tr><td class=l>").append(esc(l.label())).append("</td>");
            for (EnergySource src : r.grid().sources()) {
                Scenario s = r.scenario(set, l, src).orElseThrow();
                h.append(String.format(Locale.ROOT, "<td>%.1f%s → %.1f%s g <span class=%s>%+.1f%%</span></td>",
                        s.dedicated().totalGrams(), mark(s.dedicated()), s.shared().totalGrams(), mark(s.shared()),
                        s.sharingSavingGrams() >= 0 ? "win" : "lose", s.sharingSavingPercent()));
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private void planners(StudyResults r, ModelSet head) {
        h.append("<h2>The planner's choice and the baselines</h2>\n");
        p("Every planner gets the same request (the models' demands, the A100-80GB, the grid, ACT embodied carbon) and the"
                + " same models of power, latency and carbon. <b>carbon</b>: the carbon planner (exact over set"
                + " partitions, valid MIG layouts and, where allowed, clocks); the baselines at the highest clock:"
                + " <b>dedicated</b> (a GPU per model), <b>fixed-sizing</b> (the study's 4g+3g / 3g+2g+2g) and"
                + " <b>utilization</b> (each model on its smallest SLO-keeping instance, fewest GPUs). A dash: the planner"
                + " finds no plan keeping every SLO.");
        h.append("<h3>").append(esc(head.name())).append("</h3>\n");
        h.append("<table><tr><th class=l>load</th><th class=l>grid</th><th class=l>carbon planner, tuned clocks</th><th>g</th>"
                + "<th class=l>carbon planner, highest clock</th><th>g</th><th>dedicated g</th><th>fixed-sizing g</th>"
                + "<th class=l>utilization-first</th><th>g</th></tr>\n");
        for (Scenario s : r.of(head)) {
            h.append("<tr><td class=l>").append(esc(s.load().label())).append("</td><td class=l>").append(s.source().cliName())
                    .append("</td>");
            cellWithLayout(s.plan("carbon", true));
            cellWithLayout(s.plan("carbon", false));
            cell(s.plan("dedicated", false));
            cell(s.plan("fixed-sizing", false));
            cellWithLayout(s.plan("utilization", false));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        h.append("<h3>Every model set</h3>\n<table><tr><th class=l>model set</th><th>scenarios planned</th>"
                + "<th>shares one GPU</th><th>a GPU per model</th><th>other</th><th>mean saving vs best baseline</th>"
                + "<th>mean saving vs utilization-first</th></tr>\n");
        for (ModelSet set : r.grid().modelSets()) {
            int planned = 0;
            int one = 0;
            int each = 0;
            double vsBest = 0;
            int nBest = 0;
            double vsUtil = 0;
            int nUtil = 0;
            for (Scenario s : r.of(set)) {
                Optional<PlanOutcome> c = s.plan("carbon", false).filter(x -> x.plan().isPresent());
                if (c.isEmpty()) {
                    continue;
                }
                planned++;
                int gpus = c.get().plan().orElseThrow().gpuCount();
                if (gpus == 1) {
                    one++;
                } else if (gpus == set.members().size()) {
                    each++;
                }
                double cg = c.get().totalGrams().orElseThrow();
                Optional<Double> best = s.plans().stream().filter(x -> !x.tunedClocks() && !x.planner().equals("carbon"))
                        .flatMap(x -> x.totalGrams().stream()).min(Double::compare);
                if (best.isPresent()) {
                    vsBest += 100 * (1 - cg / best.get());
                    nBest++;
                }
                Optional<Double> util = s.plan("utilization", false).flatMap(PlanOutcome::totalGrams);
                if (util.isPresent()) {
                    vsUtil += 100 * (1 - cg / util.get());
                    nUtil++;
                }
            }
            h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
                            + "<td>%s</td><td>%s</td></tr>%n", esc(set.name()), planned, one, each, planned - one - each,
                    nBest == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", vsBest / nBest),
                    nUtil == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", vsUtil / nUtil)));
        }
        h.append("</table>\n");
    }

    private void cell(Optional<PlanOutcome> o) {
        if (o.isEmpty() || o.get().plan().isEmpty()) {
            h.append("<td title=\"").append(esc(o.flatMap(PlanOutcome::infeasible).orElse("not run"))).append("\">–</td>");
        } else {
            h.append(String.format(Locale.ROOT, "<td>%.1f</td>", o.get().totalGrams().orElseThrow()));
        }
    }

    private void cellWithLayout(Optional<PlanOutcome> o) {
        if (o.isEmpty() || o.get().plan().isEmpty()) {
            h.append("<td class=l>–</td>");
        } else {
            h.append("<td class=l>").append(esc(o.get().layout())).append("</td>");
        }
        cell(o);
    }

    private void latencyTable(StudyResults r, ModelSet set) {
        EnergySource src = r.grid().sources().get(0);
        h.append("<table><tr><th class=l>load</th><th class=l>model</th><th>SLO ms</th><th>dedicated ms</th><th>shared ms</th>"
                + "<th>shared instance</th><th>shared utilisation</th></tr>\n");
        for (LoadPoint l : r.grid().loads()) {
            Scenario s = r.scenario(set, l, src).orElseThrow();
            for (ModelSet.Member m : set.members()) {
                TenantEstimate d = tenant(s.dedicated(), m.model());
                TenantEstimate sh = tenant(s.shared(), m.model());
                h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td class=l>%s</td><td>%.0f</td><td%s>%.0f</td>"
                                + "<td%s>%.0f</td><td>%dg</td><td>%.2f</td></tr>%n", esc(l.label()), esc(m.model()),
                        d.serving().sloMs(), d.serving().meetsSlo() ? "" : " class=miss", d.serving().meanLatencyMs(),
                        sh.serving().meetsSlo() ? "" : " class=miss", sh.serving().meanLatencyMs(),
                        sh.tenant().placement().slices(), sh.serving().utilization()));
            }
        }
        h.append("</table>\n");
    }

    private static TenantEstimate tenant(Configuration c, String model) {
        return c.tenants().stream().filter(t -> t.tenant().demand().model().equals(model)).findFirst().orElseThrow();
    }

    private static String mark(Configuration c) {
        return c.meetsSlos() ? "" : "<span class=miss>✗</span>";
    }

    private void figure(List<StudyCharts.ChartFile> charts, String file) {
        charts.stream().filter(c -> c.file().equals(file)).findFirst().ifPresent(c -> h.append("<figure><img src=\"")
                .append(esc(c.file())).append("\" alt=\"").append(esc(c.title())).append("\"><figcaption>")
                .append(esc(c.caption())).append("</figcaption></figure>\n"));
    }

    private void paperComparison(StudyResults r) {
        List<PaperComparison.Row> rows = PaperComparison.rows(r);
        if (rows.isEmpty()) {
            return;
        }
        h.append("<h2 id=\"paper\">Against the paper it reproduces</h2>\n");
        p("The paper's headline figures beside this study's under the same conditions, and why they differ.");
        h.append("<table><tr><th class=l>figure</th><th class=l>paper</th><th class=l>this study</th>"
                + "<th class=l>conditions</th><th class=l>why they differ</th></tr>\n");
        for (PaperComparison.Row row : rows) {
            h.append("<tr><td class=l>").append(esc(row.figure())).append("</td><td class=l>").append(esc(row.paper()))
                    .append("</td><td class=l>").append(esc(row.study())).append("</td><td class=l>")
                    .append(esc(row.conditions())).append("</td><td class=l>").append(esc(row.reason()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private void p(String html) {
        h.append("<p>").append(html).append("</p>\n");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
