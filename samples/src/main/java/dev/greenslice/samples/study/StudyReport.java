package dev.greenslice.samples.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The study's report folder: {@code index.html} with the findings, tables and PNG charts (drawn by XChart),
 * and {@code summary.json} with every computed figure.
 *
 * <p>Use: {@link #in(Path)} checks the folder can be written before the study runs; {@link #drawCharts} draws
 * the charts in memory; {@link #write} writes every file. Each file is written to a new temporary name in the folder
 * ({@code CREATE_NEW}, never following a link) and only once all are written renamed into place, atomically, so a
 * link planted at {@code summary.json} (or any report file) is replaced, never followed, and a write that fails
 * midway (a full disk) leaves the folder as it was: what this run wrote is removed and the error says so. Not
 * thread-safe. Fails with {@link IllegalArgumentException} naming the folder and the fix when it cannot be created
 * or written, and with {@link UncheckedIOException} when a write fails.
 */
public final class StudyReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The folder the command writes to unless told otherwise. */
    public static final String DEFAULT_FOLDER = "greenslice-report";

    private final Path dir;
    private List<StudyCharts.ChartFile> charts = List.of();
    private List<StudyCharts.Drawn> drawn = List.of();

    private StudyReport(Path dir) {
        this.dir = dir;
    }

    /**
     * A report in {@code dir}, created if missing.
     *
     * @param dir the report folder
     * @return the report, writing into the folder's absolute path
     * @throws IllegalArgumentException naming the folder when it cannot be created or written
     */
    public static StudyReport in(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path abs = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create report folder " + abs + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); pass --out with a writable folder", e);
        }
        if (!Files.isDirectory(abs) || !Files.isWritable(abs)) {
            throw new IllegalArgumentException("report folder " + abs + " is not a writable folder; pass --out with a"
                    + " writable folder");
        }
        return new StudyReport(abs);
    }

    /** @return the report folder, absolute */
    public Path folder() {
        return dir;
    }

    /** @return the report's {@code index.html} */
    public Path index() {
        return dir.resolve("index.html");
    }

    /**
     * Draws the charts (in memory; {@link #write} writes them).
     *
     * @param results the study's results
     * @return the PNG files {@link #write} will write
     */
    public List<Path> drawCharts(StudyResults results) {
        drawn = StudyCharts.render(results);
        charts = drawn.stream().map(StudyCharts.Drawn::file).toList();
        return charts.stream().map(c -> dir.resolve(c.file())).toList();
    }

    /**
     * The report's summary as JSON.
     *
     * @param results  the study's results
     * @param findings the findings, most important first
     * @param self     the study's own footprint, if metered
     * @return the content of {@code summary.json}
     */
    public String summaryJson(StudyResults results, List<String> findings, Optional<SelfMetering> self) {
        try {
            return JSON.writeValueAsString(StudySummary.of(results, findings, charts, self));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the summary as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the charts drawn, {@code summary.json} and {@code index.html}: all to temporary files first, then
     * renamed into place.
     *
     * @param results  the study's results
     * @param findings the findings, most important first
     * @param self     the study's own footprint, if metered
     * @return {@link #index()}
     * @throws java.io.UncheckedIOException if a file cannot be written, after removing what this run wrote
     */
    public Path write(StudyResults results, List<String> findings, Optional<SelfMetering> self) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (StudyCharts.Drawn d : drawn) {
            files.put(d.file().file(), d.png());
        }
        files.put("summary.json", summaryJson(results, findings, self).getBytes(StandardCharsets.UTF_8));
        files.put("index.html", StudyHtml.render(results, findings, charts, self).getBytes(StandardCharsets.UTF_8));
        ReportFiles.writeAll(dir, files);
        return index();
    }
}
