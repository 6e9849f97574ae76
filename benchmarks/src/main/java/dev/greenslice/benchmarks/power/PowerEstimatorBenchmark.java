package dev.greenslice.benchmarks.power;

import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.EnerTuneA100;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One co-located power estimate, as a planner's inner loop or a sensor apportioning MIG energy per sample
 * pays it (decompositions cached after the first call).
 * Run: {@code java -jar benchmarks/target/benchmarks.jar PowerEstimatorBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PowerEstimatorBenchmark {

    private final PowerEstimator decomposed = PowerEstimators.best(EnerTuneA100.profiles(), EnerTuneA100.devicePower());
    private final PowerEstimator additive = PowerEstimators.additive(EnerTuneA100.profiles(), EnerTuneA100.devicePower());
    private final List<ModelPlacement> two = List.of(ModelPlacement.parse("gpt:1:3"),
            ModelPlacement.parse("diffusion_256_256:1:4"));
    private final List<ModelPlacement> three = List.of(ModelPlacement.parse("resnet50:8:3"),
            ModelPlacement.parse("whisper:4:2"), ModelPlacement.parse("vgg19:8:2"));

    @Setup
    public void warm() {
        decomposed.estimate(960, two);
        decomposed.estimate(960, three);
    }

    @Benchmark
    public PowerEstimate decomposedTwoModels() {
        return decomposed.estimate(960, two);
    }

    @Benchmark
    public PowerEstimate decomposedThreeModels() {
        return decomposed.estimate(960, three);
    }

    @Benchmark
    public PowerEstimate additiveThreeModels() {
        return additive.estimate(960, three);
    }
}
