package dev.greenslice.test.generators;

import dev.greenslice.carbon.Power;
import org.quicktheories.core.Gen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * QuickTheories generators of {@link PowerTrace}s: piecewise-constant power with segments from 1 ms to a maximum
 * length and powers from 0 W to a maximum.
 *
 * <pre>{@code
 * qt().forAll(PowerTraces.gpu()).check(trace -> trace.energyBetween(0, trace.length().toNanos()).joules() >= 0);
 * }</pre>
 *
 * <p>Stateless; the generators are immutable and may be shared between threads.
 */
public final class PowerTraces {

    private PowerTraces() {
    }

    /**
     * Traces of 1 to {@code maxSegments} segments, each 1 ms to {@code maxSegment} long (whole milliseconds) at
     * 0 W to {@code maxWatts}.
     *
     * @param maxSegments the most segments; at least 1
     * @param maxSegment  the longest segment; at least 1 ms
     * @param maxWatts    the highest power, in watts; finite, above 0
     * @return the generator
     * @throws IllegalArgumentException for bounds outside those ranges
     */
    public static Gen<PowerTrace> piecewiseConstant(int maxSegments, Duration maxSegment, double maxWatts) {
        if (maxSegments < 1) {
            throw new IllegalArgumentException("A power trace has at least one segment; got maxSegments " + maxSegments);
        }
        long maxMs = maxSegment.toMillis();
        if (maxMs < 1 || maxMs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxSegment must be 1 ms to " + Integer.MAX_VALUE + " ms; got " + maxSegment);
        }
        Gen<Power> power = UnitGenerators.powers(maxWatts);
        Gen<Integer> ms = integers().between(1, (int) maxMs);
        Gen<List<Integer>> lengths = lists().of(ms).ofSizeBetween(1, maxSegments);
        Gen<List<Power>> powers = lists().of(power).ofSize(maxSegments);
        return lengths.zip(powers, (l, p) -> {
            List<Duration> durations = new ArrayList<>();
            for (int m : l) {
                durations.add(Duration.ofMillis(m));
            }
            return PowerTrace.of(durations, p.subList(0, l.size()));
        });
    }

    /** @return GPU-like traces: up to 20 segments of up to 5 s, 0 W to 700 W */
    public static Gen<PowerTrace> gpu() {
        return piecewiseConstant(20, Duration.ofSeconds(5), 700);
    }
}
