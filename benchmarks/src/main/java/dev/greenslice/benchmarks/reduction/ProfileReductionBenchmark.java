package dev.greenslice.benchmarks.reduction;

import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfileKey;
import dev.greenslice.estimators.profile.ProfilePoint;
import dev.greenslice.estimators.reduction.FittedProfiles;
import dev.greenslice.estimators.reduction.ProfileReduction;
import dev.greenslice.estimators.reduction.ProfilingDesign;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Profile reduction: fitting all 11 EnerTune models from 10 % of their grids (the {@code ProfilingDesign}
 * cells), as {@code greenslice profile predict} does, and predicting one cell.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar ProfileReductionBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProfileReductionBenchmark {

    private final ModelProfiles training = tenPercent();
    private final FittedProfiles fitted = ProfileReduction.fit(training);

    private static ModelProfiles tenPercent() {
        List<ModelProfile> list = new ArrayList<>();
        for (ModelProfile p : EnerTuneA100.profiles()) {
            List<ProfileKey> keys = ProfilingDesign.select(p.points().stream().map(ProfilePoint::key).toList(),
                    Math.max(3, (int) Math.round(0.1 * p.size())));
            list.add(ModelProfile.of(p.model(), keys.stream().map(k -> p.point(k).orElseThrow()).toList(), "design"));
        }
        return ModelProfiles.of(list, "10 % design sample");
    }

    @Benchmark
    public FittedProfiles fitElevenModels() {
        return ProfileReduction.fit(training);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public ProfilePoint predictOneCell() {
        return fitted.model("whisper").predict(8, 3, 1140);
    }
}
