package dev.greenslice.carbon.embodied;

import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * Properties of {@link ActParameters} and {@link EmbodiedFootprint} as final classes: equal inputs give equal values
 * with equal hash codes (so footprints computed twice compare equal), a changed parameter makes them differ, and the
 * {@code with…} copies refuse NaN, infinite, negative or out-of-range figures as the record's constructor did.
 */
class EmbodiedValuesPropertiesTest {

    @Test
    void equalParametersGiveEqualSetsAndEqualFootprints() {
        List<GpuModel> gpus = GpuCatalog.all();
        qt().forAll(doubles().between(0.05, 1), doubles().between(0, 500), integers().between(0, gpus.size() - 1))
                .checkAssert((yield, memory, i) -> {
                    ActParameters a = ActParameters.study().withYield(yield).withMemory("m", memory);
                    ActParameters b = ActParameters.study().withYield(yield).withMemory("m", memory);
                    assertEquals(a, b);
                    assertEquals(a.hashCode(), b.hashCode());
                    assertNotEquals(a, a.withPackagingGrams(1));
                    EmbodiedFootprint fa = EmbodiedCarbon.act(gpus.get(i), a, EmbodiedCarbon.DEFAULT_LIFETIME)
                            .footprint();
                    EmbodiedFootprint fb = EmbodiedCarbon.act(gpus.get(i), b, EmbodiedCarbon.DEFAULT_LIFETIME)
                            .footprint();
                    assertEquals(fa, fb);
                    assertEquals(fa.hashCode(), fb.hashCode());
                    assertEquals(fa, EmbodiedFootprint.builder().device(fa.device()).carbon(fa.carbon())
                            .model(fa.model()).parameterSet(fa.parameterSet()).boundary(fa.boundary())
                            .parameters(fa.parameters()).build());
                });
    }

    @Test
    void theCopiesRefuseNanInfiniteNegativeAndOutOfRangeFigures() {
        List<Double> badYield = List.of(0.0, -0.5, 1.0000001, 2.0, Double.NaN, Double.POSITIVE_INFINITY);
        List<Double> badGrams = List.of(-1e-9, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        qt().forAll(integers().between(0, badYield.size() - 1), integers().between(0, badGrams.size() - 1),
                integers().between(-1000, 1000)).checkAssert((y, g, abatement) -> {
                    ActParameters s = ActParameters.study();
                    assertThrows(IllegalArgumentException.class, () -> s.withYield(badYield.get(y)));
                    assertThrows(IllegalArgumentException.class, () -> s.withMemory("m", badGrams.get(g)));
                    assertThrows(IllegalArgumentException.class, () -> s.withPackagingGrams(badGrams.get(g)));
                    if (abatement != 95 && abatement != 97 && abatement != 99) {
                        assertThrows(IllegalArgumentException.class, () -> s.withAbatementPercent(abatement));
                    }
                });
        assertThrows(IllegalArgumentException.class, () -> ActParameters.study().withName(" "));
    }

    @Test
    void aFootprintNeedsEveryComponentAndCopiesItsParameters() {
        EmbodiedFootprint f = EmbodiedCarbon.act(GpuCatalog.all().get(0)).footprint();
        assertThrows(NullPointerException.class, () -> EmbodiedFootprint.builder().carbon(f.carbon()).model("m")
                .parameterSet("p").boundary("b").build());
        assertThrows(NullPointerException.class, () -> EmbodiedFootprint.builder().device("d").model("m")
                .parameterSet("p").boundary("b").build());
        assertThrows(UnsupportedOperationException.class, () -> f.parameters().clear());
    }
}
