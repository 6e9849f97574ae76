package dev.greenslice.carbon.embodied;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.gpu.GpuModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The low and high ends of an ACT footprint: every input the footprint lists as uncertain, taken at its
 * low-carbon end for the low figure and at its high-carbon end for the high figure, each end never narrower
 * than the parameter set's own value, so that {@code low <= value <= high} by construction and both are strict
 * whenever an input is uncertain. Each bound is an {@link Assumption} naming its source.
 *
 * <p>The inputs and their ranges:
 * <ul>
 *   <li>fab grid: the parameter set's range grids (ACT 2023 rows of the leading-edge fab regions);</li>
 *   <li>gas abatement: ACT's 99 % table (low) and 95 % table (high);</li>
 *   <li>carbon per die area: the imec.netzero figure ACT ships, where it is lower than ACT's own low end;</li>
 *   <li>fab yield: 1 (every die usable, low) and Murphy's yield model at a defect density of 0.1 /cm² (high;
 *       it ignores die harvesting, by which NVIDIA sells partly defective dies, so it overstates the loss);</li>
 *   <li>memory per GB: ACT has no HBM or GDDR row; the range spans its DRAM rows of 30 nm-class and newer
 *       processes, 48 g/GB (lpddr4) to 230 g/GB (ddr3_30nm), since stacking adds TSV and base-die steps that
 *       no row covers;</li>
 *   <li>packaging: outside ACT's die + memory boundary; the high end adds ACT's 150 g per packaged IC for the
 *       GPU die and each memory package.</li>
 * </ul>
 * EPA and MPA have one figure per process row in ACT's tables and no published range; they stay as they are.
 */
final class ActRange {

    /** Defect density for the pessimistic yield, defects per cm². */
    static final double DEFECT_DENSITY_PER_CM2 = 0.1;
    static final String YIELD_SOURCE = "Murphy's yield model ((1 - e^-AD) / AD)^2 at a defect density D of 0.1 /cm2,"
            + " the order TSMC has reported for N7/N5 in volume; it ignores die harvesting, so it overstates the loss";
    static final String MEMORY_ROW_LOW = "lpddr4";
    static final String MEMORY_ROW_HIGH = "ddr3_30nm";

    /** Memory packages (HBM stacks or GDDR chips) per catalog product, from the products' datasheets. */
    private static final Map<String, Integer> MEMORY_PACKAGES = Map.ofEntries(
            Map.entry("A100-PCIE-40GB", 5), Map.entry("A100-SXM4-40GB", 5), Map.entry("A100-PCIE-80GB", 5),
            Map.entry("A100-SXM4-80GB", 5), Map.entry("H100-SXM5-80GB", 5), Map.entry("H100-PCIE-80GB", 5),
            Map.entry("H100-NVL-94GB", 6), Map.entry("H200-SXM-141GB", 6), Map.entry("A30-24GB", 4),
            Map.entry("L4-24GB", 12), Map.entry("T4-16GB", 8));

    final double lowGrams;
    final double highGrams;
    final List<Assumption> bounds;

    private ActRange(double lowGrams, double highGrams, List<Assumption> bounds) {
        this.lowGrams = lowGrams;
        this.highGrams = highGrams;
        this.bounds = bounds;
    }

