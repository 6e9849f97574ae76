package dev.greenslice.estimators.power;

import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfileFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Measured co-located sets in CSV: header {@code clock_mhz,set,measured_board_power_w}, one set per row as
 * {@code model:batch:slices;model:batch:slices[;...]}; blank lines and lines starting with {@code #} are
 * comments.
 *
 * <p>Reading checks every row against the profiles, the device's clocks and the GPU's MIG table, and fails
 * with a {@link ProfileFormatException} naming the file and line: a malformed row, a number that is not a
 * positive finite value, an unknown model, a cell (batch, slices, clock) the profiles lack, or a set no MIG
 * layout of the GPU holds. Files above {@value #MAX_ROWS} rows or lines above {@value #MAX_LINE} characters
 * are refused. Stateless and thread-safe.
 */
public final class CalibrationCsv {

    /** The header line. */
    public static final String HEADER = "clock_mhz,set,measured_board_power_w";
    /** Most data rows read. */
    public static final int MAX_ROWS = 10_000;
    /** Longest line read, in characters. */
    public static final int MAX_LINE = 4_096;

    private CalibrationCsv() {
    }

    /**
     * Reads and checks a calibration file.
     *
     * @param file     the file
     * @param profiles the profiles the sets' models must have
     * @param device   the device baseline, whose clocks the rows must use
     * @param geometry the MIG table every set must fit
     * @return the measured sets, in file order, each with its file and line as origin
     * @throws ProfileFormatException naming the file and line of the first bad row
     * @throws UncheckedIOException   if the file cannot be read
     */
    public static List<ColocatedMeasurement> read(Path file, ModelProfiles profiles, DevicePowerProfile device,
                                                  MigGeometry geometry) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString(), profiles, device, geometry);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ProfileFormatException(file.toString(), 0, "is not UTF-8 text; give a CSV file with header "
                    + HEADER);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks calibration rows.
     *
     * @param reader   the CSV text
     * @param source   the file's name, for messages and origins
     * @param profiles the profiles the sets' models must have
     * @param device   the device baseline, whose clocks the rows must use
     * @param geometry the MIG table every set must fit
     * @return the measured sets, in order
     * @throws ProfileFormatException naming the source and line of the first bad row
     * @throws IOException            if the reader fails
     */
    public static List<ColocatedMeasurement> read(Reader reader, String source, ModelProfiles profiles,
                                                  DevicePowerProfile device, MigGeometry geometry) throws IOException {
        BufferedReader in = new BufferedReader(reader);
        List<ColocatedMeasurement> out = new ArrayList<>();
        boolean header = false;
        int line = 0;
        String text;
        while ((text = readLine(in, source, line + 1)) != null) {
            line++;
            if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
            String t = text.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!t.toLowerCase(Locale.ROOT).replace(" ", "").equals(HEADER)) {
                    throw new ProfileFormatException(source, line, "header is '" + shorten(t) + "'; expected "
                            + HEADER);
                }
                header = true;
                continue;
            }
            if (out.size() == MAX_ROWS) {
                throw new ProfileFormatException(source, line, "more than " + MAX_ROWS
                        + " rows; a calibration needs a handful of sets");
            }
            out.add(row(t, source, line, profiles, device, geometry));
        }
        if (!header) {
            throw new ProfileFormatException(source, 0, "is empty; expected the header " + HEADER
                    + " and one row per measured set");
        }
        if (out.isEmpty()) {
            throw new ProfileFormatException(source, 0, "has a header but no rows; add one row per measured set");
        }
        return List.copyOf(out);
    }

    private static String readLine(BufferedReader in, String source, int line) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (sb.length() >= MAX_LINE) {
                throw new ProfileFormatException(source, line, "is longer than " + MAX_LINE
                        + " characters; is this a calibration CSV?");
            }
            sb.append((char) c);
        }
        if (c == -1 && sb.length() == 0) {
            return null;
        }
        int end = sb.length();
        if (end > 0 && sb.charAt(end - 1) == '\r') {
            sb.setLength(end - 1);
        }
        return sb.toString();
    }

    private static ColocatedMeasurement row(String text, String source, int line, ModelProfiles profiles,
                                            DevicePowerProfile device, MigGeometry geometry) {
        String[] f = text.split(",", -1);
        if (f.length != 3) {
            throw new ProfileFormatException(source, line, "has " + f.length + " fields; expected 3 (" + HEADER + ")");
        }
        int clock;
        try {
            clock = Integer.parseInt(f[0].strip());
        } catch (NumberFormatException e) {
            throw new ProfileFormatException(source, line, "clock_mhz '" + shorten(f[0].strip())
                    + "' is not a whole number of MHz");
        }
        if (clock <= 0) {
            throw new ProfileFormatException(source, line, "clock_mhz must be positive, got " + clock);
        }
        if (!device.hasClock(clock)) {
            throw new ProfileFormatException(source, line, "no device baseline at " + clock + " MHz; clocks: "
                    + device.clocksMhz());
        }
        double watts;
        try {
            watts = Double.parseDouble(f[2].strip());
        } catch (NumberFormatException e) {
            throw new ProfileFormatException(source, line, "measured_board_power_w '" + shorten(f[2].strip())
                    + "' is not a number of watts");
        }
        if (!(watts > 0) || Double.isInfinite(watts)) {
            throw new ProfileFormatException(source, line, "measured_board_power_w must be a positive, finite"
                    + " number of watts, got " + shorten(f[2].strip()));
        }
        String set = f[1].strip();
        if (set.isEmpty()) {
            throw new ProfileFormatException(source, line, "set is empty; give model:batch:slices;model:batch:slices");
        }
        List<ModelPlacement> placements = new ArrayList<>();
        int slices = 0;
        for (String part : set.split(";", -1)) {
            ModelPlacement p;
            try {
                p = ModelPlacement.parse(part.strip());
            } catch (IllegalArgumentException e) {
                throw new ProfileFormatException(source, line, "set: " + shorten(e.getMessage()));
            }
            Optional<ModelProfile> profile = profiles.find(p.model());
            if (profile.isEmpty()) {
                throw new ProfileFormatException(source, line, "unknown model '" + shorten(p.model()) + "'; known: "
                        + String.join(", ", profiles.models()));
            }
            if (profile.get().point(p.batchSize(), p.slices(), clock).isEmpty()) {
                throw new ProfileFormatException(source, line, "the profiles have no " + p.model() + " at batch "
                        + p.batchSize() + " on " + p.slices() + " slices at " + clock + " MHz");
            }
            slices += p.slices();
            placements.add(p);
        }
        if (ColocatedMeasurement.instancesFor(geometry, placements).isEmpty()) {
            throw new ProfileFormatException(source, line, "set " + shorten(set) + " (" + slices
                    + " compute slices) fits no MIG layout of " + geometry.gpu() + "; see its MIG layouts");
        }
        return new ColocatedMeasurement(clock, placements, watts, source + " line " + line);
    }

    private static String shorten(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 77) + "..." : clean;
    }

    /**
     * One row as written to a calibration file, without the line break.
     *
     * @param m the measured set
     * @return {@code clock,set,watts}
     */
    public static String row(ColocatedMeasurement m) {
        return String.format(Locale.ROOT, "%d,%s,%.2f", m.clockMhz(), m.setText(), m.measuredWatts());
    }

    /**
     * Appends one row to {@code file}, writing the header first if the file is new or empty. The row is
     * written in one call, so a failure leaves no half row. Refuses to follow a symbolic link and to append to
     * a file another user owns (a command that may run as root must not write where another user points it).
     *
     * @param file the calibration file
     * @param m    the measured set
     * @throws UncheckedIOException naming the file if it cannot be written or is refused
     */
    public static void append(Path file, ColocatedMeasurement m) {
        try {
            if (Files.isSymbolicLink(file)) {
                throw new IOException("is a symbolic link; give the real file");
            }
            boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            if (exists) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("is not a regular file");
                }
                String owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
                String me = System.getProperty("user.name");
                if (me != null && !owner.equals(me)) {
                    throw new IOException("is owned by " + owner + ", not " + me + "; append to a file of your own");
                }
            }
            boolean needsHeader = !exists || Files.size(file) == 0;
            String text = (needsHeader ? HEADER + "\n" : "") + row(m) + "\n";
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to " + file + ": " + e.getMessage(), e);
        }
    }
}
