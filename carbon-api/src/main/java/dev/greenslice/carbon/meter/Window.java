package dev.greenslice.carbon.meter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One metering window. Start and close record the clock and a reference to the sampler's latest sample
 * (sampled mode) or read the sensors (synchronous mode, {@link SyncWindow}); everything else is computed in
 * {@link #report()}. Shared attribution uses {@link SharedWindow}.
 *
 * <p>Kept small because one is allocated per metered request: the label, meter and scope live in a
 * {@link Site} shared by the windows of one label, the end is stored with no initialising write (0 means
 * open), and the cached report replaces the site once computed.
 */
class Window implements Measurement {

    /** The end field's value while open. */
    static final long OPEN = 0L;
    /** The end field's value between a shared window's announcement of its close and its clock read. */
    static final long CLOSING = 1L;

    private static final VarHandle END;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            END = l.findVarHandle(Window.class, "endBits", long.class);
            STATE = l.findVarHandle(Window.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The label, meter and scope of windows started with one label on one view; immutable. */
    static final class Site {
        final MeterCore core;
        final String label;
        final boolean[] scope;

        Site(MeterCore core, String label, boolean[] scope) {
            this.core = core;
            this.label = label;
            this.scope = scope;
        }
    }

    /** A {@link Site} until the report is computed, then the {@link CarbonReport} (which holds the label). */
    private Object state;
    /** The start, monotonic ns; written once before the window is published (shared windows: see there). */
    long startNanos;
    /** Sampled mode: the latest sample when the window opened, where the search for its start begins. */
    final Sample startHint;
    /** {@link #OPEN}, {@link #CLOSING}, or the end in monotonic ns encoded by {@link #encode(long)}. */
    @SuppressWarnings("unused") // accessed through END
    private volatile long endBits;

    Window(Site site, long startNanos, Sample startHint) {
        this.state = site;
        this.startNanos = startNanos;
        this.startHint = startHint;
    }

    /** Ends are stored shifted so that 0 and 1 (open, closing) are never a clock reading a meter can see. */
    static long encode(long nanos) {
        return nanos - Long.MIN_VALUE;
    }

    static Window open(Site site) {
        Window w = create(site);
        JfrEvents.windowOpened(w);
        return w;
    }

    private static Window create(Site site) {
        MeterCore core = site.core;
        if (core.isClosed()) {
            return closedAtBirth(site);
        }
        if (core.attribution == Attribution.SHARED_BY_OVERLAP) {
            return SharedWindow.openShared(site);
        }
        if (core.synchronous) {
            Sample s = core.edge();
            return new SyncWindow(site, s);
        }
        return new Window(site, core.clock.monotonicNanos(), core.ring.latest());
    }

    private static Window closedAtBirth(Site site) {
        Sample last = site.core.ring.latest();
        Window w = site.core.attribution == Attribution.SHARED_BY_OVERLAP
                ? SharedWindow.closedAtBirth(site, last) : new SyncWindow(site, last, last);
        w.setEnd(last.nanos);
        return w;
    }

    final Site site() {
        Object s = STATE.getAcquire(this);
        if (s instanceof Site) {
            return (Site) s;
        }
        throw new IllegalStateException("site asked for after the report was computed");
    }

    @Override
    public final String label() {
        Object s = STATE.getAcquire(this);
        return s instanceof Site ? ((Site) s).label : ((CarbonReport) s).label();
    }

    /** Sets the end if still open; returns whether this call did. */
    final boolean setEnd(long nanos) {
        return END.compareAndSet(this, OPEN, encode(nanos));
    }

    /** Announces a close whose clock read follows (shared attribution); returns whether this call won. */
    final boolean announceClose() {
        return END.compareAndSet(this, OPEN, CLOSING);
    }

    /** Publishes the end after {@link #announceClose()}. */
    final void publishEnd(long nanos) {
        END.setVolatile(this, encode(nanos));
    }

    /** The raw end field: {@link #OPEN}, {@link #CLOSING} or an encoded end. */
    final long endBits() {
        return (long) END.getVolatile(this);
    }

    @Override
    public final void close() {
        closeEdge();
        JfrEvents.windowClosed(this);
    }

    /** Sets the end, once; the kinds of window differ in how (sampled, synchronous, shared). Never throws. */
    void closeEdge() {
        if (endBits() != OPEN) {
            return;
        }
        Site site = site();
        long now;
        try {
            now = site.core.clock.monotonicNanos();
        } catch (RuntimeException e) {
            now = startNanos; // a clock never throws; if one does, an empty window beats an exception from close()
        }
        setEnd(Math.max(now, startNanos));
    }

    @Override
    public final boolean isClosed() {
        return endBits() != OPEN;
    }

    /** @return the end in monotonic ns; waits out a close between its announcement and its clock read */
    final long endNanos() {
        long b;
        while ((b = endBits()) == CLOSING) {
            Thread.onSpinWait();
        }
        if (b == OPEN) {
            throw new IllegalStateException("window is open");
        }
        return b + Long.MIN_VALUE;
    }

    /**
     * The sample where the search for the end begins, or null to search the whole history by time (sampled
     * mode: the end is found from the newest sample backwards, so no reference is kept per window).
     */
    Sample endHint() {
        return null;
    }

    @Override
    public final CarbonReport report() {
        Object s = STATE.getAcquire(this);
        if (s instanceof CarbonReport) {
            return (CarbonReport) s;
        }
        if (!isClosed()) {
            throw new IllegalStateException("Window '" + label() + "' is still open; close it before asking for its report");
        }
        synchronized (this) {
            s = STATE.getAcquire(this);
            if (s instanceof CarbonReport) {
                return (CarbonReport) s;
            }
            CarbonReport r = new WindowReport((Site) s, this).compute();
            STATE.setRelease(this, r);
            return r;
        }
    }

    @Override
    public String toString() {
        return "Measurement[" + label() + (isClosed() ? ", closed]" : ", open]");
    }
}
