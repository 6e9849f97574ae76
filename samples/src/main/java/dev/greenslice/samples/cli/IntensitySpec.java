package dev.greenslice.samples.cli;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.intensity.live.ElectricityMapsIntensity;
import dev.greenslice.intensity.live.UkCarbonIntensity;
import dev.greenslice.intensity.live.WattTimeIntensity;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns a command-line intensity ({@code --intensity}) into a source: an energy source name or a number of
 * gCO2e/kWh ({@link CarbonIntensities#parse}), a CSV trace, or a live provider. Credentials for live providers
 * come from the environment only, never from the command line (where they would end up in shell history).
 */
final class IntensitySpec {

    static final String ACCEPTED = "an energy source (coal, gas, biomass, solar, geothermal, hydropower, nuclear, wind), "
            + "a number of gCO2e/kWh (350), trace:FILE.csv[:direct], electricitymaps:ZONE[:direct] "
            + "(token in ELECTRICITYMAPS_TOKEN), watttime:REGION (WATTTIME_USERNAME/WATTTIME_PASSWORD), "
            + "uk, uk:region:ID or uk:postcode:OUTWARD";

    /** The intensity every command uses when none is given: natural gas, IPCC's lifecycle median. */
    static final String DEFAULT = "gas";

    private IntensitySpec() {
    }

    /**
     * @param fallback answered, flagged, when a live provider fails; {@code null} for none
     * @throws IllegalArgumentException naming the spec and listing the accepted forms
     */
    static IntensitySource parse(String spec, Clock clock, IntensitySource fallback) {
        try {
            return parseSpec(spec, clock, fallback);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(inCliWords(e.getMessage()), e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(inCliWords(e.getMessage()), e);
        }
    }

    /**
     * A live provider's message in the command line's words: the library tells a Java caller to call builder
     * methods (.token(...), .fallback(...)), which a command-line user cannot; here the environment variables
     * and another --intensity are the fixes.
     */
    static String inCliWords(String message) {
        if (message == null) {
            return null;
        }
        return message
                .replaceAll("\\s*or call \\.\\w+\\([^)]*\\) on the builder", "")
                .replaceAll(",? or set \\.fallback\\(\\.\\.\\.\\) on the builder, e\\.g\\. CarbonIntensities\\.of\\("
                        + "EnergySource\\.\\w+\\)", ", or give a fixed intensity instead (e.g. gas or 350)")
                .replaceAll("\\.fallback\\(\\.\\.\\.\\)[^;.]*on the builder", "a fixed intensity instead (e.g. gas or 350)");
    }

    private static IntensitySource parseSpec(String spec, Clock clock, IntensitySource fallback) {
        String s = spec.trim();
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s.toLowerCase(Locale.ROOT) : s.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : s.substring(colon + 1);
        switch (kind) {
            case "trace": {
                boolean direct = rest.toLowerCase(Locale.ROOT).endsWith(":direct");
                String file = direct ? rest.substring(0, rest.length() - ":direct".length()) : rest;
                requireArgument(file, spec, "trace:FILE.csv");
                return CarbonIntensities.trace(InputFiles.requireCsv(Path.of(file), "intensity trace"), direct ? IntensityBasis.DIRECT : IntensityBasis.LIFECYCLE);
            }
            case "electricitymaps": {
                boolean direct = rest.toLowerCase(Locale.ROOT).endsWith(":direct");
                String zone = direct ? rest.substring(0, rest.length() - ":direct".length()) : rest;
                requireArgument(zone, spec, "electricitymaps:DE");
                ElectricityMapsIntensity.Builder b = ElectricityMapsIntensity.builder(zone).clock(clock)
                        .basis(direct ? IntensityBasis.DIRECT : IntensityBasis.LIFECYCLE);
                if (fallback != null) {
                    b.fallback(fallback);
                }
                return b.build();
            }
            case "watttime": {
                requireArgument(rest, spec, "watttime:CAISO_NORTH");
                WattTimeIntensity.Builder b = WattTimeIntensity.builder(rest).clock(clock);
                if (fallback != null) {
                    b.fallback(fallback);
                }
                return b.build();
            }
            case "uk": {
                UkCarbonIntensity.Builder b;
                if (rest.isEmpty() || rest.equalsIgnoreCase("national")) {
                    b = UkCarbonIntensity.nationalBuilder();
                } else if (rest.toLowerCase(Locale.ROOT).startsWith("region:")) {
                    String id = rest.substring("region:".length());
                    try {
                        b = UkCarbonIntensity.regionBuilder(Integer.parseInt(id));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Intensity '" + InputFiles.abbreviate(spec) + "': region id '"
                                + InputFiles.abbreviate(id) + "' is not a number; use e.g. uk:region:13");
                    }
                } else if (rest.toLowerCase(Locale.ROOT).startsWith("postcode:")) {
                    b = UkCarbonIntensity.postcodeBuilder(rest.substring("postcode:".length()));
                } else {
                    throw new IllegalArgumentException("Intensity '" + InputFiles.abbreviate(spec)
                            + "': use uk, uk:region:ID or uk:postcode:OUTWARD");
                }
                b.clock(clock);
                if (fallback != null) {
                    b.fallback(fallback);
                }
                return b.build();
            }
            default:
                if (colon < 0 && s.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    return CarbonIntensities.trace(InputFiles.requireCsv(Path.of(s), "intensity trace"));
                }
                try {
                    return CarbonIntensities.parse(s);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Unknown intensity '" + InputFiles.abbreviate(spec) + "': use " + ACCEPTED);
                }
        }
    }

    private static void requireArgument(String value, String spec, String example) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("Intensity '" + InputFiles.abbreviate(spec) + "' is missing its argument;"
                    + " write e.g. " + example);
        }
    }
}
