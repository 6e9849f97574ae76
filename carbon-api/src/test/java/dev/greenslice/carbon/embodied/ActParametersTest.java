package dev.greenslice.carbon.embodied;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

import java.util.List;

import static dev.greenslice.carbon.embodied.ActEmbodiedCarbonTest.grams;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

class ActParametersTest {

    @Test
    void studySetIsTheCoLocationStudys() {
        ActParameters s = ActParameters.study();
        assertEquals("study", s.name());
        assertEquals(642, s.fabGrid().intensity().toGramsPerKwh());
        assertEquals("Taiwan", s.fabGrid().location());
        assertEquals(99, s.abatementPercent());
        assertEquals(0.875, s.fabYield());
        assertEquals("lpddr4", s.memoryRow());
        assertEquals(48, s.memoryGramsPerGb());
        assertEquals(false, s.memoryDividedByYield());
        assertEquals(0, s.packagingGrams());
        assertEquals(List.of(FabGrid.TAIWAN_2023, FabGrid.KOREA_2023, FabGrid.JAPAN_2023, FabGrid.USA_2023),
                s.rangeGrids());
    }

    @Test
    void actDefaultsAreActsCodeDefaults() {
        ActParameters d = ActParameters.actDefaults();
        assertEquals("act-defaults", d.name());
        assertEquals(583, d.fabGrid().intensity().toGramsPerKwh());
        assertEquals(97, d.abatementPercent());
        assertEquals(0.875, d.fabYield());
        assertEquals("ddr4_10nm", d.memoryRow());
        assertEquals(65, d.memoryGramsPerGb());
        assertTrue(d.memoryDividedByYield());
        assertEquals(65 / 0.875, d.memoryGramsPerGbApplied(), 1e-12);
    }

