package dev.greenslice.carbon.tune;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.SloCheck;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TuningResultTest {

    private static ClockPoint point(int clock, double grams, boolean meets) {
        return new ClockPoint(clock, Duration.ofSeconds(1), Energy.ofJoules(1), CarbonFigure.exact(CarbonMass.ofGrams(grams)),
                CarbonFigure.ZERO, List.of(new SloCheck("gpt", meets ? 10 : 60, 50, 10)));
    }

    @Test
    void aResultHasEitherAClockOnTheCurveThatMeetsTheSlosOrAReason() {
        List<ClockPoint> curve = List.of(point(690, 1, false), point(960, 2, true), point(1410, 3, true));
        TuningResult r = new TuningResult("offline", curve, OptionalInt.of(960), Optional.empty(), List.of());
        assertEquals(960, r.chosen().orElseThrow().clockMhz());
        assertEquals(2, r.feasible().size());
        assertEquals(List.of("gpt"), r.at(690).orElseThrow().missing());
        assertThrows(IllegalArgumentException.class,
                () -> new TuningResult("offline", curve, OptionalInt.of(690), Optional.empty(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new TuningResult("offline", curve, OptionalInt.of(1000), Optional.empty(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new TuningResult("offline", curve, OptionalInt.empty(), Optional.empty(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TuningResult("offline",
                List.of(point(960, 1, true), point(690, 1, true)), OptionalInt.of(960), Optional.empty(), List.of()));
        TuningResult none = new TuningResult("offline", List.of(point(690, 1, false)), OptionalInt.empty(),
                Optional.of("gpt misses"), List.of());
        assertTrue(none.chosen().isEmpty());
    }

    @Test
    void requestRefusesMoreSlicesThanTheGpuHas() {
        var b = TuningRequest.builder(GpuCatalog.A100_SXM4_80GB, CarbonIntensities.of(EnergySource.WIND),
                EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB));
        b.tenant(ModelDemand.closedLoop("gpt", 1, 10), 4).tenant(ModelDemand.closedLoop("whisper", 16, 10), 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("8 compute slices"), e.getMessage());
        var t4 = TuningRequest.builder(GpuCatalog.T4_16GB, CarbonIntensities.of(EnergySource.WIND),
                EmbodiedCarbon.act(GpuCatalog.T4_16GB));
        t4.tenant(ModelDemand.closedLoop("gpt", 1, 10), 7).tenant(ModelDemand.closedLoop("whisper", 16, 10), 7);
        assertThrows(IllegalArgumentException.class, t4::build);
    }
}
