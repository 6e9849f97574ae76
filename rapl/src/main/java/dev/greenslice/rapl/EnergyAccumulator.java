package dev.greenslice.rapl;

import java.util.Locale;

/**
 * Turns successive raw readings of one wrapping energy counter into cumulative joules: corrects the
 * wraparound, and drops (never reports) a delta that cannot be right.
 *
 * <p>A delta is dropped, and the reason kept, when the counter goes back and its wrap range is unknown; when
 * a raw value exceeds the counter's stated range; when more time passed since the previous reading than the
 * counter needs to wrap at the zone's maximum power (it may have wrapped more than once, so the energy is
 * unknown); or when the delta implies more than {@value #IMPLAUSIBLE_FACTOR} times the zone's maximum power
 * (a counter reset after suspend, CPU hotplug or a driver reload). After a drop the next delta is taken from
 * the new value: the dropped energy is missing from the total, never replaced by a guess.
 *
 * <p>Not thread-safe: one instance per counter, used by the thread that reads the sensor.
 */
final class EnergyAccumulator {

    /** Deltas above this multiple of the zone's maximum power are taken for counter resets. */
    static final double IMPLAUSIBLE_FACTOR = 10.0;

    /** RAPL counters update about once per millisecond, so two reads may always straddle one update. */
    static final long UPDATE_NANOS = 1_000_000L;

    private final String source;
    private final double joulesPerUnit;
    private final long wrapUnits;
    private final long maxRawUnits;
    private final double maxWatts;
    private final double implausibleWatts;
    private final long wrapNanosAtMaxPower;

    private boolean primed;
    private long lastRaw;
    private long lastNanos;
    private double totalJoules;
    private long droppedDeltas;
    private String lastDropReason;
    private boolean lastDropRebased;

    EnergyAccumulator(String source, double joulesPerUnit, long wrapUnits, long maxRawUnits, double maxWatts) {
        this.source = source;
        this.joulesPerUnit = joulesPerUnit;
        this.wrapUnits = wrapUnits;
        this.maxRawUnits = maxRawUnits;
        this.maxWatts = maxWatts;
        this.implausibleWatts = maxWatts * IMPLAUSIBLE_FACTOR;
        double wrapSeconds = wrapUnits > 0 ? wrapUnits * joulesPerUnit / maxWatts : Double.POSITIVE_INFINITY;
        this.wrapNanosAtMaxPower = wrapSeconds * 1e9 >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) (wrapSeconds * 1e9);
    }

    EnergyAccumulator(RaplCounter c) {
        this(c.source(), c.joulesPerUnit(), c.wrapUnits(), c.maxRawUnits(), c.maxWatts());
    }

    /**
     * Takes a new raw reading made at {@code nowNanos} on the monotonic clock.
     *
     * @return null if the reading was taken in (the first reading only sets the baseline); otherwise why its
     * delta was dropped
     */
    String update(long raw, long nowNanos) {
        if (raw < 0 || (maxRawUnits >= 0 && raw > maxRawUnits)) {
            String why = raw < 0
                    ? "negative raw value " + raw
                    : "raw value " + raw + " above the counter's stated range " + maxRawUnits;
            // Keep the baseline: an out-of-range value says nothing about the energy since the last good one.
            return drop(source + ": " + why + "; reading dropped", false, raw, nowNanos);
        }
        if (!primed) {
            primed = true;
            lastRaw = raw;
            lastNanos = nowNanos;
            return null;
        }
        long elapsed = Math.max(0, nowNanos - lastNanos);
        long delta = raw - lastRaw;
        if (delta < 0) {
            if (wrapUnits == RaplCounter.NEVER_WRAPS) {
                return drop(source + " went back from " + lastRaw + " to " + raw
                        + " although it never wraps: the counter was reset; delta dropped", true, raw, nowNanos);
            }
            if (wrapUnits <= 0) {
                return drop(String.format(Locale.ROOT,
                        "%s went back from %d to %d and its wrap range is unknown, so the energy in the last %.3f s"
                                + " cannot be known; delta dropped", source, lastRaw, raw, elapsed / 1e9),
                        true, raw, nowNanos);
            }
            delta += wrapUnits;
            if (delta < 0) {
                return drop(source + ": value " + raw + " after " + lastRaw
                        + " is inconsistent with the wrap range " + wrapUnits + "; delta dropped", true, raw, nowNanos);
            }
        }
        if (wrapUnits > 0 && elapsed > wrapNanosAtMaxPower) {
            return drop(String.format(Locale.ROOT,
                    "%s was last read %.1f s ago, longer than the %.1f s it takes to wrap at %.0f W, so it may"
                            + " have wrapped more than once; delta dropped (read the sensor at least every %.1f s)",
                    source, elapsed / 1e9, wrapNanosAtMaxPower / 1e9, maxWatts, wrapNanosAtMaxPower / 2e9),
                    true, raw, nowNanos);
        }
        double joules = delta * joulesPerUnit;
        double seconds = Math.max(elapsed, UPDATE_NANOS) / 1e9;
        if (joules / seconds > implausibleWatts) {
            return drop(String.format(Locale.ROOT,
                    "%s rose by %.6g J in %.3f s (%.4g W, above %.0f W = %.0f x the zone's %.0f W maximum);"
                            + " taken for a counter reset (suspend, CPU hotplug, driver reload) and dropped",
                    source, joules, elapsed / 1e9, joules / seconds, implausibleWatts, IMPLAUSIBLE_FACTOR, maxWatts),
                    true, raw, nowNanos);
        }
        totalJoules += joules;
        lastRaw = raw;
        lastNanos = nowNanos;
        return null;
    }

    private String drop(String reason, boolean rebase, long raw, long nowNanos) {
        droppedDeltas++;
        lastDropReason = reason;
        lastDropRebased = rebase;
        if (rebase) {
            primed = true;
            lastRaw = raw;
            lastNanos = nowNanos;
        }
        return reason;
    }

    /** @return the joules counted since the first reading, excluding dropped deltas; never negative */
    double totalJoules() {
        return totalJoules;
    }

    /** @return whether a baseline reading has been taken */
    boolean primed() {
        return primed;
    }

    /**
     * @return whether the latest drop took its reading as the new baseline (the total stays valid from there
     * on, only the energy before it is unknown); false if the reading itself was out of range and ignored
     */
    boolean lastDropRebased() {
        return lastDropRebased;
    }

    /** @return how many deltas were dropped so far */
    long droppedDeltas() {
        return droppedDeltas;
    }

    /** @return the reason for the latest dropped delta, or null if none was dropped */
    String lastDropReason() {
        return lastDropReason;
    }

    /** @return the counter's wrap time at the zone's maximum power in nanoseconds; {@link Long#MAX_VALUE} if it does not wrap */
    long wrapNanosAtMaxPower() {
        return wrapNanosAtMaxPower;
    }
}