    static ActRange of(GpuModel gpu, ActParameters p, double pointGrid, double epa, double mpa) {
        String node = gpu.die().actNode();
        double area = gpu.die().areaCm2();
        List<Assumption> a = new ArrayList<>();

        double gridLow = pointGrid;
        double gridHigh = pointGrid;
        for (FabGrid g : p.rangeGrids()) {
            gridLow = Math.min(gridLow, g.intensity().toGramsPerKwh());
            gridHigh = Math.max(gridHigh, g.intensity().toGramsPerKwh());
        }
        a.add(Assumption.of("range: fab grid", ActEmbodiedCarbon.num(gridLow) + " to " + ActEmbodiedCarbon.num(gridHigh) + " gCO2e/kWh",
                p.rangeGrids().isEmpty() ? "the set's own grid only (no range grids)"
                        : "ACT location_2023 rows of the set's range grids"));

        double gpa = ActTables.gpa(node, p.abatementPercent());
        double gpaLow = Math.min(gpa, ActTables.gpa(node, 99));
        double gpaHigh = Math.max(gpa, ActTables.gpa(node, 95));
        a.add(Assumption.of("range: fab gas per area (GPA)", ActEmbodiedCarbon.num(gpaLow) + " to " + ActEmbodiedCarbon.num(gpaHigh) + " gCO2e/cm2",
                ActTables.SOURCE_GPA_99 + " (low); " + ActTables.SOURCE_GPA_95 + " (high)"));

        double yieldLow = Math.min(p.fabYield(), murphyYield(area));
        double yieldHigh = 1.0;
        a.add(Assumption.of("range: fab yield", ActEmbodiedCarbon.num(yieldLow) + " to " + ActEmbodiedCarbon.num(yieldHigh),
                YIELD_SOURCE + " (high-carbon end); a yield cannot exceed 1 (low-carbon end)"));

        double cpaLow = (gridLow * epa + gpaLow + mpa) / yieldHigh;
        Double imec = ActTables.IMEC_CPA_G_PER_CM2.get(node);
        String cpaLowSource = "ACT formula at the low ends above";
        if (imec != null && imec < cpaLow) {
            cpaLow = imec;
            cpaLowSource = ActTables.SOURCE_IMEC_CPA + ", row " + node + ", lower than ACT's formula at its low ends";
        }
        double cpa = (pointGrid * epa + gpa + mpa) / p.fabYield();
        cpaLow = Math.min(cpaLow, cpa);
        double cpaHigh = Math.max(cpa, (gridHigh * epa + gpaHigh + mpa) / yieldLow);
        a.add(Assumption.of("range: carbon per die area", ActEmbodiedCarbon.num(cpaLow) + " to " + ActEmbodiedCarbon.num(cpaHigh) + " gCO2e/cm2",
                cpaLowSource + " (low); ACT formula at the high ends above (high)"));

        double memory = p.memoryGramsPerGbApplied();
        double memLow = Math.min(memory, ActTables.lookup(ActTables.DRAM_G_PER_GB, MEMORY_ROW_LOW, "DRAM"));
        double memHigh = Math.max(memory, ActTables.lookup(ActTables.DRAM_G_PER_GB, MEMORY_ROW_HIGH, "DRAM"));
        a.add(Assumption.of("range: memory carbon per GB", ActEmbodiedCarbon.num(memLow) + " to " + ActEmbodiedCarbon.num(memHigh) + " gCO2e/GB",
                ActTables.SOURCE_DRAM + ", rows " + MEMORY_ROW_LOW + " (low) and " + MEMORY_ROW_HIGH + " (high): ACT"
                        + " has no " + gpu.memoryType() + " row, and stacking adds steps no row covers"));

        int ics = 1 + memoryPackages(gpu);
        double packagingHigh = Math.max(p.packagingGrams(), ics * ActTables.PACKAGE_G_PER_IC);
        a.add(Assumption.of("range: packaging", ActEmbodiedCarbon.num(p.packagingGrams()) + " to " + ActEmbodiedCarbon.num(packagingHigh) + " gCO2e ("
                + ics + " packaged ICs: the GPU die and " + (ics - 1) + " memory packages)",
                ActTables.SOURCE_PACKAGE + "; package count from the product datasheet"));

        double low = area * cpaLow + gpu.memoryGb() * memLow + p.packagingGrams();
        double high = area * cpaHigh + gpu.memoryGb() * memHigh + packagingHigh;
        a.add(Assumption.of("range: EPA and MPA", "not varied",
                "ACT publishes one figure per process row and no range"));
        return new ActRange(low, high, List.copyOf(a));
    }

    /** Murphy's yield for a die of {@code areaCm2} at {@link #DEFECT_DENSITY_PER_CM2}. */
    static double murphyYield(double areaCm2) {
        double ad = areaCm2 * DEFECT_DENSITY_PER_CM2;
        double y = (1 - Math.exp(-ad)) / ad;
        return y * y;
    }

    /** Memory packages of {@code gpu}: the datasheet count, else one per 16 GB of HBM or per 2 GB of GDDR. */
    static int memoryPackages(GpuModel gpu) {
        Integer known = MEMORY_PACKAGES.get(gpu.id());
        if (known != null) {
            return known;
        }
        boolean hbm = gpu.memoryType().toUpperCase(Locale.ROOT).startsWith("HBM");
        return (int) Math.max(1, Math.ceil(gpu.memoryGb() / (hbm ? 16.0 : 2.0)));
    }
}
