package dev.greenslice.carbon.intensity;

import dev.greenslice.carbon.CarbonIntensity;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Factories for {@link IntensitySource}s: a per-energy-source figure, a fixed value, a value given on the
 * command line, and a time series loaded from CSV.
 *
 * <p>Values are gCO2e/kWh. Every source returned is immutable and thread-safe. Bad input fails with an
 * {@link IllegalArgumentException} that names it and says what is accepted; an unreadable file fails with an
 * {@link UncheckedIOException} naming the file.
 */
public final class CarbonIntensities {

    /**
     * The largest intensity, in gCO2e/kWh, that {@link #parse} accepts from a person and a live provider may give:
     * 2,000. The most carbon-intense generation (lignite, oil peakers, diesel gensets) emits about 1,000–1,300
     * gCO2e/kWh over its life cycle and no grid averages more, so a larger figure typed or received is a unit mistake
     * (g/MWh, lbs/MWh) or a corrupt answer, and is refused rather than multiplied into a report. A program's own
     * {@link #fixed} value is taken as given (property tests explore beyond it).
     */
    public static final double MAX_GRAMS_PER_KWH = 2_000;

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    private CarbonIntensities() {
    }

    /**
     * The IPCC AR5 lifecycle median of one generation technology, with the IPCC minimum and maximum as range.
     *
     * @param source the generation technology
     * @return a constant source with that technology's factor
     * @see EnergySource
     */
    public static IntensitySource of(EnergySource source) {
        Objects.requireNonNull(source, "source");
        return new FixedIntensity(source.factor(), source.cliName() + " (IPCC AR5 lifecycle median "
                + source.intensity() + ", " + source.technology() + ")");
    }

