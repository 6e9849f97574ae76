package dev.greenslice.samples.study;

import dev.greenslice.carbon.intensity.EnergySource;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The report's charts, drawn by XChart from the study's results and saved as PNG files. Rendering runs
 * headless ({@code java.awt.headless=true}), so it works on servers without a display.
 */
final class StudyCharts {

    /**
     * One chart file of the report.
     *
     * @param file    the PNG's file name in the report folder
     * @param title   the chart's title
     * @param caption what the chart shows and how to read it
     */
    record ChartFile(String file, String title, String caption) {
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;

    private StudyCharts() {
    }

    /** A chart drawn as PNG bytes, not yet written. */
    record Drawn(ChartFile file, byte[] png) {
    }

    /** Draws every chart as PNG in memory (the report writes them, without following links); in report order. */
    static List<Drawn> render(StudyResults r) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ModelSet head = r.grid().modelSets().get(0);
        List<Job> jobs = new ArrayList<>();
        jobs.add(new Job(new ChartFile("sharing-by-load.png", "Sharing " + head.name() + " vs a GPU per model, by load",
                "Carbon saved by sharing one GPU at the study's fixed sizing instead of one GPU per model, in percent of"
                        + " the dedicated total (below zero: sharing emits more), per grid. No bar: a deployment misses an"
                        + " SLO there, so its saving is no saving (the tables give the figures)."), () -> sharingByLoad(r, head)));
        jobs.add(new Job(new ChartFile("sharing-by-model-set.png", "Sharing saving per model set",
                "Carbon saved by sharing, per model set, at peak (closed loop) and at the lowest Poisson load, on the"
                        + " dirtiest and the cleanest grid of the study; no bar where a deployment misses an SLO."),
                () -> sharingBySet(r)));
        jobs.add(new Job(new ChartFile("output-size.png", "Output size: image generation at 256² vs 1024²",
                "Carbon saved by sharing each image-generation model with the same partner, by load, on the dirtiest and"
                        + " the cleanest grid."), () -> outputSize(r)));
        jobs.add(new Job(new ChartFile("carbon-by-configuration.png", "Total carbon of " + head.name() + " on gas",
                "Total carbon (operational + embodied) of a GPU per model, the shared GPU at the highest clock and at"
                        + " its tuned clock, per load where the tuned clock keeps every SLO."),
                () -> byConfiguration(r, head)));
        jobs.add(new Job(new ChartFile("clock-curves.png", "Carbon against the shared GPU's clock, " + head.name() + " at peak",
                "Total carbon of the shared GPU at each SM clock relative to the highest clock, per grid; only clocks"
                        + " at which every model keeps its SLO are drawn. The minimum is the tuned clock."),
                () -> clockCurves(r, head)));
        jobs.add(new Job(new ChartFile("clock-breakdown.png", "Operational and embodied carbon by clock, " + head.name()
                + " at peak on gas", "Operational and embodied carbon of the shared GPU at each SM clock (stacked); the"
                + " embodied share is in the legend, the lowest-carbon clock that keeps every SLO is marked (least), and *"
                + " marks a clock that misses an SLO."),
                () -> clockBreakdown(r, head)));
        jobs.add(new Job(new ChartFile("power-estimate.png", "Co-location power estimate vs the naive sum, " + head.name(),
                "Board power of the shared GPU with every model busy: the naive sum of isolated board powers, the"
                        + " study's decomposition (baseline once, auxiliary summed), and the library's best estimate"
                        + " (auxiliary wake-up power once). No co-located measurement exists in the data set."),
                () -> power(r, head)));
        jobs.add(new Job(new ChartFile("latency-vs-slo.png", "Mean latency against the SLO, " + head.name(),
                "Mean latency of each model divided by its SLO (log scale; above the SLO line the SLO is missed),"
                        + " dedicated and shared, by load."), () -> latency(r, head)));
        return jobs.parallelStream().map(j -> new Drawn(j.file(), png(j.chart().get()))).toList();
    }

