package dev.greenslice.carbon.meter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A window in {@link Attribution#SHARED_BY_OVERLAP}: the meter's {@link SharedAttribution} adds to it, interval
 * by interval, its share of each domain's energy and device-time.
 *
 * <p>In sampled mode the window announces itself (start and close) before it reads the clock, so that the
 * attribution, working under the sample lock right after a sample at time {@code S}, either sees the window
 * or knows that its edge is at or after {@code S}: an edge is never read before a sample and published after
 * the interval it falls in was shared out. An edge announced but not yet read is waited for (a few
 * instructions, or a descheduled thread's time slice).
 */
final class SharedWindow extends WideWindow {

    /** The start field's value between announcement and clock read. */
    static final long PENDING = Long.MIN_VALUE;

    private static final VarHandle START;

    static {
        try {
            START = MethodHandles.lookup().findVarHandle(WideWindow.class, "startNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Written by the attribution under the meter's sample lock; read by the report after attributionDone.
    final boolean[] scope;
    final double[] attributed;
    final double[] attributedTime;
    final String[] attributionFailure;
    volatile boolean attributionDone;

    private SharedWindow(Site site, long startNanos) {
        super(site, startNanos);
        this.scope = site.scope;
        int n = site.scope.length;
        attributed = new double[n];
        attributedTime = new double[n + 1];
        attributionFailure = new String[n];
    }

    static SharedWindow openShared(Site site) {
        MeterCore core = site.core;
        if (core.synchronous) {
            SharedWindow[] holder = new SharedWindow[1];
            core.tickAnd(s -> {
                holder[0] = new SharedWindow(site, s.nanos);
                core.sharing.addLocked(holder[0]);
            });
            return holder[0];
        }
        SharedWindow w = new SharedWindow(site, PENDING);
        core.sharing.announce(w);
        long start;
        try {
            start = core.clock.monotonicNanos();
        } catch (RuntimeException | Error e) {
            // The sampler must never wait for this start: make it an empty window, already closed.
            long last = core.ring.latest().nanos;
            START.setVolatile(w, last);
            w.setEnd(last);
            throw e;
        }
        START.setVolatile(w, start);
        return w;
    }

    static SharedWindow closedAtBirth(Site site, Sample last) {
        SharedWindow w = new SharedWindow(site, last.nanos);
        w.attributionDone = true;
        return w;
    }

    /** @return the start; waits out an open between its announcement and its clock read */
    long awaitStart() {
        long s;
        int spins = 0;
        while ((s = (long) START.getVolatile(this)) == PENDING) {
            spins = backOff(spins);
        }
        return s;
    }

    /** @return the end, or {@link Long#MAX_VALUE} if open; waits out a close between announcement and clock read */
    long awaitEndOrOpen() {
        long b;
        int spins = 0;
        while ((b = endBits()) == CLOSING) {
            spins = backOff(spins);
        }
        return b == OPEN ? Long.MAX_VALUE : b + Long.MIN_VALUE;
    }

    private static int backOff(int spins) {
        if (spins < 1000) {
            Thread.onSpinWait();
        } else {
            Thread.yield(); // the announcing thread was descheduled: let it run
        }
        return spins + 1;
    }

    @Override
    void closeEdge() {
        if (endBits() != OPEN) {
            return;
        }
        MeterCore core = site().core;
        if (core.synchronous) {
            try {
                core.tickAnd(s -> {
                    // The tick just shared out the interval up to s with this window open; nothing follows.
                    if (setEnd(Math.max(s.nanos, startNanos))) {
                        attributionDone = true;
                    }
                });
                return;
            } catch (RuntimeException e) {
                // close() never throws: fall through to the clock; the report will say what is missing
            }
        }
        if (!announceClose()) {
            return;
        }
        long now;
        try {
            now = core.clock.monotonicNanos();
        } catch (RuntimeException e) {
            now = Long.MIN_VALUE;
        }
        publishEnd(Math.max(now, awaitStart()));
    }
}
