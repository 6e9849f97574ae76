package dev.greenslice.samples.pipeline;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.Clock;
import dev.greenslice.estimators.pipeline.Demand;
import dev.greenslice.estimators.sim.pipeline.ExamplePipeline;
import dev.greenslice.estimators.sim.pipeline.ExamplePipelines;
import dev.greenslice.estimators.pipeline.Objective;
import dev.greenslice.estimators.pipeline.Optimization;
import dev.greenslice.estimators.pipeline.Pipeline;
import dev.greenslice.estimators.pipeline.PipelineOptimizer;
import dev.greenslice.estimators.pipeline.PipelineOptimizers;
import dev.greenslice.estimators.pipeline.QLearningSettings;
import dev.greenslice.estimators.pipeline.Stage;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How close Q-learning gets to the exact optimum, and how long each takes, for single optimizations:
 * on the two built-in pipelines and on a stress case whose space is too large to enumerate (the image
 * classification stage three times in a row, 1,584³ ≈ 4 billion configurations, SLA 300 ms).
 *
 * <p>Run: {@code java -cp samples/target/greenslice.jar dev.greenslice.samples.pipeline.OptimizerComparison [episodes]}.
 * Times are wall-clock single runs after a warm-up, on whatever else the machine is doing; for careful
 * figures use the JMH benchmark {@code PipelineOptimizerBenchmark}.
 */
public final class OptimizerComparison {

    /** One comparison: the problem, both scores, the relative gap and both times. */
    public record Row(String pipeline, double requestsPerSecond, double exactScore, double qScore, double gap,
                      Duration exactTime, Duration qTime) {
    }

    private OptimizerComparison() {
    }

    /**
     * Prints the comparison with Q-learning's default episode count, or the one given.
     *
     * @param args optionally, the number of Q-learning episodes
     */
    public static void main(String[] args) {
        int episodes = args.length > 0 ? Integer.parseInt(args[0]) : QLearningSettings.DEFAULT_EPISODES;
        print(System.out, compare(QLearningSettings.defaults(1).withEpisodes(episodes), Clock.system()));
    }

    /**
     * The stress pipeline: the image-classification stage three times in a row, SLA 300 ms.
     *
     * @return the pipeline
     */
    public static Pipeline threeClassifiers() {
        Stage classify = ExamplePipelines.imageClassification().pipeline().stage("classify");
        Pipeline.Builder b = Pipeline.builder("three-classifiers").latencySla(Duration.ofMillis(300))
                .resourceUnit("MIG compute slices");
        for (int i = 1; i <= 3; i++) {
            b.stage(Stage.builder().name("classify-" + i).variants(classify.variants()).minReplicas(1)
                    .maxReplicas(8).minBatch(1).maxBatch(32).build());
        }
        return b.build();
    }

    /**
     * Compares at 5 %, 25 %, 50 % and 100 % of each example's peak rate (the stress case uses the image one's).
     *
     * @param settings the Q-learning optimizer's settings
     * @param clock    the clock the optimizers are timed on
     * @return one row per pipeline and rate
     */
    public static List<Row> compare(QLearningSettings settings, Clock clock) {
        ExamplePipeline image = ExamplePipelines.imageClassification();
        ExamplePipeline audio = ExamplePipelines.audioSummary();
        List<Row> rows = new ArrayList<>();
        PipelineOptimizer exact = PipelineOptimizers.exact();
        PipelineOptimizer q = PipelineOptimizers.qLearning(settings);
        for (Object[] p : new Object[][] {{image.pipeline(), image.objective(), image.peakRequestsPerSecond()},
                {audio.pipeline(), audio.objective(), audio.peakRequestsPerSecond()},
                {threeClassifiers(), image.objective(), image.peakRequestsPerSecond()}}) {
            Pipeline pipeline = (Pipeline) p[0];
            Objective objective = (Objective) p[1];
            double peak = (double) p[2];
            exact.optimize(pipeline, objective, Demand.energyOnly(peak / 2)); // warm-up
            for (double share : new double[] {0.05, 0.25, 0.5, 1.0}) {
                Demand d = Demand.of(peak * share, CarbonIntensity.ofGramsPerKwh(490));
                long t0 = clock.monotonicNanos();
                Optimization e = exact.optimize(pipeline, objective, d);
                long t1 = clock.monotonicNanos();
                Optimization l = q.optimize(pipeline, objective, d);
                long t2 = clock.monotonicNanos();
                double gap = e.best().isPresent() ? (e.score() - l.score()) / Math.max(1e-12, Math.abs(e.score())) : 0;
                rows.add(new Row(pipeline.name(), d.requestsPerSecond(), e.score(), l.score(), gap,
                        Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1)));
            }
        }
        return rows;
    }

    static void print(PrintStream out, List<Row> rows) {
        out.printf(Locale.ROOT, "%-22s %10s %10s %10s %8s %10s %10s%n", "pipeline", "req/s", "exact", "q-learning",
                "gap", "exact ms", "q ms");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-22s %10.2f %10.5f %10.5f %7.2f%% %10.1f %10.1f%n", r.pipeline(),
                    r.requestsPerSecond(), r.exactScore(), r.qScore(), 100 * r.gap(), r.exactTime().toNanos() / 1e6,
                    r.qTime().toNanos() / 1e6);
        }
    }
}