    private record Job(ChartFile file, Supplier<Chart<?, ?>> chart) {
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot draw chart '" + chart.getTitle() + "': " + e.getMessage(), e);
        }
    }

    private static CategoryChart category(String title, String x, String y) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setYAxisDecimalPattern("#,##0.#");
        return c;
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setYAxisDecimalPattern("#,##0.#");
        c.getStyler().setXAxisDecimalPattern("0");
        return c;
    }

    private static List<EnergySource> extremes(StudyResults r) {
        List<EnergySource> s = r.grid().sources().stream()
                .sorted((a, b) -> Double.compare(b.intensity().gramsPerKwh(), a.intensity().gramsPerKwh())).toList();
        return s.size() == 1 ? s : List.of(s.get(0), s.get(s.size() - 1));
    }

    private static Optional<LoadPoint> lowestPoisson(StudyResults r) {
        return r.grid().loads().stream().filter(l -> !l.isClosedLoop())
                .min((a, b) -> Double.compare(a.loadShare(), b.loadShare()));
    }

    /** The saving, or null (no bar) where either deployment misses an SLO: such a saving is no saving. */
    static Double saving(Optional<Scenario> s) {
        return s.filter(x -> x.dedicated().meetsSlos() && x.shared().meetsSlos()).map(Scenario::sharingSavingPercent)
                .orElse(null);
    }

    /** A load's label short enough for an axis: "peak" for closed loop, "25%" for Poisson at 25 % of peak. */
    static String axisLabel(LoadPoint l) {
        return l.isClosedLoop() ? "peak" : String.format(Locale.ROOT, "%.0f%%", 100 * l.loadShare());
    }

    private static final String LOAD_AXIS = "load (peak: closed loop; N%: Poisson at N% of peak)";

    static Chart<?, ?> sharingByLoad(StudyResults r, ModelSet set) {
        CategoryChart c = category("Carbon saved by sharing " + set.name(), LOAD_AXIS, "saving (% of dedicated)");
        List<String> loads = r.grid().loads().stream().map(StudyCharts::axisLabel).toList();
        for (EnergySource s : r.grid().sources()) {
            List<Double> y = r.grid().loads().stream().map(l -> saving(r.scenario(set, l, s))).toList();
            c.addSeries(s.cliName(), loads, y);
        }
        return c;
    }

    static Chart<?, ?> sharingBySet(StudyResults r) {
        CategoryChart c = category("Carbon saved by sharing, per model set", "model set", "saving (% of dedicated)");
        c.getStyler().setChartTitleVisible(true);
        c.getStyler().setPlotContentSize(0.9);
        // Every set labelled, by the name the tables use.
        c.getStyler().setXAxisLabelRotation(35);
        c.getStyler().setXAxisMaxLabelCount(r.grid().modelSets().size());
        List<String> names = r.grid().modelSets().stream().map(ModelSet::name).toList();
        List<LoadPoint> loads = new ArrayList<>();
        if (r.grid().loads().contains(LoadPoint.closedLoop())) {
            loads.add(LoadPoint.closedLoop());
        }
        lowestPoisson(r).ifPresent(loads::add);
        for (LoadPoint l : loads) {
            for (EnergySource s : extremes(r)) {
                List<Double> y = r.grid().modelSets().stream().map(m -> saving(r.scenario(m, l, s))).toList();
                c.addSeries(l.label() + ", " + s.cliName(), names, y);
            }
        }
        return c;
    }

    private static Chart<?, ?> outputSize(StudyResults r) {
        CategoryChart c = category("Sharing image generation at two output sizes", LOAD_AXIS, "saving (% of dedicated)");
        List<String> loads = r.grid().loads().stream().map(StudyCharts::axisLabel).toList();
        for (ModelSet m : r.grid().modelSets()) {
            if (m.members().size() == 2 && (m.contains("diffusion_256_256") || m.contains("diffusion_1024_1024"))
                    && m.contains("gpt")) {
                for (EnergySource s : extremes(r)) {
                    List<Double> y = r.grid().loads().stream().map(l -> saving(r.scenario(m, l, s))).toList();
                    c.addSeries(m.name() + ", " + s.cliName(), loads, y);
                }
            }
        }
        if (c.getSeriesCollection().isEmpty()) {
            c.addSeries("no image-generation pair in this grid", List.of("-"), List.of(0));
        }
        return c;
    }

    private static Chart<?, ?> byConfiguration(StudyResults r, ModelSet set) {
        EnergySource src = r.grid().sources().contains(EnergySource.GAS) ? EnergySource.GAS : r.grid().sources().get(0);
        CategoryChart c = category("Total carbon of " + set.name() + " on " + src.cliName(), "load", "gCO2e");
        List<Scenario> ss = r.grid().loads().stream().map(l -> r.scenario(set, l, src)).flatMap(Optional::stream)
                .filter(s -> s.tuned().isPresent()).toList();
        if (ss.isEmpty()) {
            c.addSeries("no load where a tuned clock keeps every SLO", List.of("-"), List.of(0));
            return c;
        }
        List<String> loads = ss.stream().map(s -> s.load().label()).toList();
        c.addSeries("dedicated", loads, ss.stream().map(s -> s.dedicated().totalGrams()).toList());
        c.addSeries("shared, highest clock", loads, ss.stream().map(s -> s.shared().totalGrams()).toList());
        c.addSeries("shared, tuned clock", loads, ss.stream().map(s -> s.tuned().orElseThrow().totalGrams()).toList());
        return c;
    }

    private static Chart<?, ?> clockCurves(StudyResults r, ModelSet set) {
        XYChart c = xy("Carbon against SM clock, " + set.name() + " at peak", "SM clock (MHz)",
                "total carbon (% of the highest clock's)");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (EnergySource s : r.grid().sources()) {
            r.scenario(set, LoadPoint.closedLoop(), s).ifPresent(sc -> {
                List<ClockCurve.Point> ok = sc.curve().points().stream().filter(ClockCurve.Point::meetsSlo).toList();
                if (!ok.isEmpty()) {
                    double top = sc.shared().totalGrams();
                    c.addSeries(s.cliName(), ok.stream().map(ClockCurve.Point::clockMhz).toList(),
                            ok.stream().map(p -> 100 * p.totalGrams() / top).toList());
                }
            });
        }
        if (c.getSeriesCollection().isEmpty()) {
            c.addSeries("no clock keeps every SLO", new double[] {0}, new double[] {0});
        }
        return c;
    }

    static Chart<?, ?> clockBreakdown(StudyResults r, ModelSet set) {
        EnergySource src = r.grid().sources().contains(EnergySource.GAS) ? EnergySource.GAS : r.grid().sources().get(0);
        CategoryChart c = category("Operational and embodied carbon by clock, " + set.name() + ", peak, " + src.cliName(),
                "SM clock (MHz)", "gCO2e");
        c.getStyler().setStacked(true);
        c.getStyler().setXAxisLabelRotation(45);
        Optional<Scenario> sc = r.scenario(set, LoadPoint.closedLoop(), src);
        if (sc.isEmpty()) {
            c.addSeries("peak load is not in this grid", List.of("-"), List.of(0));
            return c;
        }
        List<ClockCurve.Point> pts = sc.get().curve().points();
        ClockCurve.Point best = sc.get().curve().best().orElse(null);
        List<String> clocks = pts.stream().map(p -> p.clockMhz() + (p.meetsSlo() ? "" : "*")
                + (p == best ? " (least)" : "")).toList();
        double minShare = pts.stream().mapToDouble(p -> p.embodied().value().grams() / p.totalGrams()).min().orElse(0);
        double maxShare = pts.stream().mapToDouble(p -> p.embodied().value().grams() / p.totalGrams()).max().orElse(0);
        c.getStyler().setXAxisMaxLabelCount(clocks.size());
        c.addSeries("operational", clocks, pts.stream().map(p -> p.operational().value().grams()).toList());
        c.addSeries(String.format(Locale.ROOT, "embodied (%.1f–%.1f%% of each bar)", 100 * minShare, 100 * maxShare),
                clocks, pts.stream().map(p -> p.embodied().value().grams()).toList());
        return c;
    }

    private static Chart<?, ?> power(StudyResults r, ModelSet set) {
        PowerComparison p = r.power().stream().filter(x -> x.set().equals(set)).findFirst().orElse(r.power().get(0));
        XYChart c = xy("Board power with every model busy, " + p.set().name() + " (" + p.placements().stream()
                .map(x -> x.slices() + "g").reduce((a, b) -> a + "+" + b).orElse("") + ")", "SM clock (MHz)", "W");
        List<Integer> x = p.rows().stream().map(PowerComparison.Row::clockMhz).toList();
        c.addSeries("naive sum of isolated powers", x, p.rows().stream().map(PowerComparison.Row::additiveWatts).toList());
        c.addSeries("study's decomposition", x, p.rows().stream().map(PowerComparison.Row::summedAuxiliaryWatts).toList());
        c.addSeries("library's estimate", x, p.rows().stream().map(PowerComparison.Row::decomposedWatts).toList());
        return c;
    }

    private static Chart<?, ?> latency(StudyResults r, ModelSet set) {
        EnergySource src = r.grid().sources().get(0);
        CategoryChart c = category("Mean latency / SLO, " + set.name(), "load", "mean latency / SLO (log)");
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setYAxisDecimalPattern("0.##");
        // Bars start at zero, which a logarithmic axis cannot show: draw lines with markers.
        c.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Line);
        List<String> loads = r.grid().loads().stream().map(StudyCharts::axisLabel).toList();
        c.setXAxisTitle(LOAD_AXIS);
        c.addSeries("SLO (1 = at the SLO)", loads, r.grid().loads().stream().map(l -> 1.0).toList());
        for (ModelSet.Member m : set.members()) {
            for (boolean shared : new boolean[] {false, true}) {
                List<Double> y = new ArrayList<>();
                for (LoadPoint l : r.grid().loads()) {
                    Scenario s = r.scenario(set, l, src).orElseThrow();
                    Configuration conf = shared ? s.shared() : s.dedicated();
                    var t = conf.tenants().stream().filter(x -> x.tenant().demand().model().equals(m.model()))
                            .findFirst().orElseThrow();
                    y.add(t.serving().meanLatencyMs() / t.serving().sloMs());
                }
                c.addSeries(String.format(Locale.ROOT, "%s, %s", m.model(), shared ? "shared" : "dedicated"), loads, y);
            }
        }
        return c;
    }
}
