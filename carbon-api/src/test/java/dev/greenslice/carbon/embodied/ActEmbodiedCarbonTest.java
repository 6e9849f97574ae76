package dev.greenslice.carbon.embodied;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActEmbodiedCarbonTest {

    @Test
    void a100Pcie40WithTheStudyParametersIs21_56Kilograms() {
        EmbodiedCarbon e = EmbodiedCarbon.act(GpuCatalog.A100_PCIE_40GB);
        // (642 × 2.15 + 200 + 500) / 0.875 × 8.26 cm² + 40 GB × 48 g/GB
        double expected = (642 * 2.15 + 200 + 500) / 0.875 * 8.26 + 40 * 48;
        assertEquals(21_558.0, expected, 0.1);
        assertEquals(expected, e.footprint().carbon().value().toGrams(), 1e-6);
        assertEquals(21.56, e.footprint().carbon().value().toKilograms(), 0.05);
        assertEquals("study", e.footprint().parameterSet());
        assertEquals("die + memory (ACT boundary)", e.footprint().boundary());
        assertEquals("A100-PCIE-40GB", e.footprint().device());
        assertTrue(e.footprint().model().startsWith("ACT"));
        assertEquals(EmbodiedCarbon.DEFAULT_LIFETIME, e.lifetime());
        assertEquals(Duration.ofHours(43_800), e.lifetime());
    }

    @Test
    void a100Pcie40WithActCodeDefaultsIsAbout22_1Kilograms() {
        EmbodiedCarbon e = EmbodiedCarbon.act(GpuCatalog.A100_PCIE_40GB, ActParameters.actDefaults(),
                EmbodiedCarbon.DEFAULT_LIFETIME);
        // 97% abatement is the mean of the 95% (350) and 99% (200) rows; DDR4 65 g/GB divided by yield.
        double expected = (583 * 2.15 + (350 + 200) / 2.0 + 500) / 0.875 * 8.26 + 40 * 65 / 0.875;
        assertEquals(expected, e.footprint().carbon().value().toGrams(), 1e-6);
        assertEquals(22.1, e.footprint().carbon().value().toKilograms(), 0.05);
        assertEquals("act-defaults", e.footprint().parameterSet());
    }

    @Test
    void hopperUsesTheFiveNanometreRowAndTuringTheFourteen() {
        double h100 = (642 * 2.75 + 225 + 500) / 0.875 * 8.14 + 80 * 48;
        assertEquals(h100, EmbodiedCarbon.act(GpuCatalog.H100_SXM5_80GB).footprint().carbon().value().toGrams(), 1e-6);
        double h200 = (642 * 2.75 + 225 + 500) / 0.875 * 8.14 + 141 * 48;
        assertEquals(h200, EmbodiedCarbon.act(GpuCatalog.H200_SXM_141GB).footprint().carbon().value().toGrams(), 1e-6);
        double l4 = (642 * 2.75 + 225 + 500) / 0.875 * 2.945 + 24 * 48;
        assertEquals(l4, EmbodiedCarbon.act(GpuCatalog.L4_24GB).footprint().carbon().value().toGrams(), 1e-6);
        double t4 = (642 * 1.2 + 125 + 500) / 0.875 * 5.45 + 16 * 48;
        assertEquals(t4, EmbodiedCarbon.act(GpuCatalog.T4_16GB).footprint().carbon().value().toGrams(), 1e-6);

        Map<String, Assumption> a = byName(EmbodiedCarbon.act(GpuCatalog.H100_SXM5_80GB).footprint().parameters());
        assertEquals("5nm", a.get("ACT process row").value());
        assertTrue(a.get("ACT process row").source().contains("4N"), a.get("ACT process row").source());
    }

    @Test
    void rangeTakesEveryUncertainInputAtItsEnds() {
        CarbonFigure c = EmbodiedCarbon.act(GpuCatalog.A100_PCIE_40GB).footprint().carbon();
        // Low: USA grid (369), 99 % abatement, yield 1, and the imec.netzero 7 nm figure (1,440 g/cm2) where it is
        // below ACT's formula at those ends ((369 x 2.15 + 200 + 500) / 1 = 1,493); memory at lpddr4; no packaging.
        assertEquals(8.26 * 1440 + 40 * 48, c.low().toGrams(), 1e-6);
        // High: Taiwan (642), 95 % abatement, Murphy's yield at 0.1 defects/cm2, memory at ddr3_30nm (230 g/GB),
        // packaging 150 g for the die and each of the 5 HBM2 stacks.
        double ad = 8.26 * 0.1;
        double murphy = Math.pow((1 - Math.exp(-ad)) / ad, 2);
        assertEquals(0.4633, murphy, 1e-4);
        assertEquals(8.26 * (642 * 2.15 + 350 + 500) / murphy + 40 * 230 + 6 * 150, c.high().toGrams(), 1e-6);
        assertTrue(c.low().toGrams() < c.value().toGrams() && c.value().toGrams() < c.high().toGrams(), c.toString());

        // A dirtier fab grid than every range grid is still inside its own range.
        ActParameters india = ActParameters.study().withFabGrid(FabGrid.act2023("india"));
        CarbonFigure dirtier = EmbodiedCarbon.act(GpuCatalog.A100_PCIE_40GB, india, EmbodiedCarbon.DEFAULT_LIFETIME)
                .footprint().carbon();
        assertTrue(dirtier.high().toGrams() > dirtier.value().toGrams());
        assertEquals(8.26 * (713 * 2.15 + 350 + 500) / murphy + 40 * 230 + 6 * 150, dirtier.high().toGrams(), 1e-6);

        // Without range grids the grid is fixed, but yield, gases, memory and packaging stay uncertain.
        ActParameters noGrids = ActParameters.study().withRangeGrids(List.of());
        CarbonFigure fixedGrid = EmbodiedCarbon.act(GpuCatalog.A100_PCIE_40GB, noGrids, EmbodiedCarbon.DEFAULT_LIFETIME)
                .footprint().carbon();
        assertTrue(fixedGrid.low().toGrams() < fixedGrid.value().toGrams());
        assertTrue(fixedGrid.high().toGrams() < c.high().toGrams() + 1e-9);
    }

    @Test
    void lowIsBelowAndHighAboveThePointForEveryCatalogGpuAndBothSets() {
        int checked = 0;
        for (GpuModel gpu : GpuCatalog.all()) {
            for (ActParameters p : List.of(ActParameters.study(), ActParameters.actDefaults(),
                    ActParameters.study().withYield(0.3).withPackagingGrams(5000).withMemory("HBM (vendor)", 900))) {
                CarbonFigure c = EmbodiedCarbon.act(gpu, p, EmbodiedCarbon.DEFAULT_LIFETIME).footprint().carbon();
                String what = gpu.id() + " / " + p.name() + ": " + c;
                assertTrue(c.low().toGrams() < c.value().toGrams(), what);
                assertTrue(c.value().toGrams() < c.high().toGrams(), what);
                Map<String, Assumption> a = byName(EmbodiedCarbon.act(gpu, p, EmbodiedCarbon.DEFAULT_LIFETIME)
                        .footprint().parameters());
                for (String bound : List.of("range: fab grid", "range: fab gas per area (GPA)", "range: fab yield",
                        "range: carbon per die area", "range: memory carbon per GB", "range: packaging",
                        "range: EPA and MPA")) {
                    assertTrue(a.containsKey(bound), "missing " + bound + " for " + what);
                    assertFalse(a.get(bound).source().isBlank(), bound);
                }
                checked++;
            }
        }
        assertEquals(GpuCatalog.all().size() * 3, checked);
    }

    @Test
    void everyParameterIsAnAssumptionWithItsSource() {
        EmbodiedFootprint f = EmbodiedCarbon.act(GpuCatalog.A100_PCIE_40GB).footprint();
        Map<String, Assumption> a = byName(f.parameters());
        for (String name : List.of("die", "ACT process row", "fab grid intensity", "fab energy per area (EPA)",
                "gas abatement", "fab gas per area (GPA)", "materials per area (MPA)", "fab yield",
                "carbon per die area", "die carbon", "memory", "memory carbon per GB", "memory carbon", "packaging",
                "fab-grid range", "service lifetime")) {
            assertTrue(a.containsKey(name), "missing assumption " + name + " in " + a.keySet());
            assertFalse(a.get(name).source().isBlank(), name);
        }
        assertEquals("642 gCO2e/kWh (Taiwan)", a.get("fab grid intensity").value());
        assertTrue(a.get("fab grid intensity").source().contains("location_2023"));
        assertEquals("99%", a.get("gas abatement").value());
        assertEquals("200 gCO2e/cm2", a.get("fab gas per area (GPA)").value());
        assertEquals("2.15 kWh/cm2", a.get("fab energy per area (EPA)").value());
        assertEquals("500 gCO2e/cm2", a.get("materials per area (MPA)").value());
        assertEquals("0.875", a.get("fab yield").value());
        assertEquals("48 gCO2e/GB (lpddr4, not divided by yield)", a.get("memory carbon per GB").value());
        assertTrue(a.get("memory carbon per GB").source().contains("no HBM2 row"), a.get("memory carbon per GB").source());
        assertEquals("1920 gCO2e", a.get("memory carbon").value());
        assertEquals("5 years (43,800 h)", a.get("service lifetime").value());
        assertTrue(a.get("fab-grid range").value().contains("Korea 402"), a.get("fab-grid range").value());
    }

    @Test
    void attributionIsTimeOverLifetimeTimesShare() {
        EmbodiedCarbon e = EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB);
        double footprint = e.footprint().carbon().value().toGrams();

        assertEquals(footprint, e.attribute(e.lifetime(), 1.0).value().toGrams(), 1e-6);
        assertEquals(footprint / 2, e.attribute(e.lifetime().dividedBy(2), 1.0).value().toGrams(), 1e-6);
        double oneHour = footprint / 43_800.0;
        assertEquals(oneHour, e.attribute(Duration.ofHours(1), 1.0).value().toGrams(), 1e-9);

        // SCI resource share: a 3g instance reserves 3 of 7 compute slices.
        int slices = GpuCatalog.A100_SXM4_80GB.mig().resolve("3g").computeSlices();
        CarbonFigure threeG = e.attribute(Duration.ofHours(1), slices / 7.0);
        assertEquals(oneHour * 3 / 7, threeG.value().toGrams(), 1e-9);
        assertEquals(e.footprint().carbon().low().toGrams() / 43_800 * 3 / 7, threeG.low().toGrams(), 1e-9);
        assertEquals(0.0, e.attribute(Duration.ZERO, 1.0).value().toGrams());

        // The slices of a full layout add up to the whole device.
        double sum = 0;
        for (String p : List.of("4g", "2g", "1g")) {
            sum += e.attribute(Duration.ofHours(1), GpuCatalog.A100_SXM4_80GB.mig().resolve(p).computeSlices() / 7.0)
                    .value().toGrams();
        }
        assertEquals(oneHour, sum, 1e-9);

        assertThrows(IllegalArgumentException.class, () -> e.attribute(Duration.ofHours(-1), 1.0));
        assertThrows(IllegalArgumentException.class, () -> e.attribute(Duration.ofHours(1), 0.0));
        assertThrows(IllegalArgumentException.class, () -> e.attribute(Duration.ofHours(1), 8 / 7.0));
    }

    @Test
    void longLifetimesDoNotOverflow() {
        EmbodiedCarbon e = EmbodiedCarbon.act(GpuCatalog.T4_16GB, ActParameters.study(), EmbodiedCarbon.years(100));
        assertEquals(e.footprint().carbon().value().toGrams(),
                e.attribute(EmbodiedCarbon.years(100), 1).value().toGrams(), 1e-6);
        assertEquals(e.footprint().carbon().value().toGrams() * 4,
                e.attribute(Duration.ofDays(400 * 365L), 1).value().toGrams(), 1e-3);
    }

    @Test
    void lifetimeMustBePositive() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> EmbodiedCarbon.act(GpuCatalog.A30_24GB, ActParameters.study(), Duration.ZERO));
        assertTrue(zero.getMessage().contains("A30-24GB") && zero.getMessage().contains("lifetime"), zero.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EmbodiedCarbon.act(GpuCatalog.A30_24GB, ActParameters.study(), Duration.ofDays(-1)));
        assertEquals(EmbodiedCarbon.DEFAULT_LIFETIME, EmbodiedCarbon.years(5));
        assertEquals(Duration.ofDays(365 * 3 / 2).plusHours(12), EmbodiedCarbon.years(1.5));
        for (double bad : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY, 101}) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> EmbodiedCarbon.years(bad));
            assertTrue(ex.getMessage().contains(String.valueOf(bad)), ex.getMessage());
        }
    }

    @Test
    void packagingExtendsTheBoundaryAndAddsItsGrams() {
        ActParameters p = ActParameters.study().withPackagingGrams(150);
        EmbodiedFootprint f = EmbodiedCarbon.act(GpuCatalog.A100_PCIE_40GB, p, EmbodiedCarbon.DEFAULT_LIFETIME).footprint();
        double base = EmbodiedCarbon.act(GpuCatalog.A100_PCIE_40GB).footprint().carbon().value().toGrams();
        assertEquals(base + 150, f.carbon().value().toGrams(), 1e-6);
        assertTrue(f.boundary().contains("packaging"), f.boundary());
        assertEquals("study (packaging 150.0 g)", f.parameterSet());
    }

    private static Map<String, Assumption> byName(List<Assumption> list) {
        return list.stream().collect(Collectors.toMap(Assumption::name, x -> x));
    }

    static double grams(GpuModel gpu, ActParameters p) {
        return EmbodiedCarbon.act(gpu, p, EmbodiedCarbon.DEFAULT_LIFETIME).footprint().carbon().value().toGrams();
    }
}
