package dev.greenslice.estimators.tune;

import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.tune.ClockPoint;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.carbon.tune.TuningRequest;
import dev.greenslice.carbon.tune.TuningResult;
import dev.greenslice.estimators.deployment.DeploymentModel;
import dev.greenslice.estimators.deployment.GpuDeployment;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.estimators.profile.EnerTuneA100;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflineFrequencyTunerTest {

    static final FrequencyTuner TUNER = FrequencyTuners.embedded();
    static final ModelDemand GPT = ModelDemand.poisson("gpt", 1, 40, 0.5);
    static final ModelDemand DIFFUSION = ModelDemand.poisson("diffusion_256_256", 1, 83, 0.5);

    static TuningRequest pair(EnergySource source) {
        return TuningRequest.builder(GpuCatalog.A100_SXM4_80GB, CarbonIntensities.of(source),
                EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB)).tenant(GPT, 4).tenant(DIFFUSION, 3).build();
    }

    @Test
    void theCurveHasEveryClockBothModelsWereMeasuredAtAndItsPointsAreDeploymentModels() {
        TuningResult r = TUNER.tune(pair(EnergySource.GAS));
        assertEquals(List.of(690, 780, 870, 960, 1050, 1140, 1230, 1320, 1410),
                r.curve().stream().map(ClockPoint::clockMhz).toList(), "gpt and diffusion were measured at 690 MHz and up");
        DeploymentModel model = DeploymentModel.builder(EnerTuneA100.profiles(), EnerTuneA100.devicePower())
                .intensity(CarbonIntensities.of(EnergySource.GAS)).embodied(EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB))
                .build();
        ClockPoint p = r.at(960).orElseThrow();
        var e = model.estimate(GpuDeployment.of(960, TenantDemand.of(GPT, 4), TenantDemand.of(DIFFUSION, 3)));
        assertEquals(e.operational(), p.operational());
        assertEquals(e.embodied(), p.embodied());
        assertEquals(e.energy(), p.energy());
        assertEquals(2, p.slos().size());
        assertTrue(r.chosen().isPresent());
        assertTrue(r.assumptions().stream().anyMatch(a -> a.name().equals("clocks")));
    }

    @Test
    void aCleanGridFavoursAHigherClockThanADirtyOne() {
        int coal = TUNER.tune(pair(EnergySource.COAL)).chosenClockMhz().getAsInt();
        int gas = TUNER.tune(pair(EnergySource.GAS)).chosenClockMhz().getAsInt();
        int wind = TUNER.tune(pair(EnergySource.WIND)).chosenClockMhz().getAsInt();
        assertTrue(coal <= gas && gas <= wind, coal + " / " + gas + " / " + wind + " MHz");
        assertTrue(wind < 1410 || coal < 1410, "some grid lowers the clock below the highest");
    }

    @Test
    void whenNoClockMeetsTheSloItSaysWhichModelAndHowClose() {
        TuningRequest r = TuningRequest.builder(GpuCatalog.A100_SXM4_80GB, CarbonIntensities.of(EnergySource.GAS),
                        EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB))
                .tenant(GPT.withSloMs(100), 4).tenant(DIFFUSION, 3).build();
        TuningResult t = TUNER.tune(r);
        assertTrue(t.chosen().isEmpty());
        String why = t.reason().orElseThrow();
        assertTrue(why.contains("gpt on 4 slices misses its SLO of 100.0 ms at every clock"), why);
        assertTrue(why.contains("best"), why);
        assertEquals(9, t.curve().size(), "the curve is there even when nothing is chosen");
    }

    @Test
    void badRequestsNameTheModelOrTheClocks() {
        var unknown = TuningRequest.builder(GpuCatalog.A100_SXM4_80GB, CarbonIntensities.of(EnergySource.GAS),
                EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB)).tenant(ModelDemand.closedLoop("llama", 1, 10), 7).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TUNER.tune(unknown));
        assertTrue(e.getMessage().contains("llama"), e.getMessage());
        var noCell = TuningRequest.builder(GpuCatalog.A100_SXM4_80GB, CarbonIntensities.of(EnergySource.GAS),
                EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB)).tenant(GPT, 1).build();
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> TUNER.tune(noCell));
        assertTrue(c.getMessage().contains("no point at batch size 1 on 1 slices"), c.getMessage());
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> TUNER.tune(pair(EnergySource.GAS).withCandidateClocks(List.of(210, 330))));
        assertTrue(k.getMessage().contains("[210, 330]"), k.getMessage());
        assertEquals(List.of(960, 1050), TUNER.tune(pair(EnergySource.GAS).withCandidateClocks(List.of(960, 1050, 210)))
                .curve().stream().map(ClockPoint::clockMhz).toList());
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> TUNER.tune(TuningRequest.builder(
                GpuCatalog.H100_SXM5_80GB, CarbonIntensities.of(EnergySource.GAS),
                EmbodiedCarbon.act(GpuCatalog.H100_SXM5_80GB)).tenant(GPT, 4).build()));
        assertTrue(h.getMessage().contains("not H100-SXM5-80GB"), h.getMessage());
    }
}
