package dev.greenslice.carbon.meter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One metering window. Start and close record the clock (sampled mode, {@link SampledWindow}) or read the
 * sensors (synchronous mode, {@link SyncWindow}); everything else is computed in {@link #report()}. Shared
 * attribution uses {@link SharedWindow}.
 *
 * <p>Kept small because one is allocated per metered request: the label, meter and scope live in a
 * {@link Site} shared by the windows of one label; what few windows need (counted functional units, an end too
 * far from the site's clock base for a sampled window, the cached report) lives in an {@link Extra} allocated
 * only then.
 */
abstract class Window implements Measurement {

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Window.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The label, meter and scope of windows started with one label on one view; immutable. {@link #baseNanos} is
     * the clock base from which sampled windows store their edges as 32-bit offsets: a view replaces its site by
     * one with a fresh base (same label) when a window starts too far from it. {@link #baseSample} is the latest
     * sample when the base was taken: a report falls back to it when a window's start has left the sample history.
     */
    static final class Site {
        final MeterCore core;
        final String label;
        final boolean[] scope;
        final long baseNanos;
        final Sample baseSample;

        Site(MeterCore core, String label, boolean[] scope, long baseNanos) {
            this.core = core;
            this.label = label;
            this.scope = scope;
            this.baseNanos = baseNanos;
            this.baseSample = core.ring.latest();
        }

        Site rebased(long nanos) {
            return new Site(core, label, scope, nanos);
        }
    }

    /** A window's rarely needed state: counted units, an end stored in full, the cached report. */
    static final class Extra {
        final Site site;
        /** A sampled window's end when it does not fit its 32-bit offset; written before the end code says so. */
        volatile long endNanos;
        /** Counted functional units in order of first count; guarded by this. */
        private List<String> units;
        private long[] counts;
        /** The report once computed. */
        volatile CarbonReport report;

        Extra(Site site) {
            this.site = site;
        }

        synchronized void add(long n, String unit) {
            if (units == null) {
                units = new ArrayList<>(2);
                counts = new long[2];
            }
            int i = units.indexOf(unit);
            if (i < 0) {
                i = units.size();
                units.add(unit);
                if (counts.length == i) {
                    counts = java.util.Arrays.copyOf(counts, i * 2);
                }
            }
            long sum = counts[i] + n;
            if (sum < 0) {
                throw new IllegalArgumentException("Counting " + n + " more " + unit + " overflows the window's count of "
                        + counts[i] + "; count fewer per window");
            }
            counts[i] = sum;
        }

        /** @return the units counted, in order of first count, with their totals */
        synchronized List<UnitCount> counted() {
            if (units == null) {
                return List.of();
            }
            List<UnitCount> out = new ArrayList<>(units.size());
            for (int i = 0; i < units.size(); i++) {
                out.add(new UnitCount(units.get(i), counts[i]));
            }
            return out;
        }
    }

    /** A unit counted in a window and how many. */
    record UnitCount(String unit, long count) {
    }

    /** A {@link Site} while nothing else is needed, else an {@link Extra}. */
    @SuppressWarnings("unused") // read and replaced through STATE
    private Object state;

    Window(Site site) {
        this.state = site;
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
        return SampledWindow.openSampled(site);
    }

    private static Window closedAtBirth(Site site) {
        Sample last = site.core.ring.latest();
        Window w = site.core.attribution == Attribution.SHARED_BY_OVERLAP
                ? SharedWindow.closedAtBirth(site, last) : new SyncWindow(site, last, last);
        ((WideWindow) w).setEnd(last.nanos);
        return w;
    }

    final Site site() {
        Object s = STATE.getAcquire(this);
        return s instanceof Site ? (Site) s : ((Extra) s).site;
    }

    /** @return the extra state, allocating it on first need */
    final Extra extra() {
        while (true) {
            Object s = STATE.getAcquire(this);
            if (s instanceof Extra) {
                return (Extra) s;
            }
            Extra e = new Extra((Site) s);
            if (STATE.compareAndSet(this, s, e)) {
                return e;
            }
        }
    }

    /** @return the extra state if allocated, else null */
    final Extra extraOrNull() {
        Object s = STATE.getAcquire(this);
        return s instanceof Extra ? (Extra) s : null;
    }

    @Override
    public final String label() {
        return site().label;
    }

    @Override
    public final Measurement count(long units, String unit) {
        Objects.requireNonNull(unit, "unit");
        if (units < 0) {
            throw new IllegalArgumentException("A functional unit count must be >= 0, got " + units + " " + unit);
        }
        if (unit.isBlank()) {
            throw new IllegalArgumentException("Name the functional unit, e.g. \"request\" or \"token\"; got a blank name");
        }
        if (isClosed()) {
            throw new IllegalStateException("Window '" + label() + "' is closed; count " + unit
                    + " before closing it");
        }
        extra().add(units, unit);
        return this;
    }

    /** @return the units counted so far, in order of first count */
    final List<UnitCount> counted() {
        Extra e = extraOrNull();
        return e == null ? List.of() : e.counted();
    }

    @Override
    public final void close() {
        closeEdge();
        JfrEvents.windowClosed(this);
    }

    /** Sets the end, once; the kinds of window differ in how (sampled, synchronous, shared). Never throws. */
    abstract void closeEdge();

    /** @return the start in monotonic ns */
    abstract long startNanos();

    /** @return the end in monotonic ns; waits out a close between its announcement and its clock read */
    abstract long endNanos();

    /** The sample where the search for the start begins, or null to search the history by time. */
    Sample startHint() {
        return null;
    }

    /**
     * The sample where the search for the end begins, or null to search the whole history by time (sampled
     * mode: no reference is kept per window).
     */
    Sample endHint() {
        return null;
    }

    @Override
    public final CarbonReport report() {
        Extra x = extraOrNull();
        if (x != null && x.report != null) {
            return x.report;
        }
        if (!isClosed()) {
            throw new IllegalStateException("Window '" + label() + "' is still open; close it before asking for its report");
        }
        x = extra();
        synchronized (x) {
            if (x.report == null) {
                x.report = new WindowReport(x.site, this).compute();
            }
            return x.report;
        }
    }

    @Override
    public String toString() {
        return "Measurement[" + label() + (isClosed() ? ", closed]" : ", open]");
    }
}
