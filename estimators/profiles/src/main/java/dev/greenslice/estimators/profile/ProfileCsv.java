package dev.greenslice.estimators.profile;

import dev.greenslice.carbon.Power;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes profiles in the CSV layout of the EnerTune A100 data set.
 *
 * <p><b>Model profiles</b>: columns {@code model, batch_size, mig_slices, frequency, dynamic_power_draw,
 * throughput, latency} (power in W, throughput in requests/s, latency in ms per batch, frequency in MHz),
 * in any order, other columns ignored. A file with {@code avg_power_draw} (board power) instead of
 * {@code dynamic_power_draw} is read when a {@link DevicePowerProfile} is given: dynamic = avg − baseline.
 * An optional {@code memory_gb} column gives each model's memory need (one value per model); without it,
 * when the device profile names a catalog GPU with MIG, the need is inferred from the smallest instance
 * measured ({@link ModelProfile#withMemoryNeedInferredFrom}, labelled as inferred), as for the embedded data.
 *
 * <p><b>Device power</b>: columns {@code frequency_mhz, static_power_w, fan_power_w, idle_power_w}.
 *
 * <p><b>Queries</b>: columns {@code model, batch_size, mig_slices, frequency}; other columns are ignored,
 * so a held-out slice of a profile file is a valid query file.
 *
 * <p><b>Failure behaviour.</b> Any problem — a missing or unreadable file, a missing column, a row with the
 * wrong number of fields, a value that is not a number or not positive, two rows for one key — fails the
 * whole read with a {@link ProfileFormatException} (or {@link UncheckedIOException} for I/O) naming the
 * file, the line and the column and saying how to fix it. Blank lines and lines starting with {@code #}
 * are skipped. Stateless and thread-safe.
 */
public final class ProfileCsv {

    /** The columns a profile file needs (besides a power column). */
    public static final List<String> PROFILE_COLUMNS =
            List.of("model", "batch_size", "mig_slices", "frequency", "throughput", "latency");

    private ProfileCsv() {
    }

    /**
     * Reads model profiles from {@code file}; it must have a {@code dynamic_power_draw} column.
     *
     * @param file the CSV file
     * @return the profiles, one per model in the file
     * @throws ProfileFormatException naming the file, line and column of a bad row or header
     * @throws java.io.UncheckedIOException if the file is missing or cannot be read
     */
    public static ModelProfiles readProfiles(Path file) {
        return readProfiles(file, null);
    }

    /**
     * Reads model profiles from {@code file}.
     *
     * @param file   the CSV file
     * @param device the device's baseline, used only when the file has board power ({@code avg_power_draw})
     *               but no {@code dynamic_power_draw}; may be null
     * @return the profiles, one per model in the file
     * @throws ProfileFormatException naming the file, line and column of a bad row or header
     * @throws java.io.UncheckedIOException if the file is missing or cannot be read
     */
    public static ModelProfiles readProfiles(Path file, DevicePowerProfile device) {
        try (Reader r = open(file, "profiles")) {
            return readProfiles(r, file.toString(), device);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read profiles file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads model profiles from a reader.
     *
     * @param reader the CSV text; not closed
     * @param source the file's name for messages
     * @param device the device's baseline, for files with board power only; may be null
     * @return the profiles, one per model in the text
     * @throws ProfileFormatException naming the source, line and column of a bad row or header
     */
    public static ModelProfiles readProfiles(Reader reader, String source, DevicePowerProfile device) {
        CsvRows csv = CsvRows.read(reader, source);
        csv.require("model profiles", PROFILE_COLUMNS.toArray(String[]::new));
        boolean dynamic = csv.has("dynamic_power_draw");
        if (!dynamic) {
            if (!csv.has("avg_power_draw")) {
                csv.require("model profiles (dynamic power in W)", "dynamic_power_draw");
            }
            if (device == null) {
                throw new ProfileFormatException(source, 0, "has board power (avg_power_draw) but no dynamic_power_draw;"
                        + " pass the device's baseline per clock (readProfiles with a DevicePowerProfile, e.g. from"
                        + " readDevicePower) so that dynamic = avg - baseline,"
                        + " or add a dynamic_power_draw column");
            }
        }
        boolean memory = csv.has("memory_gb");
        Map<String, List<ProfilePoint>> points = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        Map<String, Double> memoryNeed = new HashMap<>();
        Map<String, Integer> memoryLine = new HashMap<>();
        for (CsvRows.Row row : csv.rows()) {
            String model = csv.text(row, "model");
            ProfileKey key = key(csv, row);
            String id = model + "\u0000" + key;
            Integer earlier = firstLine.putIfAbsent(id, row.line());
            if (earlier != null) {
                throw new ProfileFormatException(source, row.line(), "duplicates line " + earlier + " (model "
                        + CsvRows.quote(model)
                        + ", " + key + "); keep one row per key, e.g. average repeated measurements");
            }
            double latency = csv.positive(row, "latency", "ms per batch");
            double throughput = csv.positive(row, "throughput", "requests/s");
            double watts;
            if (dynamic) {
                watts = csv.positive(row, "dynamic_power_draw", "W");
            } else {
                double avg = csv.positive(row, "avg_power_draw", "W");
                if (!device.hasClock(key.clockMhz())) {
                    throw new ProfileFormatException(source, row.line(), "frequency " + key.clockMhz()
                            + " MHz has no baseline in the device profile (" + device.clocksMhz()
                            + " MHz); add it to the device file or add a dynamic_power_draw column");
                }
                watts = avg - device.baseline(key.clockMhz()).watts();
                if (!(watts > 0)) {
                    throw new ProfileFormatException(source, row.line(), String.format(Locale.ROOT,
                            "avg_power_draw %.3f W is not above the device baseline %.3f W at %d MHz, so its dynamic"
                                    + " power is not positive; check the row and the device file", avg,
                            device.baseline(key.clockMhz()).watts(), key.clockMhz()));
                }
            }
            if (memory && !csv.optional(row, "memory_gb").isEmpty()) {
                double gb = csv.positive(row, "memory_gb", "GB");
                Double prev = memoryNeed.putIfAbsent(model, gb);
                memoryLine.putIfAbsent(model, row.line());
                if (prev != null && prev != gb) {
                    throw new ProfileFormatException(source, row.line(), "memory_gb " + gb + " for " + CsvRows.quote(model)
                            + " differs from " + prev + " on line " + memoryLine.get(model)
                            + "; a model has one memory need");
                }
            }
            points.computeIfAbsent(model, m -> new ArrayList<>())
                    .add(ProfilePoint.measured(key, Power.ofWatts(watts), latency, throughput));
        }
        if (points.isEmpty()) {
            throw new ProfileFormatException(source, 0, "has a header but no data rows");
        }
        List<ModelProfile> profiles = new ArrayList<>();
        for (Map.Entry<String, List<ProfilePoint>> e : points.entrySet()) {
            ModelProfile p = ModelProfile.of(e.getKey(), e.getValue(), "measured, " + source);
            if (memoryNeed.containsKey(e.getKey())) {
                p = p.withMemoryNeedGb(memoryNeed.get(e.getKey()));
            } else if (device != null) {
                p = inferMemory(p, device);
            }
            profiles.add(p);
        }
        return ModelProfiles.of(profiles, source);
    }

    /** The one memory rule: the smallest instance measured, on the device's GPU if the catalog knows it. */
    private static ModelProfile inferMemory(ModelProfile p, DevicePowerProfile device) {
        try {
            var gpu = dev.greenslice.carbon.gpu.GpuCatalog.byId(device.gpu());
            return gpu.mig() == null ? p : p.withMemoryNeedInferredFrom(gpu.mig());
        } catch (IllegalArgumentException notInCatalog) {
            return p;
        }
    }

    private static ProfileKey key(CsvRows csv, CsvRows.Row row) {
        int batch = csv.positiveInt(row, "batch_size", "requests");
        int slices = csv.positiveInt(row, "mig_slices", "compute slices");
        int clock = csv.positiveInt(row, "frequency", "MHz");
        return new ProfileKey(batch, slices, clock);
    }

    /**
     * Reads a device's baseline power per clock from {@code file}.
     *
     * @param file the CSV file
     * @param gpu  the GPU type the file describes, e.g. {@code "A100-SXM4-80GB"}
     * @return the device's baseline per clock
     * @throws ProfileFormatException naming the file, line and column of a bad row or header
     * @throws java.io.UncheckedIOException if the file is missing or cannot be read
     */
    public static DevicePowerProfile readDevicePower(Path file, String gpu) {
        try (Reader r = open(file, "device power")) {
            return readDevicePower(r, file.toString(), gpu);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read device power file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a device's baseline power per clock from a reader; {@code source} names it in messages.
     *
     * @param reader the CSV text; not closed
     * @param source the file's name for messages
     * @param gpu    the GPU type the text describes
     * @return the device's baseline per clock
     * @throws ProfileFormatException naming the source, line and column of a bad row or header
     */
    public static DevicePowerProfile readDevicePower(Reader reader, String source, String gpu) {
        CsvRows csv = CsvRows.read(reader, source);
        csv.require("device power", "frequency_mhz", "static_power_w", "fan_power_w", "idle_power_w");
        List<DevicePowerProfile.Baseline> list = new ArrayList<>();
        Map<Integer, Integer> lines = new HashMap<>();
        for (CsvRows.Row row : csv.rows()) {
            int clock = csv.positiveInt(row, "frequency_mhz", "MHz");
            Integer earlier = lines.putIfAbsent(clock, row.line());
            if (earlier != null) {
                throw new ProfileFormatException(source, row.line(), "duplicates line " + earlier + " (" + clock
                        + " MHz); keep one row per clock");
            }
            list.add(new DevicePowerProfile.Baseline(clock,
                    Power.ofWatts(csv.positive(row, "static_power_w", "W")),
                    Power.ofWatts(csv.nonNegative(row, "fan_power_w", "W")),
                    Power.ofWatts(csv.nonNegative(row, "idle_power_w", "W"))));
        }
        if (list.isEmpty()) {
            throw new ProfileFormatException(source, 0, "has a header but no data rows");
        }
        return DevicePowerProfile.of(gpu, list, "measured, " + source);
    }

    /**
     * Reads query rows (model and grid cell) from {@code file}.
     *
     * @param file the CSV file
     * @return the queries, in the file's order
     * @throws ProfileFormatException naming the file, line and column of a bad row or header
     * @throws java.io.UncheckedIOException if the file is missing or cannot be read
     */
    public static List<ProfileQuery> readQueries(Path file) {
        try (Reader r = open(file, "query")) {
            return readQueries(r, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read query file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads query rows from a reader; {@code source} names it in messages.
     *
     * @param reader the CSV text; not closed
     * @param source the file's name for messages
     * @return the queries, in the text's order
     * @throws ProfileFormatException naming the source, line and column of a bad row or header
     */
    public static List<ProfileQuery> readQueries(Reader reader, String source) {
        CsvRows csv = CsvRows.read(reader, source);
        csv.require("queries", "model", "batch_size", "mig_slices", "frequency");
        List<ProfileQuery> list = new ArrayList<>();
        for (CsvRows.Row row : csv.rows()) {
            list.add(new ProfileQuery(csv.text(row, "model"), key(csv, row)));
        }
        if (list.isEmpty()) {
            throw new ProfileFormatException(source, 0, "has a header but no query rows");
        }
        return list;
    }

    /**
     * Writes profiles in the data set's layout. With a device, {@code avg_power_draw} (board power) is
     * written too.
     *
     * @param profiles the profiles to write
     * @param device   the device's baseline, to write board power too; may be null
     * @param out      where the CSV goes; not closed
     * @throws IOException if writing fails
     * @throws IllegalArgumentException before anything is written, for a model name that would not read back as one
     *                                  field of one row (a comma, quote, line break or other control character,
     *                                  surrounding spaces, a leading {@code #}) or that a spreadsheet would run as a
     *                                  formula (a leading {@code =}, {@code +}, {@code -} or {@code @})
     */
    public static void writeProfiles(ModelProfiles profiles, DevicePowerProfile device, Writer out) throws IOException {
        for (ModelProfile p : profiles) {
            requireWritableName(p.model());
        }
        out.write("model,batch_size,mig_slices,frequency," + (device != null ? "avg_power_draw," : "")
                + "dynamic_power_draw,throughput,latency\n");
        for (ModelProfile p : profiles) {
            for (ProfilePoint pt : p.points()) {
                StringBuilder sb = new StringBuilder();
                sb.append(p.model()).append(',').append(pt.batchSize()).append(',').append(pt.slices()).append(',')
                        .append(pt.clockMhz()).append(',');
                if (device != null) {
                    sb.append(pt.boardPower(device.baseline(pt.clockMhz())).watts()).append(',');
                }
                sb.append(pt.dynamicPower().watts()).append(',').append(pt.requestsPerSecond()).append(',')
                        .append(pt.latencyMs()).append('\n');
                out.write(sb.toString());
            }
        }
        out.flush();
    }

    private static void requireWritableName(String model) {
        String why = null;
        if (model.isEmpty() || !model.strip().equals(model)) {
            why = "is empty or has surrounding spaces";
        } else if ("=+-@#".indexOf(model.charAt(0)) >= 0) {
            why = "starts with '" + model.charAt(0) + "' (a spreadsheet formula or a comment line)";
        } else {
            for (int i = 0; i < model.length() && why == null; i++) {
                char c = model.charAt(i);
                if (c == ',' || c == '"' || Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                    why = "holds " + (c == ',' ? "a comma" : c == '"' ? "a quote" : "a control character or line break");
                }
            }
        }
        if (why != null) {
            String shown = model.replaceAll("\\p{Cntrl}", "?");
            throw new IllegalArgumentException("Model name '" + (shown.length() > 60 ? shown.substring(0, 60) + "…" : shown)
                    + "' " + why + ", so it cannot be written as one CSV field; rename the model");
        }
    }

    private static Reader open(Path file, String what) {
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("The " + what + " file " + file + " does not exist; check the path", e);
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException("The " + what + " file " + file
                    + " is not readable (permission denied); grant read access or copy it somewhere readable", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }
}
