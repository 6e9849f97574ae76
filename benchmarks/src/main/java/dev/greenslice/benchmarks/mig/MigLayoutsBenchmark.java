package dev.greenslice.benchmarks.mig;

import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigLayouts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a MIG planner pays for the geometry: enumerating maximal layouts of an A100 (base and all profiles),
 * and validating or parsing one layout.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar MigLayoutsBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MigLayoutsBenchmark {

    private final MigGeometry a100 = GpuCatalog.A100_SXM4_80GB.mig();
    private final List<MigInstance> fourThree = List.of(MigInstance.of(a100.resolve("4g"), 0),
            MigInstance.of(a100.resolve("3g"), 4));

    @Benchmark
    public List<MigLayout> maximalBaseProfiles() {
        return MigLayouts.maximalBase(a100);
    }

    @Benchmark
    public List<MigLayout> maximalAllProfiles() {
        return MigLayouts.maximalAll(a100);
    }

    @Benchmark
    public boolean validateFourGThreeG() {
        return new MigLayout(a100, fourThree).isValid();
    }

    @Benchmark
    public MigLayout parseLayout() {
        return MigLayout.parse(a100, "4g@0,2g@4,1g@6");
    }
}
