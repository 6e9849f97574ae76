package dev.greenslice.test.generators;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.test.sensor.ScriptedSensor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A device's power over time, constant in each of consecutive segments from monotonic time 0 and held at the
 * last segment's power after the end; and the energy it integrates to, exactly.
 *
 * <p>A sensor over it ({@link #sensor(String, Clock)}) reads that exact integral, so a property can compare a
 * meter's figures with {@link #energyBetween(long, long)}. Immutable and thread-safe.
 */
public final class PowerTrace {

    private final long[] startsNanos;
    private final double[] watts;

    private PowerTrace(long[] startsNanos, double[] watts) {
        this.startsNanos = startsNanos;
        this.watts = watts;
    }

    /**
     * A trace of consecutive segments.
     *
     * @param durations each segment's length; each above zero
     * @param powers    each segment's power; as many as durations, at least one
     * @return the trace
     * @throws IllegalArgumentException for no segments, unequal lists or a segment of zero or negative length
     */
    public static PowerTrace of(List<Duration> durations, List<Power> powers) {
        if (durations.isEmpty() || durations.size() != powers.size()) {
            throw new IllegalArgumentException("A power trace needs one power per segment and at least one segment; got "
                    + durations.size() + " durations and " + powers.size() + " powers");
        }
        long[] starts = new long[durations.size() + 1];
        double[] w = new double[powers.size()];
        for (int i = 0; i < durations.size(); i++) {
            Duration d = Objects.requireNonNull(durations.get(i), "duration");
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("Segment " + i + " of a power trace lasts " + d + "; give more than zero");
            }
            starts[i + 1] = Math.addExact(starts[i], d.toNanos());
            w[i] = powers.get(i).watts();
        }
        return new PowerTrace(starts, w);
    }

    /** @return how many segments */
    public int segments() {
        return watts.length;
    }

    /** @return the time the last segment ends, from monotonic 0 */
    public Duration length() {
        return Duration.ofNanos(startsNanos[watts.length]);
    }

    /**
     * The power at a moment.
     *
     * @param atNanos monotonic nanoseconds; before 0 the first segment's power, after the end the last's
     * @return the power then
     */
    public Power powerAt(long atNanos) {
        return Power.ofWatts(watts[segmentAt(atNanos)]);
    }

    /**
     * The energy from monotonic 0 to {@code atNanos}: the exact integral of the trace.
     *
     * @param atNanos monotonic nanoseconds; negative counts as 0
     * @return joules
     */
    public double joulesAt(long atNanos) {
        if (atNanos <= 0) {
            return 0;
        }
        double j = 0;
        for (int i = 0; i < watts.length; i++) {
            long from = startsNanos[i];
            long to = i == watts.length - 1 ? Long.MAX_VALUE : startsNanos[i + 1];
            if (atNanos <= from) {
                break;
            }
            j += watts[i] * (Math.min(atNanos, to) - from) / 1e9;
        }
        return j;
    }

    /**
     * The energy between two moments.
     *
     * @param fromNanos monotonic nanoseconds
     * @param toNanos   monotonic nanoseconds, not before {@code fromNanos}
     * @return the energy
     * @throws IllegalArgumentException if {@code toNanos} is before {@code fromNanos}
     */
    public Energy energyBetween(long fromNanos, long toNanos) {
        if (toNanos < fromNanos) {
            throw new IllegalArgumentException("An interval ends at or after it starts; got " + fromNanos + " ns to "
                    + toNanos + " ns");
        }
        return Energy.ofJoules(Math.max(0, joulesAt(toNanos) - joulesAt(fromNanos)));
    }

    /**
     * A sensor of one hardware energy counter reading this trace's energy at the clock's monotonic time.
     *
     * @param domainId the domain, e.g. {@code gpu:0}
     * @param clock    the clock the trace's time is on (a {@code MockClock} starting at 0)
     * @return a new sensor
     */
    public ScriptedSensor sensor(String domainId, Clock clock) {
        return new ScriptedSensor("power-trace", clock).domain(
                SensorDomain.root(domainId, ReadingKind.HARDWARE_ENERGY_COUNTER, "power trace of " + segments()
                        + " segments"), this::joulesAt);
    }

    private int segmentAt(long atNanos) {
        for (int i = watts.length - 1; i > 0; i--) {
            if (atNanos >= startsNanos[i]) {
                return i;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < watts.length; i++) {
            parts.add(Duration.ofNanos(startsNanos[i + 1] - startsNanos[i]).toMillis() + " ms at " + watts[i] + " W");
        }
        return "PowerTrace" + parts;
    }
}
