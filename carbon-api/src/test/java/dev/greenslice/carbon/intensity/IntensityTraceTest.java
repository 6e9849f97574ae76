package dev.greenslice.carbon.intensity;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.Energy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntensityTraceTest {

    private static final String EM_HEADER = "Datetime (UTC),Country,Zone Name,Zone Id,"
            + "Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,"
            + "Renewable Percentage,Data Source,Data Estimated,Data Estimation Method";

    private static Path export() throws URISyntaxException {
        return Path.of(IntensityTraceTest.class.getResource("DE_2023-01-01_hourly.csv").toURI());
    }

    private static IntensityTrace plain(String csv) {
        return CarbonIntensities.trace(new StringReader(csv), "test.csv");
    }

    private static String failure(String csv) {
        return assertThrows(IllegalArgumentException.class, () -> plain(csv)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), () -> "expected '" + p + "' in: " + message);
        }
    }

    @Test
    void readsTheElectricityMapsExportUsingTheLifecycleColumnByDefault() throws Exception {
        IntensityTrace t = CarbonIntensities.trace(export());
        assertEquals(24, t.size());
        assertEquals(Duration.ofHours(1), t.step());
        assertEquals(Instant.parse("2023-01-01T00:00:00Z"), t.start());
        assertEquals(Instant.parse("2023-01-02T00:00:00Z"), t.end());
        assertEquals(IntensityBasis.LIFECYCLE, t.basis());
        IntensityFactor f = t.at(Instant.parse("2023-01-01T05:30:00Z"));
        assertEquals(231, f.value().gramsPerKwh());
        assertEquals(IntensityBasis.LIFECYCLE, f.basis());
        assertEquals(2023, f.year());
        assertMentions(f.source(), "Electricity Maps", "DE_2023-01-01_hourly.csv", "zone DE", "LCA",
                "2023-01-01T05:00:00Z");
        assertEquals(f.value(), f.low());
        assertEquals(f.value(), f.high());
    }

    @Test
    void readsTheDirectColumnOnRequestAndRecordsTheBasis() throws Exception {
        IntensityTrace t = CarbonIntensities.trace(export(), IntensityBasis.DIRECT);
        IntensityFactor f = t.at(Instant.parse("2023-01-01T05:59:59.999Z"));
        assertEquals(176, f.value().gramsPerKwh());
        assertEquals(IntensityBasis.DIRECT, f.basis());
        assertMentions(f.source(), "direct");
    }

    @Test
    void estimatedRowsAreFlagged() throws Exception {
        IntensityTrace t = CarbonIntensities.trace(export());
        assertMentions(t.at(Instant.parse("2023-01-01T22:10:00Z")).source(), "estimated", "TIME_SLICER_AVERAGE");
        assertTrue(!t.at(Instant.parse("2023-01-01T21:10:00Z")).source().contains("estimated"));
    }

    @Test
    void theLastValueHoldsForOneStep() throws Exception {
        IntensityTrace t = CarbonIntensities.trace(export());
        assertEquals(304, t.at(Instant.parse("2023-01-01T23:59:59Z")).value().gramsPerKwh());
        String msg = assertThrows(IllegalArgumentException.class,
                () -> t.at(Instant.parse("2023-01-02T00:00:00Z"))).getMessage();
        assertMentions(msg, "2023-01-02T00:00:00Z", "[2023-01-01T00:00:00Z, 2023-01-02T00:00:00Z)",
                "DE_2023-01-01_hourly.csv");
        msg = assertThrows(IllegalArgumentException.class,
                () -> t.at(Instant.parse("2022-12-31T23:59:59Z"))).getMessage();
        assertMentions(msg, "2022-12-31T23:59:59Z", "covers");
    }

    @Test
    void aWindowAcrossAnHourBoundaryUsesBothHours() throws Exception {
        IntensityTrace t = CarbonIntensities.trace(export());
        // 1 kWh uniformly over 04:30–05:30: half at 233, half at 231 g/kWh.
        CarbonFigure c = t.carbonOf(Energy.ofKilowattHours(1), Instant.parse("2023-01-01T04:30:00Z"),
                Instant.parse("2023-01-01T05:30:00Z"));
        assertEquals(232, c.value().grams(), 1e-9);
        assertEquals(List.of(Instant.parse("2023-01-01T05:00:00Z")),
                t.changesBetween(Instant.parse("2023-01-01T04:30:00Z"), Instant.parse("2023-01-01T05:30:00Z")));
    }

    @Test
    void changesBetweenSkipsBoundariesWhereTheValueStaysAndRefusesToReachBeyondTheData() {
        IntensityTrace t = plain("timestamp,carbon_intensity_g_per_kwh\n"
                + "2024-01-01T00:00:00Z,100\n2024-01-01T00:15:00Z,100\n2024-01-01T00:30:00Z,300\n"
                + "2024-01-01T00:45:00Z,300\n");
        assertEquals(Duration.ofMinutes(15), t.step());
        assertEquals(List.of(Instant.parse("2024-01-01T00:30:00Z")),
                t.changesBetween(t.start(), t.end()));
        assertEquals(List.of(), t.changesBetween(Instant.parse("2024-01-01T00:30:00Z"), t.end()));
        String msg = assertThrows(IllegalArgumentException.class,
                () -> t.changesBetween(t.start(), t.end().plusSeconds(1))).getMessage();
        assertMentions(msg, "2024-01-01T01:00:01Z", "covers [2024-01-01T00:00:00Z, 2024-01-01T01:00:00Z)");
        assertThrows(IllegalArgumentException.class,
                () -> t.carbonOf(Energy.ofJoules(1), t.start().minusSeconds(1), t.end()));
    }

    @Test
    void plainLayoutAcceptsOffsetsAndBlankLinesAndABom() {
        IntensityTrace t = plain("\uFEFFtimestamp,carbon_intensity_g_per_kwh\r\n"
                + "2024-06-01T02:00:00+02:00,50.5\r\n\r\n2024-06-01T01:00:00Z,60\r\n");
        assertEquals(Instant.parse("2024-06-01T00:00:00Z"), t.start());
        assertEquals(60, t.at(Instant.parse("2024-06-01T01:30:00Z")).value().gramsPerKwh());
        assertMentions(t.at(t.start()).source(), "test.csv", "declared");
    }

    @Test
    void ofBuildsTheSameTraceAsTheCsv() {
        TreeMap<Instant, CarbonIntensity> points = new TreeMap<>();
        points.put(Instant.parse("2024-01-01T00:00:00Z"), CarbonIntensity.ofGramsPerKwh(10));
        points.put(Instant.parse("2024-01-01T01:00:00Z"), CarbonIntensity.ofGramsPerKwh(20));
        IntensityTrace t = IntensityTrace.of(points, IntensityBasis.DIRECT, "unit test");
        assertEquals(20, t.at(Instant.parse("2024-01-01T01:59:00Z")).value().gramsPerKwh());
        assertEquals(IntensityBasis.DIRECT, t.basis());
        points.put(Instant.parse("2024-01-01T04:00:00Z"), CarbonIntensity.ofGramsPerKwh(20));
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> IntensityTrace.of(points, IntensityBasis.DIRECT, "unit test")).getMessage(),
                "gap", "[2024-01-01T02:00:00Z, 2024-01-01T04:00:00Z)", "point 3");
    }

    // --- malformed input: every case names the input and the line, and says what to do ---

    @Test
    void emptyInput() {
        assertMentions(failure(""), "test.csv", "empty", "timestamp,carbon_intensity_g_per_kwh");
        assertMentions(failure("\n\n"), "test.csv", "empty");
        assertMentions(failure("timestamp,carbon_intensity_g_per_kwh\n"), "test.csv", "no rows", "line 1");
    }

    @Test
    void oneRowIsNotASeries() {
        assertMentions(failure("timestamp,carbon_intensity_g_per_kwh\n2024-01-01T00:00:00Z,5\n"),
                "only one value", "line 2", "CarbonIntensities.fixed");
    }

    @Test
    void missingRequiredColumns() {
        assertMentions(failure("timestamp,value\n2024-01-01T00:00:00Z,5\n"), "line 1",
                "missing required column 'carbon_intensity_g_per_kwh'");
        assertMentions(failure("when,what\n2024-01-01T00:00:00Z,5\n"), "line 1", "missing required columns",
                "Datetime (UTC)");
        String noLca = "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct)\n"
                + "2023-01-01 00:00:00,DE,100\n2023-01-01 01:00:00,DE,110\n";
        assertMentions(failure(noLca), "line 1", "missing required column 'Carbon Intensity gCO₂eq/kWh (LCA)'",
                "lifecycle");
        // ...while the direct column is there when asked for.
        IntensityTrace direct = CarbonIntensities.trace(new StringReader(noLca), "x.csv", IntensityBasis.DIRECT);
        assertEquals(110, direct.at(Instant.parse("2023-01-01T01:00:00Z")).value().gramsPerKwh());
    }

    @Test
    void wrongColumnCount() {
        String csv = EM_HEADER + "\n2023-01-01 00:00:00,Germany,Germany,DE,196,252,62,58,entsoe,false,\n"
                + "2023-01-01 01:00:00,Germany,Germany,DE,190,246,62,58,entsoe,false\n";
        assertMentions(failure(csv), "test.csv line 3", "expected 11 columns", "found 10");
    }

    @Test
    void malformedRow() {
        assertMentions(failure("timestamp,carbon_intensity_g_per_kwh\n\"2024-01-01T00:00:00Z,5\n"),
                "line 2", "unterminated quoted field");
        assertMentions(failure("timestamp,carbon_intensity_g_per_kwh\nyesterday,5\n"),
                "line 2", "'yesterday'", "ISO-8601");
        assertMentions(failure("timestamp,carbon_intensity_g_per_kwh\n2024-01-01 00:00:00,5\n"),
                "line 2", "no UTC offset", "2024-01-01T00:00:00Z");
        assertMentions(failure(EM_HEADER + "\n01/01/2023 00:00,Germany,Germany,DE,1,2,3,4,x,false,\n"),
                "line 2", "'01/01/2023 00:00'", "2023-01-01 00:00:00");
    }

    @Test
    void badValues() {
        String h = "timestamp,carbon_intensity_g_per_kwh\n2024-01-01T00:00:00Z,5\n2024-01-01T01:00:00Z,";
        assertMentions(failure(h + "abc\n"), "line 3", "'abc'", "not a number", "350.5");
        assertMentions(failure(h + "-3\n"), "line 3", "-3", "negative");
        assertMentions(failure(h + "NaN\n"), "line 3", "NaN");
        assertMentions(failure(h + "Infinity\n"), "line 3", "'Infinity'", "not a number");
        assertMentions(failure(h + "\n"), "line 3", "no value");
        assertMentions(failure(h + "1e999\n"), "line 3", "too large");
    }

    @Test
    void unsortedAndDuplicateTimes() {
        String h = "timestamp,carbon_intensity_g_per_kwh\n2024-01-01T01:00:00Z,5\n";
        assertMentions(failure(h + "2024-01-01T00:00:00Z,6\n"), "line 3", "before the previous row's",
                "line 2", "sort the rows");
        assertMentions(failure(h + "2024-01-01T01:00:00Z,6\n"), "line 3", "duplicate time 2024-01-01T01:00:00Z",
                "line 2");
    }

    @Test
    void gapsNameTheMissingRange() {
        String csv = "timestamp,carbon_intensity_g_per_kwh\n"
                + "2024-01-01T00:00:00Z,5\n2024-01-01T01:00:00Z,5\n\n2024-01-01T04:00:00Z,6\n2024-01-01T05:00:00Z,6\n";
        assertMentions(failure(csv), "test.csv line 5", "gap", "[2024-01-01T02:00:00Z, 2024-01-01T04:00:00Z)",
                "line 3", "1 h");
        // A finer series with one slot missing.
        String fine = "timestamp,carbon_intensity_g_per_kwh\n"
                + "2024-01-01T00:00:00Z,5\n2024-01-01T00:05:00Z,5\n2024-01-01T00:15:00Z,6\n";
        assertMentions(failure(fine), "line 4", "[2024-01-01T00:10:00Z, 2024-01-01T00:15:00Z)", "5 min");
    }

    @Test
    void coarserThanHourlyIsRefused() {
        assertMentions(failure("timestamp,carbon_intensity_g_per_kwh\n2024-01-01T00:00:00Z,5\n2024-01-02T00:00:00Z,6\n"),
                "24 h apart", "hourly or finer");
    }

    @Test
    void oneTraceIsOneZone() {
        String csv = EM_HEADER + "\n2023-01-01 00:00:00,Germany,Germany,DE,196,252,62,58,entsoe,false,\n"
                + "2023-01-01 01:00:00,France,France,FR,50,80,90,30,rte,false,\n";
        assertMentions(failure(csv), "line 3", "zone 'FR'", "zone 'DE'", "line 2");
    }

    @Test
    void unreadableFilesNameTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.csv");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> CarbonIntensities.trace(missing));
        assertMentions(e.getMessage(), missing.toString(), "does not exist");
        Path file = Files.writeString(dir.resolve("bad.csv"), "timestamp,carbon_intensity_g_per_kwh\nx,1\n");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> CarbonIntensities.trace(file)).getMessage(),
                file.toString(), "line 2");
    }
}
