package dev.greenslice.benchmarks.deployment;

import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.estimators.deployment.DeploymentEstimate;
import dev.greenslice.estimators.deployment.DeploymentModel;
import dev.greenslice.estimators.deployment.GpuDeployment;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.carbon.plan.ModelDemand;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The carbon of one GPU's deployment, the unit of work of a planner or tuner: three tenants with Poisson
 * load (every subset of busy tenants estimated) and a dedicated closed-loop GPU.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar DeploymentBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeploymentBenchmark {

    private final DeploymentModel model = DeploymentModel.builder(EnerTuneA100.profiles(), EnerTuneA100.devicePower())
            .intensity(CarbonIntensities.of(EnergySource.GAS)).embodied(EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB))
            .build();
    private final GpuDeployment shared = GpuDeployment.of(1050,
            TenantDemand.of(ModelDemand.poisson("resnet50", 8, 2000, 0.5), 3),
            TenantDemand.of(ModelDemand.poisson("whisper", 4, 300, 0.5), 2),
            TenantDemand.of(ModelDemand.poisson("vgg19", 8, 2000, 0.5), 2));
    private final GpuDeployment dedicated = GpuDeployment.of(1410, TenantDemand.of(ModelDemand.closedLoop("gpt", 1, 100), 7));

    @Benchmark
    public DeploymentEstimate threeTenantsPoisson() {
        return model.estimate(shared);
    }

    @Benchmark
    public DeploymentEstimate dedicatedClosedLoop() {
        return model.estimate(dedicated);
    }
}
