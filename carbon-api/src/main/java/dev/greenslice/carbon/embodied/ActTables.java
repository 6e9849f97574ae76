package dev.greenslice.carbon.embodied;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The public data of ACT (Gupta et al., "ACT: Designing Sustainable Computer Systems with an
 * Architectural Carbon Modeling Tool", ISCA 2022; github.com/facebookresearch/ACT), as the model needs
 * it. Values transcribed from the repository's YAML/JSON tables; the file each comes from is in
 * {@link #SOURCE_EPA} and friends.
 */
final class ActTables {

    static final String SOURCE_EPA = "ACT act/models/logic/epa.yaml (ACT paper Table 1)";
    static final String SOURCE_GPA_95 = "ACT act/models/logic/gpa_95.yaml (ACT paper Table 1)";
    static final String SOURCE_GPA_99 = "ACT act/models/logic/gpa_99.yaml (ACT paper Table 1)";
    static final String SOURCE_GPA_97 = "mean of ACT gpa_95.yaml and gpa_99.yaml, as ACT's logic model does for gpa=\"97\"";
    static final String SOURCE_MPA = "ACT act/models/logic/materials.yaml (ACT paper Table 1)";
    static final String SOURCE_DRAM = "ACT act/models/dram/dram_hynix.yaml (SK hynix data, ACT paper Table 1)";
    static final String SOURCE_LOCATION_2023 = "ACT act/models/carbon_intensity/location_2023.yaml";
    static final String SOURCE_LOCATION_JSON = "ACT carbon_intensity/location.json (read by ACT's code by default)";
    static final String SOURCE_IMEC_CPA = "ACT act/models/logic/imec-netzero-cpa.yaml (imec.netzero carbon per area)";
    static final String SOURCE_PACKAGE = "ACT act/core/common.py CARBON_PER_IC_PACKAGE (150 g per packaged IC)";

    private ActTables() {
    }

    /** Fab energy per die area, kWh/cm², by ACT process row. */
    static final Map<String, Double> EPA_KWH_PER_CM2 = rows(
            "28nm", 0.90, "20nm", 1.200, "14nm", 1.200, "10nm", 1.475, "8nm", 1.520, "7nm", 2.150, "5nm", 2.750,
            "3nm", 3.250);

    /** Fab process-gas emissions per die area at 95% abatement, gCO2e/cm². */
    static final Map<String, Double> GPA_95_G_PER_CM2 = rows(
            "28nm", 175, "20nm", 190, "14nm", 200, "10nm", 240, "8nm", 240, "7nm", 350, "5nm", 430, "3nm", 470);

    /** Fab process-gas emissions per die area at 99% abatement, gCO2e/cm². */
    static final Map<String, Double> GPA_99_G_PER_CM2 = rows(
            "28nm", 100, "20nm", 110, "14nm", 125, "10nm", 150, "8nm", 150, "7nm", 200, "5nm", 225, "3nm", 275);

    /** Raw-material emissions per die area, gCO2e/cm². */
    static final Map<String, Double> MPA_G_PER_CM2 = rows(
            "28nm", 500, "20nm", 500, "14nm", 500, "10nm", 500, "8nm", 500, "7nm", 500, "5nm", 500, "3nm", 500);

    /**
     * Carbon per die area from the imec.netzero database as ACT ships it, gCO2e/cm² (the file says "per wafer"
     * but its figures are per cm²: 1.44 kg for 7 nm against ACT's own 2.1–2.7 kg/cm² on Taiwan's grid). No 8 nm row.
     */
    static final Map<String, Double> IMEC_CPA_G_PER_CM2 = rows(
            "28nm", 910, "20nm", 910, "14nm", 970, "10nm", 1090, "7nm", 1440, "5nm", 1540, "3nm", 1750);

    /** Packaging carbon per integrated circuit, gCO2e (ACT's {@code CARBON_PER_IC_PACKAGE}). */
    static final double PACKAGE_G_PER_IC = 150;

    /** DRAM manufacturing emissions per GB, gCO2e/GB, by ACT row. */
    static final Map<String, Double> DRAM_G_PER_GB = rows(
            "ddr3_50nm", 600, "ddr3_40nm", 315, "ddr3_30nm", 230, "lpddr3_30nm", 201, "lpddr3_20nm", 184,
            "lpddr2_20nm", 159, "lpddr4", 48, "ddr4_10nm", 65);

    /** Grid carbon intensity by location, gCO2e/kWh, ACT's 2023 table. */
    static final Map<String, Double> LOCATION_2023_G_PER_KWH = rows(
            "world", 481, "india", 713, "australia", 549, "taiwan", 642, "singapore", 471, "usa", 369, "europe", 300,
            "brazil", 98, "iceland", 7.3, "korea", 402, "japan", 446);

    /** Grid carbon intensity by location, gCO2e/kWh, the table ACT's code reads by default. */
    static final Map<String, Double> LOCATION_JSON_G_PER_KWH = rows(
            "world", 301, "india", 725, "australia", 597, "taiwan", 583, "singapore", 495, "usa", 380, "europe", 295,
            "brazil", 82, "iceland", 28);

    /** @throws IllegalArgumentException naming the row and listing ACT's rows */
    static double lookup(Map<String, Double> table, String row, String what) {
        Double v = row == null ? null : table.get(row.trim().toLowerCase(Locale.ROOT));
        if (v == null) {
            throw new IllegalArgumentException("ACT has no " + what + " row '" + row + "'; its rows are "
                    + String.join(", ", table.keySet()));
        }
        return v;
    }

    /** Gas emissions per area at {@code abatementPercent} (95, 97 or 99), gCO2e/cm². */
    static double gpa(String node, int abatementPercent) {
        double g95 = lookup(GPA_95_G_PER_CM2, node, "process-node");
        double g99 = lookup(GPA_99_G_PER_CM2, node, "process-node");
        return switch (abatementPercent) {
            case 95 -> g95;
            case 99 -> g99;
            case 97 -> (g95 + g99) / 2.0;
            default -> throw new IllegalArgumentException("ACT models gas abatement of 95, 97 or 99 %, got "
                    + abatementPercent);
        };
    }

    static String gpaSource(int abatementPercent) {
        return switch (abatementPercent) {
            case 95 -> SOURCE_GPA_95;
            case 99 -> SOURCE_GPA_99;
            default -> SOURCE_GPA_97;
        };
    }

    private static Map<String, Double> rows(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
