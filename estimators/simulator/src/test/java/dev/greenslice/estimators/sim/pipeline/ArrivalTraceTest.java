package dev.greenslice.estimators.sim.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArrivalTraceTest {

    @Test
    void readsOneOrTwoColumnsWithHeadersAndComments(@TempDir Path dir) throws IOException {
        Path one = Files.writeString(dir.resolve("one.csv"), "requests\n# a comment\n3\n\n5\n0\n");
        assertArrayEquals(new double[] {3, 5, 0}, ArrivalTrace.fromCsv(one).requestsPerSecond());
        Path two = Files.writeString(dir.resolve("two.csv"), "second,requests\n0,10\n1,12.5\n2,0\n");
        ArrivalTrace t = ArrivalTrace.fromCsv(two);
        assertArrayEquals(new double[] {10, 12.5, 0}, t.requestsPerSecond());
        assertEquals(22.5, t.totalRequests(), 0);
        assertEquals(12.5, t.peak(), 0);
        assertTrue(t.name().endsWith("two.csv"));
    }

    @Test
    void badLinesAreNamedWithTheFix() {
        assertEquals("t.csv line 3: requests must be a finite, non-negative number, got '-4'",
                error("requests\n1\n-4\n"));
        assertEquals("t.csv line 2: requests 'many' is not a number", error("1\nmany\n"));
        assertEquals("t.csv line 2: expected second 1, got '2'; list every second from 0 in order, one per line",
                error("0,1\n2,1\n"));
        assertEquals("t.csv line 2: expected 2 column(s) like the lines before, got 1 in '7'", error("0,1\n7\n"));
        assertEquals("t.csv: no data lines; give one line per second with the requests that arrived in it",
                error("second,requests\n"));
        assertTrue(error("0,1,2\n").startsWith("t.csv line 1: expected one column (requests) or two"));
    }

    private static String error(String csv) {
        return assertThrows(IllegalArgumentException.class, () -> ArrivalTrace.fromCsv(new StringReader(csv), "t.csv"))
                .getMessage();
    }

    @Test
    void aMissingFileIsAnIoError(@TempDir Path dir) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> ArrivalTrace.fromCsv(dir.resolve("absent.csv")));
        assertTrue(e.getMessage().contains("absent.csv"));
    }

    @Test
    void generatorsRepeatForASeedAndDifferAcrossSeeds() {
        for (WorkloadShape s : WorkloadShape.values()) {
            assertArrayEquals(s.generate(600, 100, 7).requestsPerSecond(), s.generate(600, 100, 7).requestsPerSecond());
            assertTrue(!Arrays.equals(s.generate(600, 100, 7).requestsPerSecond(),
                    s.generate(600, 100, 8).requestsPerSecond()), s.name());
            assertEquals(s, WorkloadShape.parse(s.cliName()).orElseThrow());
        }
        assertTrue(WorkloadShape.parse("spiky").isEmpty());
    }

    @Test
    void shapesHaveTheirStatedLevels() {
        double peak = 1000;
        double[] low = WorkloadShape.STEADY_LOW.generate(1200, peak, 1).requestsPerSecond();
        double[] high = WorkloadShape.STEADY_HIGH.generate(1200, peak, 1).requestsPerSecond();
        assertEquals(200, mean(low), 20);
        assertEquals(700, mean(high), 70);
        // The level with its drift reaches 77 % of peak; the Poisson noise (sd 28 there) adds up to 4.5 sd.
        assertTrue(max(low) < 0.3 * peak && max(high) < 0.9 * peak, max(low) + ", " + max(high));
        double[] bursty = WorkloadShape.BURSTY.generate(1200, peak, 1).requestsPerSecond();
        assertEquals(200, median(bursty), 20, "mostly at the base level");
        assertTrue(max(bursty) > 0.7 * peak, "with bursts near the peak");
        double[] fluct = WorkloadShape.FLUCTUATING.generate(1200, peak, 1).requestsPerSecond();
        assertTrue(min(fluct) < 0.25 * peak && max(fluct) > 0.75 * peak, "swings low and high");
    }

    @Test
    void invalidGeneratorArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> WorkloadShape.BURSTY.generate(0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> WorkloadShape.BURSTY.generate(10, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalTrace.of("x"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ArrivalTrace.of("x", 1, Double.NaN))
                .getMessage().contains("second 1"));
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