    /**
     * A constant intensity whose basis is not known. The factor records {@link IntensityBasis#LIFECYCLE} and
     * says in its source text that the basis was not stated, so a report never claims more than was given; use
     * {@link #fixed(CarbonIntensity, IntensityBasis, String)} when the basis is known.
     *
     * @param value  the intensity
     * @param source where the value comes from, e.g. {@code "grid supplier's 2024 disclosure"}
     * @return a constant source
     */
    public static IntensitySource fixed(CarbonIntensity value, String source) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        return new FixedIntensity(
                IntensityFactor.exact(value, IntensityBasis.LIFECYCLE, source + " (basis not stated; recorded as lifecycle)", 0),
                value + " (" + source + ")");
    }

    /**
     * A constant intensity with a known basis.
     *
     * @param value  the intensity
     * @param basis  lifecycle or direct
     * @param source where the value comes from
     * @return a constant source
     */
    public static IntensitySource fixed(CarbonIntensity value, IntensityBasis basis, String source) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(source, "source");
        return new FixedIntensity(IntensityFactor.exact(value, basis, source, 0),
                value + " (" + source + ", " + basis.name().toLowerCase(Locale.ROOT) + ")");
    }

    /**
     * Parses a command-line intensity: an energy source name in any case ({@code gas}, {@code WIND},
     * {@code hydro} for hydropower) or a non-negative number of gCO2e/kWh ({@code 350}, {@code 350.5}).
     *
     * @param text what was given, e.g. the value of {@code --intensity}
     * @return the energy source's factor, or a constant source whose basis is recorded as not stated
     * @throws IllegalArgumentException for a number above {@link #MAX_GRAMS_PER_KWH}, and for anything else, listing
     *                                  the accepted names and saying that a number
     *                                  is gCO2e/kWh
     */
    public static IntensitySource parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        String key = s.toUpperCase(Locale.ROOT).replace('-', '_');
        if (key.equals("HYDRO")) {
            return of(EnergySource.HYDROPOWER);
        }
        for (EnergySource e : EnergySource.values()) {
            if (e.name().equals(key)) {
                return of(e);
            }
        }
        if (NUMBER.matcher(s).matches()) {
            double v = Double.parseDouble(s);
            if (v < 0) {
                throw new IllegalArgumentException("Carbon intensity " + s + " is negative: give a number of gCO2e/kWh "
                        + ">= 0, or one of " + names());
            }
            if (v > MAX_GRAMS_PER_KWH) {
                throw new IllegalArgumentException("Carbon intensity " + s + " gCO2e/kWh is above "
                        + (long) MAX_GRAMS_PER_KWH + ", more than any grid emits: give gCO2e/kWh between 0 and "
                        + (long) MAX_GRAMS_PER_KWH + " (not g/MWh or lbs/MWh), or one of " + names());
            }
            return fixed(CarbonIntensity.ofGramsPerKwh(v), "given value");
        }
        throw new IllegalArgumentException("Unknown carbon intensity '" + TraceCsv.quote(s) + "': use one of " + names()
                + " (IPCC AR5 lifecycle medians) or a number, read as gCO2e/kWh (e.g. 350)");
    }

    /**
     * Loads a trace from a CSV file, using the lifecycle (LCA) column of an Electricity Maps export.
     *
     * @param file the CSV file, UTF-8
     * @return the trace
     * @throws IllegalArgumentException naming the file and line for malformed content
     * @throws UncheckedIOException     naming the file if it cannot be read
     * @see #trace(Reader, String, IntensityBasis)
     */
    public static IntensityTrace trace(Path file) {
        return trace(file, IntensityBasis.LIFECYCLE);
    }

    /**
     * Loads a trace from a CSV file, choosing the lifecycle (LCA) or the direct column of an Electricity Maps
     * export; for the plain layout the basis is recorded as declared.
     *
     * @param file  the CSV file, UTF-8
     * @param basis which Electricity Maps column to use; for the plain layout, the basis to record
     * @return the trace
     * @throws IllegalArgumentException naming the file and line for malformed content
     * @throws UncheckedIOException     naming the file if it cannot be read
     */
    public static IntensityTrace trace(Path file, IntensityBasis basis) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(basis, "basis");
        Reader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("Intensity trace " + file + " does not exist; check the path", e);
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException("Intensity trace " + file + " is not readable (permission denied); "
                    + "grant read access or copy it somewhere readable", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open intensity trace " + file + ": " + e, e);
        }
        return TraceCsv.read(reader, file.toString(), basis);
    }

    /**
     * Loads a trace from CSV text, using the lifecycle (LCA) column of an Electricity Maps export.
     *
     * @param csv  the text; closed when read
     * @param name what the text is, for factors and error messages (usually a file name)
     * @return the trace
     */
    public static IntensityTrace trace(Reader csv, String name) {
        return trace(csv, name, IntensityBasis.LIFECYCLE);
    }

    /**
     * Loads a trace from CSV text in either accepted layout.
     *
     * <ul>
     *   <li>The Electricity Maps export: columns {@code Datetime (UTC)}, {@code Country}, {@code Zone Name},
     *   {@code Zone Id}, {@code Carbon Intensity gCO₂eq/kWh (direct)}, {@code Carbon Intensity gCO₂eq/kWh (LCA)},
     *   {@code Low Carbon Percentage}, {@code Renewable Percentage}, {@code Data Source}, {@code Data Estimated},
     *   {@code Data Estimation Method}; times like {@code 2023-01-01 00:00:00} in UTC. Only the time and the
     *   chosen intensity column are required; estimated rows are flagged in their factors.</li>
     *   <li>Plain: {@code timestamp,carbon_intensity_g_per_kwh} with ISO-8601 instants
     *   ({@code 2023-01-01T00:00:00Z}).</li>
     * </ul>
     *
     * @param csv   the text; closed when read
     * @param name  what the text is, for factors and error messages
     * @param basis which Electricity Maps column to use; for the plain layout, the basis to record
     * @return the trace
     * @throws IllegalArgumentException naming the input and line for malformed rows, wrong column counts,
     *                                  non-numeric, negative or NaN values, missing columns, unsorted or duplicate
     *                                  times, gaps, a step coarser than one hour, or an empty input
     */
    public static IntensityTrace trace(Reader csv, String name, IntensityBasis basis) {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(basis, "basis");
        return TraceCsv.read(csv, name, basis);
    }

    private static String names() {
        return Arrays.stream(EnergySource.values()).map(EnergySource::cliName).collect(Collectors.joining(", "));
    }
}
