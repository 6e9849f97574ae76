package dev.greenslice.carbon.embodied;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.gpu.GpuDie;
import dev.greenslice.carbon.gpu.GpuModel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The ACT model applied to one GPU: footprint = die area × carbon per area + memory × carbon per GB
 * (+ packaging), carbon per area = (fab grid × EPA + GPA + MPA) / yield. Computed once at construction; the
 * low/high range covers every uncertain input at once (see {@link ActRange}).
 */
final class ActEmbodiedCarbon implements EmbodiedCarbon {

    static final String MODEL = "ACT (Gupta et al., ISCA 2022)";

    private final GpuModel gpu;
    private final ActParameters parameters;
    private final Duration lifetime;
    private final EmbodiedFootprint footprint;

    ActEmbodiedCarbon(GpuModel gpu, ActParameters parameters, Duration lifetime) {
        this.gpu = Objects.requireNonNull(gpu, "gpu");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("Embodied carbon of " + gpu.id()
                    + ": the service lifetime must be positive, got " + lifetime);
        }
        this.footprint = compute();
    }

    @Override
    public EmbodiedFootprint footprint() {
        return footprint;
    }

    @Override
    public Duration lifetime() {
        return lifetime;
    }

    /** gCO2e per cm² of die on {@code grid}. */
    private double carbonPerAreaGramsPerCm2(CarbonIntensity grid) {
        String node = gpu.die().actNode();
        double epa = ActTables.lookup(ActTables.EPA_KWH_PER_CM2, node, "process-node");
        double gpa = ActTables.gpa(node, parameters.abatementPercent());
        double mpa = ActTables.lookup(ActTables.MPA_G_PER_CM2, node, "process-node");
        return (grid.toGramsPerKwh() * epa + gpa + mpa) / parameters.fabYield();
    }

    private double totalGrams(CarbonIntensity grid) {
        return gpu.die().areaCm2() * carbonPerAreaGramsPerCm2(grid) + memoryGrams() + parameters.packagingGrams();
    }

    private double memoryGrams() {
        return gpu.memoryGb() * parameters.memoryGramsPerGbApplied();
    }

    private EmbodiedFootprint compute() {
        GpuDie die = gpu.die();
        String node = die.actNode();
        double value = totalGrams(parameters.fabGrid().intensity());
        double epa = ActTables.lookup(ActTables.EPA_KWH_PER_CM2, node, "process-node");
        double gpa = ActTables.gpa(node, parameters.abatementPercent());
        double mpa = ActTables.lookup(ActTables.MPA_G_PER_CM2, node, "process-node");
        ActRange range = ActRange.of(gpu, parameters, parameters.fabGrid().intensity().toGramsPerKwh(), epa, mpa);
        CarbonFigure carbon = new CarbonFigure(CarbonMass.ofGrams(value), CarbonMass.ofGrams(range.lowGrams),
                CarbonMass.ofGrams(range.highGrams));
        double cpa = carbonPerAreaGramsPerCm2(parameters.fabGrid().intensity());
        double dieGrams = die.areaCm2() * cpa;

        List<Assumption> a = new ArrayList<>();
        a.add(Assumption.of("die", die.name() + ", " + num(die.areaMm2()) + " mm2 (" + num(die.areaCm2()) + " cm2), "
                + die.processNode(), "GPU catalog (NVIDIA architecture whitepaper)"));
        a.add(Assumption.of("ACT process row", node, die.note().isEmpty()
                ? "ACT logic tables, the row of " + die.processNode() : die.note()));
        a.add(Assumption.of("fab grid intensity", num(parameters.fabGrid().intensity().toGramsPerKwh())
                + " gCO2e/kWh (" + parameters.fabGrid().location() + ")", parameters.fabGrid().source()));
        a.add(Assumption.of("fab energy per area (EPA)", num(epa) + " kWh/cm2", ActTables.SOURCE_EPA + ", " + node));
        a.add(Assumption.of("gas abatement", parameters.abatementPercent() + "%",
                parameters.abatementPercent() == 97 ? "ACT code default (mean of its 95% and 99% tables)"
                        : "ACT gas table for " + parameters.abatementPercent() + "% abatement"));
        a.add(Assumption.of("fab gas per area (GPA)", num(gpa) + " gCO2e/cm2",
                ActTables.gpaSource(parameters.abatementPercent()) + ", " + node));
        a.add(Assumption.of("materials per area (MPA)", num(mpa) + " gCO2e/cm2", ActTables.SOURCE_MPA + ", " + node));
        a.add(Assumption.of("fab yield", num(parameters.fabYield()), "ACT default fab_yield (logic model)"));
        a.add(Assumption.of("carbon per die area", num(cpa) + " gCO2e/cm2", "(fab grid x EPA + GPA + MPA) / yield"));
        a.add(Assumption.of("die carbon", num(dieGrams) + " gCO2e", "die area x carbon per die area"));
        a.add(Assumption.of("memory", num(gpu.memoryGb()) + " GB " + gpu.memoryType(), "GPU catalog (product datasheet)"));
        a.add(Assumption.of("memory carbon per GB", num(parameters.memoryGramsPerGb()) + " gCO2e/GB ("
                        + parameters.memoryRow() + ", " + (parameters.memoryDividedByYield() ? "divided by yield"
                        : "not divided by yield") + ")",
                memorySource()));
        a.add(Assumption.of("memory carbon", num(memoryGrams()) + " gCO2e", "memory GB x carbon per GB"));
        a.add(Assumption.of("packaging", parameters.packagingGrams() == 0 ? "not counted (0 gCO2e)"
                        : num(parameters.packagingGrams()) + " gCO2e",
                parameters.packagingGrams() == 0 ? "ACT boundary: die and memory only" : "parameter set " + parameters.name()));
        a.add(Assumption.of("fab-grid range", rangeText(), "low/high recomputed with each grid; ACT "
                + "location_2023 rows of the regions with leading-edge logic fabs unless overridden"));
        a.addAll(range.bounds);
        a.add(Assumption.of("service lifetime", num(lifetime.toHours() / 8760.0) + " years ("
                + String.format(Locale.ROOT, "%,d", lifetime.toHours()) + " h)", lifetime.equals(EmbodiedCarbon.DEFAULT_LIFETIME) ? "default: 5 years of 365 days"
                : "given"));
        return EmbodiedFootprint.builder().device(gpu.id()).carbon(carbon).model(MODEL).parameterSet(parameters.name())
                .boundary(boundary()).parameters(a).build();
    }

    private String memorySource() {
        boolean actRow = ActTables.DRAM_G_PER_GB.containsKey(parameters.memoryRow());
        String row = actRow ? ActTables.SOURCE_DRAM + ", row " + parameters.memoryRow() : "given (" + parameters.name() + ")";
        if (gpu.memoryType().toUpperCase(Locale.ROOT).startsWith("HBM") || gpu.memoryType().toUpperCase(Locale.ROOT)
                .startsWith("GDDR")) {
            row += "; ACT has no " + gpu.memoryType() + " row, so this DRAM row stands in (likely an underestimate"
                    + " for stacked HBM)";
        }
        return row;
    }

    private String boundary() {
        return parameters.packagingGrams() == 0 ? "die + memory (ACT boundary)"
                : "die + memory + packaging (ACT boundary plus stated packaging)";
    }

    private String rangeText() {
        if (parameters.rangeGrids().isEmpty()) {
            return "none (no range grids)";
        }
        StringBuilder b = new StringBuilder();
        for (FabGrid g : parameters.rangeGrids()) {
            b.append(b.length() == 0 ? "" : ", ").append(g.location()).append(' ')
                    .append(num(g.intensity().toGramsPerKwh()));
        }
        return b.append(" gCO2e/kWh").toString();
    }

    /** A figure as the assumptions print it: whole numbers bare, else up to four decimals. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        // Five significant digits and four decimals at most: no input of the model is known better.
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(5));
        if (d.scale() > 4) {
            d = d.setScale(4, java.math.RoundingMode.HALF_EVEN);
        }
        String s = d.stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    @Override
    public String toString() {
        return "ACT embodied carbon of " + gpu.id() + " (" + parameters.name() + "): " + footprint.carbon()
                + " over " + String.format(Locale.ROOT, "%,d", lifetime.toHours()) + " h";
    }
}
