package dev.greenslice.samples.pipeline;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.estimators.pipeline.ArrivalPredictor;
import dev.greenslice.estimators.sim.pipeline.ArrivalTrace;
import dev.greenslice.estimators.sim.pipeline.ExamplePipeline;
import dev.greenslice.estimators.sim.pipeline.ExamplePipelines;
import dev.greenslice.estimators.pipeline.PipelineOptimizers;
import dev.greenslice.estimators.sim.pipeline.PipelineSimulator;
import dev.greenslice.estimators.sim.pipeline.SimulationReport;
import dev.greenslice.estimators.sim.pipeline.WorkloadShape;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pipeline adaptation's figures over every optimizer, every built-in trace and several seeds: energy, carbon,
 * accuracy and SLA violations as a share of requests, with the spread across seeds, and where the violations fall —
 * in intervals whose busiest second exceeded the predicted rate (a burst the predictor did not see coming) or in the
 * others. The exact optimizer also runs with the predictive mode ({@link ArrivalPredictor#trend}) to show whether
 * it cuts those violations and at what energy.
 *
 * <p>Run: {@code java -cp samples/target/greenslice.jar dev.greenslice.samples.pipeline.PipelineAudit [seeds]}
 * (default 5 seeds; about a minute per seed on 2 cores, most of it in Q-learning).
 */
public final class PipelineAudit {

    /** One (trace, optimizer, predictor) cell over its seeds. */
    public record Cell(String trace, String optimizer, String predictor, List<SimulationReport> runs) {

        /** @return the runs' energy, joules, one per seed */
        public double[] energyJoules() {
            return runs.stream().mapToDouble(r -> r.energy().joules()).toArray();
        }

        /** @return the runs' operational carbon, grams, one per seed */
        public double[] carbonGrams() {
            return runs.stream().mapToDouble(r -> r.carbon().value().grams()).toArray();
        }

        /** @return the runs' request-weighted accuracy, one per seed */
        public double[] accuracy() {
            return runs.stream().mapToDouble(SimulationReport::accuracy).toArray();
        }

        /** @return the runs' SLA violations as a share of requests, one per seed */
        public double[] slaShare() {
            return runs.stream().mapToDouble(SimulationReport::slaViolationRate).toArray();
        }

        /** @return the share of each run's violations that fell in under-predicted intervals, one per seed */
        public double[] underPredictedShareOfViolations() {
            return runs.stream().mapToDouble(PipelineAudit::underPredictedShare).toArray();
        }
    }

    private PipelineAudit() {
    }

    /**
     * Prints the audit over {@code args[0]} seeds (default 5).
     *
     * @param args optionally the number of seeds
     */
    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        print(System.out, run(ExamplePipelines.imageClassification(), List.of(WorkloadShape.values()),
                List.of("exact", "q-learning", "static-light", "static-accurate"), seeds, true));
    }

    /**
     * Runs the audit.
     *
     * @param example    the pipeline
     * @param traces     the built-in traces
     * @param optimizers optimizer names as {@code PipelineOptimizers.byName} takes them
     * @param seeds      seeds 1..seeds for each cell
     * @param predictive also run the exact optimizer with the trend predictor
     * @return one cell per (trace, optimizer, predictor)
     */
    public static List<Cell> run(ExamplePipeline example, List<WorkloadShape> traces, List<String> optimizers, int seeds,
                                 boolean predictive) {
        List<Cell> cells = new ArrayList<>();
        ArrivalPredictor trend = ArrivalPredictor.trend(20, 10, 0.1);
        for (WorkloadShape shape : traces) {
            for (String name : optimizers) {
                cells.add(cell(example, shape, name, example.predictor(), seeds));
            }
            if (predictive) {
                cells.add(cell(example, shape, "exact", trend, seeds));
            }
        }
        return cells;
    }

    private static Cell cell(ExamplePipeline example, WorkloadShape shape, String optimizer, ArrivalPredictor predictor,
                             int seeds) {
        List<SimulationReport> runs = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            ArrivalTrace arrivals = shape.generate(1200, example.peakRequestsPerSecond(), seed);
            runs.add(PipelineSimulator.builder(example.pipeline(), example.objective(),
                            PipelineOptimizers.byName(optimizer, seed))
                    .intensity(CarbonIntensities.of(EnergySource.GAS)).start(Instant.parse("2024-01-01T00:00:00Z"))
                    .clock(Clock.system()).interval(Duration.ofSeconds(10)).predictor(predictor)
                    .reconfigurationCost(example.reconfigurationCost()).build().run(arrivals));
        }
        return new Cell(shape.cliName(), optimizer, predictor.description(), runs);
    }

    /**
     * The share of a run's SLA violations that fell in intervals whose busiest second exceeded the predicted rate.
     *
     * @param r a run
     * @return a fraction in [0, 1]; 0 when the run had no violation
     */
    public static double underPredictedShare(SimulationReport r) {
        return r.slaViolations() > 0 ? r.slaViolationsUnderPredicted() / r.slaViolations() : 0;
    }

    /**
     * Prints the table: each figure as the mean over seeds with its range.
     *
     * @param out   where to print
     * @param cells the audit's cells
     */
    public static void print(PrintStream out, List<Cell> cells) {
        out.printf(Locale.ROOT, "%-12s %-16s %-9s %-22s %-22s %-20s %-22s %s%n", "trace", "optimizer", "predictor",
                "energy kJ (min-max)", "carbon g (min-max)", "accuracy (min-max)", "SLA % of req (min-max)",
                "% of violations in under-predicted intervals");
        for (Cell c : cells) {
            out.printf(Locale.ROOT, "%-12s %-16s %-9s %-22s %-22s %-20s %-22s %s%n", c.trace(), c.optimizer(),
                    c.predictor().startsWith("max of last") && !c.predictor().contains("trend") ? "reactive" : "trend",
                    range(c.energyJoules(), 1e-3, "%.1f"), range(c.carbonGrams(), 1, "%.2f"), range(c.accuracy(), 1, "%.3f"),
                    range(c.slaShare(), 100, "%.2f"), range(c.underPredictedShareOfViolations(), 100, "%.0f"));
        }
    }

    private static String range(double[] v, double scale, String fmt) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            sum += x * scale;
            min = Math.min(min, x * scale);
            max = Math.max(max, x * scale);
        }
        return String.format(Locale.ROOT, fmt + " (" + fmt + "-" + fmt + ")", sum / v.length, min, max);
    }
}