    @Test
    void namedSetsResolveAndUnknownOnesListTheKnown() {
        assertEquals(ActParameters.study(), ActParameters.named("study"));
        assertEquals(ActParameters.actDefaults(), ActParameters.named("act-defaults"));
        assertEquals(ActParameters.actDefaults(), ActParameters.named("ACT_DEFAULTS"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActParameters.named("paper"));
        assertTrue(e.getMessage().contains("'paper'") && e.getMessage().contains("study")
                && e.getMessage().contains("act-defaults"), e.getMessage());
    }

    @Test
    void withersChangeOneParameterAndSaySoInTheName() {
        ActParameters p = ActParameters.study().withYield(0.9).withAbatementPercent(95);
        assertEquals("study (yield 0.9, abatement 95%)", p.name());
        assertEquals(0.9, p.fabYield());
        assertEquals(95, p.abatementPercent());
        assertEquals(ActParameters.study().fabGrid(), p.fabGrid());

        ActParameters korea = ActParameters.study().withFabGrid(FabGrid.KOREA_2023);
        assertEquals(402, korea.fabGrid().intensity().toGramsPerKwh());
        assertTrue(korea.name().startsWith("study (fab grid Korea"), korea.name());

        ActParameters ddr4 = ActParameters.study().withMemoryRow("DDR4_10nm");
        assertEquals(65, ddr4.memoryGramsPerGb());
        assertEquals("ddr4_10nm", ddr4.memoryRow());

        ActParameters hbm = ActParameters.study().withMemory("HBM2e (vendor)", 120).withMemoryDividedByYield(true);
        assertEquals(120 / 0.875, hbm.memoryGramsPerGbApplied(), 1e-12);
        assertEquals("renamed", hbm.withName("renamed").name());
    }

    @Test
    void invalidValuesAreRejectedAsTheyAreSetNamingTheValue() {
        ActParameters s = ActParameters.study();
        assertMessage(() -> s.withYield(0), "yield", "0.0");
        assertMessage(() -> s.withYield(1.2), "yield", "1.2");
        assertMessage(() -> s.withYield(Double.NaN), "yield", "NaN");
        assertMessage(() -> s.withAbatementPercent(98), "abatement", "98");
        assertMessage(() -> s.withMemoryRow("hbm3"), "'hbm3'", "lpddr4");
        assertMessage(() -> s.withMemory("x", -1), "Memory carbon", "-1.0");
        assertMessage(() -> s.withMemory("x", Double.POSITIVE_INFINITY), "Memory carbon", "Infinity");
        assertMessage(() -> s.withPackagingGrams(-5), "Packaging", "-5.0");
        assertMessage(() -> s.withFabGrid("Mars", -1, "guess"), "CarbonIntensity", "-1.0");
        assertMessage(() -> FabGrid.act2023("atlantis"), "'atlantis'", "taiwan");
        assertMessage(() -> s.withName(" "), "name", "");
    }

    @Test
    void fabGridTablesAreActs() {
        assertEquals(642, FabGrid.act2023("Taiwan").intensity().toGramsPerKwh());
        assertEquals(402, FabGrid.act2023("korea").intensity().toGramsPerKwh());
        assertEquals(446, FabGrid.act2023("japan").intensity().toGramsPerKwh());
        assertEquals(369, FabGrid.act2023("usa").intensity().toGramsPerKwh());
        assertEquals(7.3, FabGrid.act2023("iceland").intensity().toGramsPerKwh());
        assertEquals(583, FabGrid.actCodeDefault("taiwan").intensity().toGramsPerKwh());
        assertEquals("USA", FabGrid.USA_2023.location());
        assertTrue(FabGrid.TAIWAN_ACT_CODE_DEFAULT.source().contains("location.json"));
    }

    @Test
    void footprintIsAffineInTheFabGridAndBracketedByItsRange() {
        List<GpuModel> gpus = GpuCatalog.all();
        qt().withExamples(300)
                .forAll(Generate.pick(gpus), doubles().between(0, 1000), doubles().between(0, 1000),
                        Generate.pick(List.of(95, 97, 99)))
                .checkAssert((gpu, a, b, abatement) -> {
                    ActParameters base = ActParameters.study().withAbatementPercent(abatement);
                    double fa = grams(gpu, base.withFabGrid("a", a, "test"));
                    double fb = grams(gpu, base.withFabGrid("b", b, "test"));
                    double fm = grams(gpu, base.withFabGrid("m", (a + b) / 2, "test"));
                    assertEquals((fa + fb) / 2, fm, 1e-9 * Math.max(1, fm), "affine in the grid");
                    assertTrue(a <= b ? fa <= fb + 1e-9 : fb <= fa + 1e-9, "monotone in the grid");

                    CarbonFigure c = EmbodiedCarbon.act(gpu, base.withFabGrid("a", a, "test"),
                            EmbodiedCarbon.DEFAULT_LIFETIME).footprint().carbon();
                    double lo = fa;
                    double hi = fa;
                    for (FabGrid g : base.rangeGrids()) {
                        double v = grams(gpu, base.withFabGrid(g).withRangeGrids(List.of()));
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                    // The range covers the fab grids and, beyond them, every other uncertain input.
                    assertTrue(c.low().toGrams() < lo, "low " + c.low() + " below the grids' low " + lo);
                    assertTrue(c.high().toGrams() > hi, "high " + c.high() + " above the grids' high " + hi);
                });
    }

    @Test
    void footprintFallsAsYieldRisesAndMemoryScalesWithCapacity() {
        qt().withExamples(300)
                .forAll(Generate.pick(GpuCatalog.all()), doubles().between(0.3, 0.99), doubles().between(0, 500))
                .checkAssert((gpu, yield, memoryGramsPerGb) -> {
                    ActParameters p = ActParameters.study().withMemory("test", memoryGramsPerGb).withYield(yield);
                    double lower = grams(gpu, p);
                    double higher = grams(gpu, p.withYield(Math.min(1.0, yield + 0.01)));
                    assertTrue(higher < lower, "a better yield lowers the footprint");
                    double noMemory = grams(gpu, p.withMemory("none", 0));
                    assertEquals(gpu.memoryGb() * memoryGramsPerGb, lower - noMemory, 1e-6 * Math.max(1, lower));
                    double dividedMemory = grams(gpu, p.withMemoryDividedByYield(true)) - noMemory;
                    assertEquals(gpu.memoryGb() * memoryGramsPerGb / yield, dividedMemory, 1e-6 * Math.max(1, lower));
                });
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String part : parts) {
            assertTrue(ex.getMessage().contains(part), "'" + ex.getMessage() + "' lacks '" + part + "'");
        }
    }
}
