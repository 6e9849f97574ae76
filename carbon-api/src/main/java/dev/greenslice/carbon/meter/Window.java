package dev.greenslice.carbon.meter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One metering window. Start and close record the clock and a reference to the sampler's latest sample
 * (sampled mode) or read the sensors (synchronous mode); everything else is computed in
 * {@link #report()}.
 */
final class Window implements Measurement {

    private static final VarHandle END;

    static {
        try {
            END = MethodHandles.lookup().findVarHandle(Window.class, "endNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final MeterCore core;
    final String label;
    final boolean[] scope;
    final long startNanos;
    final Sample startHint;
    @SuppressWarnings("unused") // accessed through END
    private volatile long endNanos = Long.MAX_VALUE;
    private volatile Sample endHint;

    // Shared attribution only: filled by the sampler under the meter's sample lock.
    final double[] attributed;
    final double[] attributedTime;
    final String[] attributionFailure;
    volatile boolean attributionDone;

    private CarbonReport report;
    /** The JFR event begun with the window while a recording wants it; else null (see {@link JfrEvents}). */
    private Object jfrEvent;

    private Window(MeterCore core, String label, boolean[] scope, long startNanos, Sample startHint) {
        this.core = core;
        this.label = label;
        this.scope = scope;
        this.startNanos = startNanos;
        this.startHint = startHint;
        this.jfrEvent = JfrEvents.windowOpened();
        if (core.attribution == Attribution.SHARED_BY_OVERLAP) {
            attributed = new double[scope.length];
            attributedTime = new double[scope.length + 1];
            attributionFailure = new String[scope.length];
        } else {
            attributed = null;
            attributedTime = null;
            attributionFailure = null;
        }
    }

    static Window open(MeterCore core, String label, boolean[] scope) {
        if (core.isClosed()) {
            return closedAtBirth(core, label, scope);
        }
        if (core.synchronous) {
            if (core.attribution == Attribution.SHARED_BY_OVERLAP) {
                Window[] holder = new Window[1];
                core.tickAnd(s -> {
                    holder[0] = new Window(core, label, scope, s.nanos, s);
                    core.register(holder[0]);
                });
                return holder[0];
            }
            Sample s = core.edge();
            return new Window(core, label, scope, s.nanos, s);
        }
        Window w = new Window(core, label, scope, core.clock.monotonicNanos(), core.ring.latest());
        if (w.attributed != null) {
            core.register(w);
        }
        return w;
    }

    private static Window closedAtBirth(MeterCore core, String label, boolean[] scope) {
        Sample last = core.ring.latest();
        Window w = new Window(core, label, scope, last.nanos, last);
        w.endHint = last;
        END.setVolatile(w, last.nanos);
        w.attributionDone = true;
        return w;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public void close() {
        closeEdge();
        if (jfrEvent != null) {
            commitJfrEvent();
        }
    }

    private synchronized void commitJfrEvent() {
        Object e = jfrEvent;
        jfrEvent = null;
        if (e != null) {
            JfrEvents.windowClosed(this, e);
        }
    }

    private void closeEdge() {
        if (endNanos != Long.MAX_VALUE) {
            return;
        }
        try {
            if (core.synchronous && !core.isClosed()) {
                if (attributed != null) {
                    core.tickAnd(s -> {
                        if (END.compareAndSet(this, Long.MAX_VALUE, s.nanos)) {
                            endHint = s;
                        }
                    });
                    attributionDone = true;
                    return;
                }
                Sample s = core.edge();
                if (END.compareAndSet(this, Long.MAX_VALUE, s.nanos)) {
                    endHint = s;
                }
                return;
            }
            long now = core.clock.monotonicNanos();
            if (END.compareAndSet(this, Long.MAX_VALUE, Math.max(now, startNanos))) {
                endHint = core.ring.latest();
            }
        } catch (RuntimeException e) {
            // close() never throws: fall back to the clock and the latest sample; the report will say what is missing.
            long now = core.clock.monotonicNanos();
            if (END.compareAndSet(this, Long.MAX_VALUE, Math.max(now, startNanos))) {
                endHint = core.ring.latest();
            }
        }
    }

    @Override
    public boolean isClosed() {
        return endNanos != Long.MAX_VALUE;
    }

    long endNanos() {
        return endNanos;
    }

    /** Nanoseconds of this window inside {@code [from, to]}. */
    long overlap(long from, long to) {
        long a = Math.max(startNanos, from);
        long b = Math.min(endNanos, to);
        return Math.max(0, b - a);
    }

    Sample endHint() {
        Sample h;
        while ((h = endHint) == null) {
            Thread.onSpinWait(); // close() is between its CAS and publishing the hint
        }
        return h;
    }

    @Override
    public synchronized CarbonReport report() {
        if (!isClosed()) {
            throw new IllegalStateException("Window '" + label + "' is still open; close it before asking for its report");
        }
        if (report == null) {
            report = new WindowReport(core, this).compute();
        }
        return report;
    }

    @Override
    public String toString() {
        return "Measurement[" + label + (isClosed() ? ", closed]" : ", open]");
    }
}
