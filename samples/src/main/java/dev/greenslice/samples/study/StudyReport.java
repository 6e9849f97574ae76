package dev.greenslice.samples.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The study's report folder: {@code index.html} with the findings, tables and PNG charts (drawn by XChart),
 * and {@code summary.json} with every computed figure.
 *
 * <p>Use: {@link #in(Path)} checks the folder can be written before the study runs; {@link #drawCharts} draws
 * the charts; {@link #write} writes the two text files. Not thread-safe. Fails with
 * {@link IllegalArgumentException} naming the folder and the fix when it cannot be created or written, and
 * with {@link UncheckedIOException} when a write fails midway.
 */
public final class StudyReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The folder the command writes to unless told otherwise. */
    public static final String DEFAULT_FOLDER = "greenslice-report";

    private final Path dir;
    private List<StudyCharts.ChartFile> charts = List.of();

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
     * Draws the charts into the folder.
     *
     * @param results the study's results
     * @return the PNG files written
     */
    public List<Path> drawCharts(StudyResults results) {
        charts = StudyCharts.render(results, dir);
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
     * Writes {@code summary.json} and {@code index.html}.
     *
     * @param results  the study's results
     * @param findings the findings, most important first
     * @param self     the study's own footprint, if metered
     * @return {@link #index()}
     * @throws java.io.UncheckedIOException if a file cannot be written
     */
    public Path write(StudyResults results, List<String> findings, Optional<SelfMetering> self) {
        try {
            Files.writeString(dir.resolve("summary.json"), summaryJson(results, findings, self), StandardCharsets.UTF_8);
            Files.writeString(index(), StudyHtml.render(results, findings, charts, self), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report in " + dir + ": " + e.getMessage(), e);
        }
        return index();
    }
}
