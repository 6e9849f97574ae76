package dev.greenslice.carbon.embodied;

import dev.greenslice.carbon.CarbonIntensity;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The inputs of the ACT embodied-carbon model that are not properties of the chip: the fab's grid, how
 * well the fab abates its process gases, the fab yield, the carbon of memory per GB, and packaging.
 *
 * <p>Two named sets: {@link #study()}, the co-location study's, and {@link #actDefaults()}, the defaults
 * of ACT's own code. Every {@code with…} method returns a copy with one parameter changed, validated as it
 * is set, and renamed to say so (e.g. {@code "study (yield 0.9)"}), so a figure always names the set it
 * came from. Immutable and thread-safe.
 *
 * <p>Memory. ACT's DRAM rows are SK hynix DDR/LPDDR parts; there is no row for the HBM stacks of data
 * centre GPUs or for GDDR6. The study uses ACT's {@code lpddr4} row (48 gCO2e/GB, the most recent and
 * lowest row), ACT's code defaults to {@code ddr4_10nm} (65 gCO2e/GB). HBM stacks several DRAM dies on a
 * logic base die with through-silicon vias, so either row likely understates HBM: treat the memory term
 * as a lower bound, or set your own figure with {@link #withMemory(String, double)}.
 */
public final class ActParameters {
    private final String name;
    private final FabGrid fabGrid;
    private final int abatementPercent;
    private final double fabYield;
    private final String memoryRow;
    private final double memoryGramsPerGb;
    private final boolean memoryDividedByYield;
    private final double packagingGrams;
    private final List<FabGrid> rangeGrids;

    /** The name of {@link #study()}. */
    public static final String STUDY = "study";

    /** The name of {@link #actDefaults()}. */
    public static final String ACT_DEFAULTS = "act-defaults";

    /**
     * A parameter set as given; prefer {@link #study()} or {@link #actDefaults()} and the {@code with…} methods,
     * which name what they change.
     *
     * @param name                 the set's name, e.g. {@code "study"}, {@code "act-defaults"}
     * @param fabGrid              the grid of the fab that makes the die
     * @param abatementPercent     fab gas abatement: 95 or 99 (ACT's tables) or 97 (their mean, as ACT's code)
     * @param fabYield             fraction of good dies, in (0, 1]; die carbon is divided by it
     * @param memoryRow            the ACT DRAM row (or your own label) of the memory figure
     * @param memoryGramsPerGb     manufacturing carbon of memory, gCO2e per GB, {@code >= 0}
     * @param memoryDividedByYield whether the memory figure is also divided by the yield (ACT's code does)
     * @param packagingGrams       packaging carbon added per device, gCO2e, {@code >= 0} (0: not counted, as ACT)
     * @param rangeGrids           the fab grids the low/high range is recomputed over
     * @throws NullPointerException if the name, fab grid, memory row or range grids (or one of them) is null
     * @throws IllegalArgumentException naming the parameter, its value and what it must be: a blank name, an
     *                                  abatement other than 95, 97 or 99, a yield outside (0, 1], a negative, NaN or
     *                                  infinite memory or packaging figure
     */
    private ActParameters(String name, FabGrid fabGrid, int abatementPercent, double fabYield, String memoryRow,
            double memoryGramsPerGb, boolean memoryDividedByYield, double packagingGrams, List<FabGrid> rangeGrids) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fabGrid, "fabGrid");
        Objects.requireNonNull(memoryRow, "memoryRow");
        if (name.isBlank()) {
            throw new IllegalArgumentException("An ACT parameter set needs a name");
        }
        if (abatementPercent != 95 && abatementPercent != 97 && abatementPercent != 99) {
            throw new IllegalArgumentException("ACT gas abatement must be 95, 97 or 99 (%), got " + abatementPercent
                    + ": ACT publishes gas-per-area tables for 95% and 99% and uses their mean for 97%");
        }
        if (!(fabYield > 0 && fabYield <= 1)) {
            throw new IllegalArgumentException("Fab yield must be a fraction in (0, 1], got " + fabYield
                    + " (ACT's default is 0.875)");
        }
        if (!(memoryGramsPerGb >= 0) || Double.isInfinite(memoryGramsPerGb)) {
            throw new IllegalArgumentException("Memory carbon must be a finite, non-negative gCO2e/GB, got "
                    + memoryGramsPerGb);
        }
        if (!(packagingGrams >= 0) || Double.isInfinite(packagingGrams)) {
            throw new IllegalArgumentException("Packaging carbon must be a finite, non-negative gCO2e, got "
                    + packagingGrams);
        }
        rangeGrids = List.copyOf(rangeGrids);
        this.name = name;
        this.fabGrid = fabGrid;
        this.abatementPercent = abatementPercent;
        this.fabYield = fabYield;
        this.memoryRow = memoryRow;
        this.memoryGramsPerGb = memoryGramsPerGb;
        this.memoryDividedByYield = memoryDividedByYield;
        this.packagingGrams = packagingGrams;
        this.rangeGrids = rangeGrids;
    }

    /**
     * The co-location study's parameters: Taiwan fab grid at 642 gCO2e/kWh (ACT {@code location_2023}),
     * 99% gas abatement, yield 0.875, memory at ACT's {@code lpddr4} 48 gCO2e/GB not divided by yield, no
     * packaging. With them an A100 PCIe 40 GB comes to 21.56 kgCO2e.
     *
     * @return the set named {@value #STUDY}, its range over the leading-edge fab regions of 2023
     */
    public static ActParameters study() {
        return new ActParameters(STUDY, FabGrid.TAIWAN_2023, 99, 0.875, "lpddr4",
                ActTables.lookup(ActTables.DRAM_G_PER_GB, "lpddr4", "DRAM"), false, 0.0,
                FabGrid.LEADING_EDGE_FAB_REGIONS_2023);
    }

    /**
     * The defaults of ACT's code: Taiwan fab grid at 583 gCO2e/kWh ({@code loc_taiwan} in
     * {@code location.json}), 97% abatement, yield 0.875, memory at {@code ddr4_10nm} 65 gCO2e/GB divided
     * by yield, no packaging. With them an A100 PCIe 40 GB comes to about 22.1 kgCO2e.
     *
     * @return the set named {@value #ACT_DEFAULTS}
     */
    public static ActParameters actDefaults() {
        return new ActParameters(ACT_DEFAULTS, FabGrid.TAIWAN_ACT_CODE_DEFAULT, 97, 0.875, "ddr4_10nm",
                ActTables.lookup(ActTables.DRAM_G_PER_GB, "ddr4_10nm", "DRAM"), true, 0.0,
                FabGrid.LEADING_EDGE_FAB_REGIONS_2023);
    }

    /**
     * A named set: {@code study} or {@code act-defaults} (case-insensitive; {@code act}, {@code act_defaults}
     * accepted).
     *
     * @param set the name, e.g. from a command-line flag; null or blank is unknown
     * @return {@link #study()} or {@link #actDefaults()}
     * @throws IllegalArgumentException naming the input and the known sets
     */
    public static ActParameters named(String set) {
        String s = set == null ? "" : set.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (s) {
            case STUDY -> study();
            case ACT_DEFAULTS, "act", "act-default" -> actDefaults();
            default -> throw new IllegalArgumentException("Unknown ACT parameter set '" + set + "'; known: "
                    + STUDY + ", " + ACT_DEFAULTS);
        };
    }

    /**
     * A copy under another name, e.g. to label a set of your own in reports.
     *
     * @param newName the name; not blank
     * @return a copy with this name and every parameter unchanged
     * @throws IllegalArgumentException for a blank name
     */
    public ActParameters withName(String newName) {
        return new ActParameters(newName, fabGrid, abatementPercent, fabYield, memoryRow, memoryGramsPerGb,
                memoryDividedByYield, packagingGrams, rangeGrids);
    }

    /**
     * A copy with the die made on another grid, renamed to say so.
     *
     * @param grid the fab's grid
     * @return a copy with the die made on {@code grid}
     */
    public ActParameters withFabGrid(FabGrid grid) {
        Objects.requireNonNull(grid, "grid");
        return new ActParameters(derived("fab grid " + grid), grid, abatementPercent, fabYield, memoryRow,
                memoryGramsPerGb, memoryDividedByYield, packagingGrams, rangeGrids);
    }

    /**
     * A copy with the die made on a grid of your own, renamed to say so.
     *
     * @param location    where the fab is, e.g. {@code "Arizona"}; not blank
     * @param gramsPerKwh the grid's intensity, in gCO2e/kWh
     * @param source      where the figure comes from, for reports
     * @return a copy with the fab grid at {@code gramsPerKwh} gCO2e/kWh
     * @throws IllegalArgumentException for a negative, NaN or infinite intensity, or a blank location
     */
    public ActParameters withFabGrid(String location, double gramsPerKwh, String source) {
        return withFabGrid(FabGrid.of(location, CarbonIntensity.ofGramsPerKwh(gramsPerKwh), source));
    }

    /**
     * A copy with another fab gas abatement, renamed to say so.
     *
     * @param percent 95 or 99 (ACT's tables) or 97 (their mean)
     * @return the copy
     * @throws IllegalArgumentException unless 95, 97 or 99
     */
    public ActParameters withAbatementPercent(int percent) {
        return new ActParameters(derived("abatement " + percent + "%"), fabGrid, percent, fabYield, memoryRow,
                memoryGramsPerGb, memoryDividedByYield, packagingGrams, rangeGrids);
    }

    /**
     * A copy with another fab yield, renamed to say so.
     *
     * @param newYield the fraction of good dies, in (0, 1]
     * @return the copy
     * @throws IllegalArgumentException unless in (0, 1]
     */
    public ActParameters withYield(double newYield) {
        return new ActParameters(derived("yield " + newYield), fabGrid, abatementPercent, newYield, memoryRow,
                memoryGramsPerGb, memoryDividedByYield, packagingGrams, rangeGrids);
    }

    /**
     * A copy with the memory figure of one of ACT's DRAM rows, renamed to say so.
     *
     * @param actRow one of ACT's DRAM rows: ddr3_50nm, ddr3_40nm, ddr3_30nm, lpddr3_30nm, lpddr3_20nm,
     *               lpddr2_20nm, lpddr4, ddr4_10nm (case-insensitive)
     * @return the copy
     * @throws IllegalArgumentException naming the row and listing ACT's
     */
    public ActParameters withMemoryRow(String actRow) {
        double g = ActTables.lookup(ActTables.DRAM_G_PER_GB, actRow, "DRAM");
        String row = actRow.trim().toLowerCase(Locale.ROOT);
        return new ActParameters(derived("memory " + row), fabGrid, abatementPercent, fabYield, row, g,
                memoryDividedByYield, packagingGrams, rangeGrids);
    }

    /**
     * A copy with a memory figure of your own (e.g. for HBM, which ACT has no row for), renamed to say so.
     *
     * @param label      what the figure is, e.g. {@code "HBM3 (vendor LCA)"}
     * @param gramsPerGb gCO2e per GB, finite and {@code >= 0}
     * @return the copy
     * @throws IllegalArgumentException for a negative, NaN or infinite figure
     */
    public ActParameters withMemory(String label, double gramsPerGb) {
        return new ActParameters(derived("memory " + label + " " + gramsPerGb + " g/GB"), fabGrid, abatementPercent,
                fabYield, label, gramsPerGb, memoryDividedByYield, packagingGrams, rangeGrids);
    }

    /**
     * A copy in which the memory figure is (or is not) divided by the fab yield, renamed to say so.
     *
     * @param divided true to divide, as ACT's code does; false as the study does
     * @return the copy
     */
    public ActParameters withMemoryDividedByYield(boolean divided) {
        return new ActParameters(derived(divided ? "memory / yield" : "memory not / yield"), fabGrid,
                abatementPercent, fabYield, memoryRow, memoryGramsPerGb, divided, packagingGrams, rangeGrids);
    }

    /**
     * A copy that adds packaging carbon per device, renamed to say so.
     *
     * @param grams gCO2e per device, finite and {@code >= 0}; 0 leaves packaging out, as ACT does
     * @return the copy
     * @throws IllegalArgumentException for a negative, NaN or infinite figure
     */
    public ActParameters withPackagingGrams(double grams) {
        return new ActParameters(derived("packaging " + grams + " g"), fabGrid, abatementPercent, fabYield,
                memoryRow, memoryGramsPerGb, memoryDividedByYield, grams, rangeGrids);
    }

    /**
     * A copy whose low/high range is recomputed over other fab grids, renamed to say so.
     *
     * @param grids the grids; empty for no range (low and high equal the value)
     * @return the copy
     */
    public ActParameters withRangeGrids(List<FabGrid> grids) {
        return new ActParameters(derived("range over " + grids.size() + " grids"), fabGrid, abatementPercent,
                fabYield, memoryRow, memoryGramsPerGb, memoryDividedByYield, packagingGrams, grids);
    }

    /** @return the memory figure as applied: per GB, divided by the yield if the set says so */
    public double memoryGramsPerGbApplied() {
        return memoryDividedByYield ? memoryGramsPerGb / fabYield : memoryGramsPerGb;
    }

    // "study" -> "study (yield 0.9)"; "study (yield 0.9)" -> "study (yield 0.9, abatement 95%)"
    private String derived(String change) {
        if (name.endsWith(")") && name.contains(" (")) {
            return name.substring(0, name.length() - 1) + ", " + change + ")";
        }
        return name + " (" + change + ")";
    }

    /** @return the set's name, e.g. {@code "study"}, {@code "act-defaults"} */
    public String name() {
        return name;
    }

    /** @return the grid of the fab that makes the die */
    public FabGrid fabGrid() {
        return fabGrid;
    }

    /** @return fab gas abatement: 95 or 99 (ACT's tables) or 97 (their mean, as ACT's code) */
    public int abatementPercent() {
        return abatementPercent;
    }

    /** @return fraction of good dies, in (0, 1]; die carbon is divided by it */
    public double fabYield() {
        return fabYield;
    }

    /** @return the ACT DRAM row (or your own label) of the memory figure */
    public String memoryRow() {
        return memoryRow;
    }

    /** @return manufacturing carbon of memory, gCO2e per GB, {@code >= 0} */
    public double memoryGramsPerGb() {
        return memoryGramsPerGb;
    }

    /** @return whether the memory figure is also divided by the yield (ACT's code does) */
    public boolean memoryDividedByYield() {
        return memoryDividedByYield;
    }

    /** @return packaging carbon added per device, gCO2e, {@code >= 0} (0: not counted, as ACT) */
    public double packagingGrams() {
        return packagingGrams;
    }

    /** @return the fab grids the low/high range is recomputed over */
    public List<FabGrid> rangeGrids() {
        return rangeGrids;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ActParameters)) {
            return false;
        }
        ActParameters o = (ActParameters) other;
        return Objects.equals(name, o.name)
                && Objects.equals(fabGrid, o.fabGrid)
                && abatementPercent == o.abatementPercent
                && Double.compare(fabYield, o.fabYield) == 0
                && Objects.equals(memoryRow, o.memoryRow)
                && Double.compare(memoryGramsPerGb, o.memoryGramsPerGb) == 0
                && memoryDividedByYield == o.memoryDividedByYield
                && Double.compare(packagingGrams, o.packagingGrams) == 0
                && Objects.equals(rangeGrids, o.rangeGrids);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, fabGrid, abatementPercent, fabYield, memoryRow, memoryGramsPerGb,
                memoryDividedByYield, packagingGrams, rangeGrids);
    }

    @Override
    public String toString() {
        return "ActParameters[name=" + name
                + ", fabGrid=" + fabGrid
                + ", abatementPercent=" + abatementPercent
                + ", fabYield=" + fabYield
                + ", memoryRow=" + memoryRow
                + ", memoryGramsPerGb=" + memoryGramsPerGb
                + ", memoryDividedByYield=" + memoryDividedByYield
                + ", packagingGrams=" + packagingGrams
                + ", rangeGrids=" + rangeGrids + "]";
    }
}
