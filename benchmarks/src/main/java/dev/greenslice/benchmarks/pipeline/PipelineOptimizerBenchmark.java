package dev.greenslice.benchmarks.pipeline;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.estimators.pipeline.Demand;
import dev.greenslice.estimators.sim.pipeline.ExamplePipeline;
import dev.greenslice.estimators.sim.pipeline.ExamplePipelines;
import dev.greenslice.estimators.pipeline.Objective;
import dev.greenslice.estimators.pipeline.Optimization;
import dev.greenslice.estimators.pipeline.Pipeline;
import dev.greenslice.estimators.pipeline.PipelineOptimizer;
import dev.greenslice.estimators.pipeline.PipelineOptimizers;
import dev.greenslice.estimators.pipeline.Stage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One adaptation decision's optimization on the built-in pipelines: the exact branch and bound against
 * Q-learning with the IPA extension's parameters (1,500 episodes x 40 steps), at half the example's peak
 * rate under gas-grid intensity. {@code three-classifiers} is a stress case too large to enumerate: the
 * image-classification stage three times in a row (1,584³ ≈ 4 billion configurations), SLA 300 ms, at
 * the image example's half-peak rate.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar PipelineOptimizerBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineOptimizerBenchmark {

    @Param({"image-classification", "audio-summary", "three-classifiers"})
    public String pipeline;

    @Param({"exact", "q-learning"})
    public String optimizer;

    private Pipeline target;
    private Objective objective;
    private PipelineOptimizer opt;
    private Demand demand;

    @Setup
    public void setUp() {
        ExamplePipeline example = ExamplePipelines.byName(pipeline.equals("three-classifiers")
                ? "image-classification" : pipeline);
        target = pipeline.equals("three-classifiers") ? threeClassifiers(example.pipeline()) : example.pipeline();
        objective = example.objective();
        opt = PipelineOptimizers.byName(optimizer, 1);
        demand = Demand.of(example.peakRequestsPerSecond() / 2, CarbonIntensity.ofGramsPerKwh(490));
    }

    private static Pipeline threeClassifiers(Pipeline image) {
        Stage classify = image.stage("classify");
        Pipeline.Builder b = Pipeline.builder("three-classifiers").latencySla(Duration.ofMillis(300))
                .resourceUnit(image.resourceUnit());
        for (int i = 1; i <= 3; i++) {
            b.stage(Stage.builder().name("classify-" + i).variants(classify.variants()).minReplicas(1)
                    .maxReplicas(8).minBatch(1).maxBatch(32).build());
        }
        return b.build();
    }

    @Benchmark
    public Optimization optimize() {
        return opt.optimize(target, objective, demand);
    }
}
