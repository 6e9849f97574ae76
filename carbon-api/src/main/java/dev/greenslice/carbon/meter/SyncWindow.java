package dev.greenslice.carbon.meter;

/** A window of a synchronous meter in device-total attribution: its edges are sensor reads of their own. */
final class SyncWindow extends WideWindow {

    private final Sample startSample;
    private volatile Sample endSample;

    SyncWindow(Site site, Sample start) {
        super(site, start.nanos);
        this.startSample = start;
    }

    SyncWindow(Site site, Sample start, Sample end) {
        this(site, start);
        this.endSample = end;
    }

    @Override
    void closeEdge() {
        if (isClosed()) {
            return;
        }
        MeterCore core = site().core;
        Sample s;
        try {
            s = core.isClosed() ? core.ring.latest() : core.edge();
        } catch (RuntimeException e) {
            s = core.ring.latest(); // close() never throws: the report will say what is missing
        }
        if (s.nanos < startNanos) {
            s = new Sample(s.seq, startNanos, s.joules, s.failures, s.epochs, s.lastGood);
        }
        if (setEnd(s.nanos)) {
            endSample = s;
        }
    }

    @Override
    Sample startHint() {
        return startSample;
    }

    @Override
    Sample endHint() {
        Sample h;
        while ((h = endSample) == null) {
            Thread.onSpinWait();
        }
        return h;
    }
}
