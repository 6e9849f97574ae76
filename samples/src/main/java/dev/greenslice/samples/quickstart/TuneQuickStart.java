package dev.greenslice.samples.quickstart;

import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.tune.TuningRequest;
import dev.greenslice.carbon.tune.TuningResult;
import dev.greenslice.estimators.tune.FrequencyTuners;

/**
 * The README's tune quick start, compiled by the build so that it never drifts from the API: the SM clock of
 * one shared A100 (whisper on 4g, gpt on 3g) that emits the least carbon with both inside their SLOs.
 */
public final class TuneQuickStart {

    private TuneQuickStart() {
    }

    /**
     * Runs the quick start, which prints what it found.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run();
    }

    /** @return the offline tuner's result on a gas grid */
    public static TuningResult run() {
        TuningRequest request = TuningRequest.builder(GpuCatalog.A100_SXM4_80GB,
                        CarbonIntensities.of(EnergySource.GAS),
                        EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB))
                .tenant(ModelDemand.closedLoop("whisper", 16, 8_000), 4)   // demand, MIG compute slices
                .tenant(ModelDemand.closedLoop("gpt", 1, 2_000), 3)
                .build();
        TuningResult result = FrequencyTuners.embedded().tune(request);
        result.chosen().ifPresentOrElse(
                p -> System.out.println("lock the SM clock at " + p.clockMhz() + " MHz: " + p.total()),
                () -> System.out.println(result.reason().orElseThrow()));      // no clock keeps every SLO
        result.curve().forEach(System.out::println);   // carbon against clock: operational + embodied
        return result;
    }
}
