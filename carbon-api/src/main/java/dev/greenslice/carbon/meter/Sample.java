package dev.greenslice.carbon.meter;

/**
 * One reading of every domain of a meter at one monotonic instant: cumulative joules (power domains
 * already integrated), the failure reason of unreadable domains, and an epoch per domain that changes
 * whenever the cumulative series is broken (a counter reset, a gap in power readings), so that no
 * window ever subtracts across a break.
 *
 * <p>Immutable once constructed (all fields final), so it is safely shared with any thread through the
 * sample ring without locks.
 */
final class Sample {

    final long seq;
    final long nanos;
    final double[] joules;
    final String[] failures;
    final int[] epochs;
    /**
     * A synchronous edge's record, if some domain failed in it, of each domain's last successful reading before it;
     * null otherwise (sampled history answers the same question from the ring).
     */
    final LastGood lastGood;

    /** Each domain's last successful reading: cumulative joules, monotonic ns, series epoch. */
    static final class LastGood {
        final boolean[] has;
        final double[] joules;
        final long[] nanos;
        final int[] epochs;

        LastGood(int n) {
            has = new boolean[n];
            joules = new double[n];
            nanos = new long[n];
            epochs = new int[n];
        }
    }

    Sample(long seq, long nanos, double[] joules, String[] failures, int[] epochs) {
        this(seq, nanos, joules, failures, epochs, null);
    }

    Sample(long seq, long nanos, double[] joules, String[] failures, int[] epochs, LastGood lastGood) {
        this.seq = seq;
        this.nanos = nanos;
        this.joules = joules;
        this.failures = failures;
        this.epochs = epochs;
        this.lastGood = lastGood;
    }

    boolean available(int d) {
        return failures[d] == null;
    }
}
