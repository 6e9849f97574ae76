package dev.greenslice.carbon.embodied;

import dev.greenslice.carbon.CarbonIntensity;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The electricity grid a chip fab draws on: where it is, its carbon intensity (gCO2e/kWh) and where that
 * figure comes from. The ACT model multiplies it by the fab's energy per die area.
 *
 * <p>{@link #act2023(String)} reads ACT's 2023 location table ({@code location_2023.yaml});
 * {@link #actCodeDefault(String)} reads the older {@code location.json} that ACT's code uses by default.
 * Immutable and thread-safe; unknown locations fail with an {@link IllegalArgumentException} listing ACT's
 * locations.
 *
 * @param location  where the fab is, e.g. {@code "Taiwan"}
 * @param intensity the grid's carbon intensity
 * @param source    where the figure comes from
 */
public record FabGrid(String location, CarbonIntensity intensity, String source) {

    /**
     * A fab grid as given; prefer the constants, {@link #act2023} or {@link #of}.
     *
     * @param location  where the fab is, e.g. {@code "Taiwan"}
     * @param intensity the grid's carbon intensity
     * @param source    where the figure comes from
     * @throws NullPointerException if any part is null
     * @throws IllegalArgumentException for a blank location
     */
    public FabGrid {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(intensity, "intensity");
        Objects.requireNonNull(source, "source");
        if (location.isBlank()) {
            throw new IllegalArgumentException("A fab grid needs a location name");
        }
    }

    /** Taiwan, 642 gCO2e/kWh (ACT 2023): where TSMC makes every die in the catalog. */
    public static final FabGrid TAIWAN_2023 = act2023("taiwan");

    /** South Korea, 402 gCO2e/kWh (ACT 2023): Samsung's leading-edge logic fabs. */
    public static final FabGrid KOREA_2023 = act2023("korea");

    /** Japan, 446 gCO2e/kWh (ACT 2023): TSMC's Kumamoto fab. */
    public static final FabGrid JAPAN_2023 = act2023("japan");

    /** USA, 369 gCO2e/kWh (ACT 2023): TSMC Arizona and Intel's fabs. */
    public static final FabGrid USA_2023 = act2023("usa");

    /** Taiwan, 583 gCO2e/kWh: the fab grid ACT's code uses by default ({@code loc_taiwan}, location.json). */
    public static final FabGrid TAIWAN_ACT_CODE_DEFAULT = actCodeDefault("taiwan");

    /**
     * The regions with leading-edge logic fabs in ACT's 2023 table (Taiwan, Korea, Japan, USA), used
     * for the low/high range of a footprint.
     */
    public static final List<FabGrid> LEADING_EDGE_FAB_REGIONS_2023 = List.of(TAIWAN_2023, KOREA_2023, JAPAN_2023,
            USA_2023);

    /**
     * A location of ACT's 2023 table: world, india, australia, taiwan, singapore, usa, europe, brazil,
     * iceland, korea, japan.
     *
     * @param location the row's name, case-insensitive
     * @return the grid, its source naming ACT's table and row
     * @throws IllegalArgumentException naming the location and listing ACT's
     */
    public static FabGrid act2023(String location) {
        double g = ActTables.lookup(ActTables.LOCATION_2023_G_PER_KWH, location, "2023 location");
        return new FabGrid(displayName(location), CarbonIntensity.ofGramsPerKwh(g),
                ActTables.SOURCE_LOCATION_2023 + ", row " + location.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * A location of the table ACT's code reads by default ({@code location.json}): world, india,
     * australia, taiwan, singapore, usa, europe, brazil, iceland.
     *
     * @param location the row's name, case-insensitive
     * @return the grid, its source naming {@code location.json} and the row
     * @throws IllegalArgumentException naming the location and listing ACT's
     */
    public static FabGrid actCodeDefault(String location) {
        double g = ActTables.lookup(ActTables.LOCATION_JSON_G_PER_KWH, location, "location.json");
        return new FabGrid(displayName(location), CarbonIntensity.ofGramsPerKwh(g),
                ActTables.SOURCE_LOCATION_JSON + ", row " + location.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * A fab grid of your own, e.g. a foundry's reported figure.
     *
     * @param location  where the fab is; not blank
     * @param intensity the grid's carbon intensity
     * @param source    where the figure comes from, for reports
     * @return the grid
     * @throws IllegalArgumentException for a blank location
     */
    public static FabGrid of(String location, CarbonIntensity intensity, String source) {
        return new FabGrid(location, intensity, source);
    }

    private static String displayName(String location) {
        String l = location.trim().toLowerCase(Locale.ROOT);
        return switch (l) {
            case "usa" -> "USA";
            default -> Character.toUpperCase(l.charAt(0)) + l.substring(1);
        };
    }

    @Override
    public String toString() {
        return location + " " + intensity;
    }
}
