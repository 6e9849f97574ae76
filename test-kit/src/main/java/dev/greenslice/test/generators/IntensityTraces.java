package dev.greenslice.test.generators;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensityTrace;
import org.quicktheories.core.Gen;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.quicktheories.generators.SourceDSL.lists;

/**
 * QuickTheories generators of grid carbon-intensity traces ({@link IntensityTrace}): hourly step functions from a
 * given instant, each hour's value from 0 to 1200 gCO2e/kWh ({@link UnitGenerators#intensities()}).
 *
 * <pre>{@code
 * qt().forAll(IntensityTraces.hourly(Instant.parse("2025-01-01T00:00:00Z"), 48)).check(trace -> ...);
 * }</pre>
 *
 * <p>Stateless; the generators are immutable and may be shared between threads.
 */
public final class IntensityTraces {

    private IntensityTraces() {
    }

    /**
     * Lifecycle-basis hourly traces of 2 to {@code maxHours} hours starting at {@code start}.
     *
     * @param start    the first hour's start
     * @param maxHours the most hours; at least 2 (a trace has at least two points)
     * @return the generator
     * @throws IllegalArgumentException if {@code maxHours} is below 2
     */
    public static Gen<IntensityTrace> hourly(Instant start, int maxHours) {
        Objects.requireNonNull(start, "start");
        if (maxHours < 2) {
            throw new IllegalArgumentException("An intensity trace has at least two points; got maxHours " + maxHours);
        }
        Gen<List<CarbonIntensity>> values = lists().of(UnitGenerators.intensities()).ofSizeBetween(2, maxHours);
        return values.map(v -> {
            SortedMap<Instant, CarbonIntensity> points = new TreeMap<>();
            for (int h = 0; h < v.size(); h++) {
                points.put(start.plus(Duration.ofHours(h)), v.get(h));
            }
            return IntensityTrace.of(points, IntensityBasis.LIFECYCLE, "generated hourly trace");
        });
    }
}
