package dev.greenslice.estimators.power;

import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.estimators.profile.EnerTuneA100;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fast path planners use gives the same board power as the full estimate, to the last bit. */
class TotalPowerTest {

    @Test
    void totalPowerEqualsTheEstimatesTotalForEveryMethod() {
        List<List<ModelPlacement>> sets = List.of(
                List.of(new ModelPlacement("gpt", 1, 4), new ModelPlacement("diffusion_256_256", 1, 3)),
                List.of(new ModelPlacement("resnet50", 8, 3), new ModelPlacement("whisper", 4, 2),
                        new ModelPlacement("vgg19", 8, 2)),
                List.of(new ModelPlacement("mobilenet_v3_large", 16, 7)));
        for (String method : List.of("additive", "decomposed", "decomposed-summed-auxiliary")) {
            PowerEstimator e = PowerEstimators.byMethod(method, EnerTuneA100.profiles(), EnerTuneA100.devicePower());
            for (List<ModelPlacement> set : sets) {
                for (int clock : List.of(690, 1050, 1410)) {
                    assertEquals(e.estimate(clock, set).total().watts(), e.totalPower(clock, set).watts(), 0.0,
                            method + " " + set + " at " + clock);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> e.totalPower(1410,
                    List.of(new ModelPlacement("gpt", 1, 4), new ModelPlacement("gpt", 1, 4))));
        }
    }
}
