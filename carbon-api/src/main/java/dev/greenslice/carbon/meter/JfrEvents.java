package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.sensor.SensorDomain;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The meter's JDK Flight Recorder events: {@link EnergyWindowEvent} per closed window and the periodic
 * {@link DevicePowerEvent}. Nothing happens unless a recording enables them ({@code -XX:StartFlightRecording} or
 * {@code jcmd PID JFR.start}): opening a window costs one {@code isEnabled()} check, and a window's report is computed
 * at its close only when its event will be committed. A JDK without the {@code jdk.jfr} module simply gets no events.
 * Thread-safe; never throws into the meter.
 */
final class JfrEvents {

    private static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    private static final Set<MeterCore> LIVE = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private static boolean listening;
    /** Events of open windows, by window identity; empty unless a recording wants window events. */
    private static final java.util.concurrent.ConcurrentHashMap<Window, EnergyWindowEvent> OPEN =
            new java.util.concurrent.ConcurrentHashMap<>();

    private JfrEvents() {
    }

    /**
     * Begins the window's event if a recording wants window events. The event waits in a side table, not in the
     * window, so that a window costs not one byte more while no recording is on.
     */
    static void windowOpened(Window w) {
        if (!PRESENT || !EnergyWindowEvent.wanted()) {
            return;
        }
        try {
            EnergyWindowEvent e = new EnergyWindowEvent();
            e.begin();
            OPEN.put(w, e);
        } catch (RuntimeException | LinkageError ex) {
            // no event for this window; metering is unaffected
        }
    }

    /** @return events begun for windows not yet closed (for tests) */
    static int pendingEvents() {
        return OPEN.size();
    }

    /** Ends and commits the window's event with its report, if it has one; the report is computed only then. */
    static void windowClosed(Window w) {
        if (OPEN.isEmpty()) {
            return;
        }
        EnergyWindowEvent e = OPEN.remove(w);
        if (e == null) {
            return;
        }
        try {
            e.end();
            if (!e.shouldCommit()) {
                return;
            }
            CarbonReport r = w.report();
            e.label = r.label();
            e.windowDuration = r.duration().toNanos();
            e.energyJoules = r.totalEnergy().toJoules();
            e.complete = r.complete();
            e.domains = domains(r);
            e.operationalGrams = r.operational().map(c -> c.value().toGrams()).orElse(Double.NaN);
            e.embodiedGrams = r.embodiedTotal().map(c -> c.value().toGrams()).orElse(Double.NaN);
            e.carbonGrams = r.total().map(c -> c.value().toGrams()).orElse(Double.NaN);
            e.intensityGramsPerKwh = r.intensity().map(f -> f.value().gramsPerKwh()).orElse(Double.NaN);
            e.attribution = r.attribution().name();
            e.commit();
        } catch (RuntimeException | LinkageError ex) {
            // close() never throws: a window without its event is better than a failed request
        }
    }

    private static String domains(CarbonReport r) {
        StringBuilder sb = new StringBuilder();
        for (DomainEnergy d : r.domains()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(d.domain()).append('=');
            if (d.energy().isPresent()) {
                sb.append(d.energy().get().toJoules()).append(" J");
            } else {
                sb.append("unavailable (").append(d.unavailableReason().orElse("")).append(')');
            }
        }
        return sb.toString();
    }

    /** Makes a meter's domains part of the periodic power event while it is open. */
    static void meterOpened(MeterCore core) {
        if (!PRESENT) {
            return;
        }
        try {
            LIVE.add(core);
            listen();
        } catch (RuntimeException | LinkageError e) {
            // no events for this meter; metering is unaffected
        }
    }

    static void meterClosed(MeterCore core) {
        if (PRESENT) {
            LIVE.remove(core);
        }
    }

    /**
     * Registers the periodic hook when the recorder initialises (at once if it already has), so that a meter built
     * before {@code jcmd JFR.start} still shows up, and a JVM that never records never initialises the recorder.
     */
    private static synchronized void listen() {
        if (listening) {
            return;
        }
        listening = true;
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                initializeOutsideJfrLocks();
                FlightRecorder.addPeriodicEvent(DevicePowerEvent.class, JfrEvents::emitPower);
            }
        });
    }

    /**
     * JDK 17's recorder initialises an event class (whose static initialiser registers it, throwing and catching
     * a ClassNotFoundException on the way) while holding its own {@code Utils} lock, and the exception tracer that
     * exception needs is initialised by any other thread throwing at that moment, which then waits for the same lock:
     * a class-initialisation deadlock (seen with an HTTP client shutting down as a recording started). Initialising
     * both classes here, before {@link FlightRecorder#addPeriodicEvent} takes that lock, leaves no cycle.
     */
    static void initializeOutsideJfrLocks() {
        for (String name : new String[] {"jdk.jfr.events.Handlers", DevicePowerEvent.class.getName()}) {
            try {
                Class.forName(name, true, name.startsWith("jdk.") ? null : JfrEvents.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // not in this JDK (the tracer moved in later ones), or no events: addPeriodicEvent then decides
            }
        }
    }

    private static void emitPower() {
        List<MeterCore> cores;
        synchronized (LIVE) {
            cores = new ArrayList<>(LIVE);
        }
        for (MeterCore core : cores) {
            if (core.isClosed()) {
                continue;
            }
            Sample b = core.ring.latest();
            Sample a = b == null ? null : core.ring.get(b.seq - 1);
            if (a == null || b.nanos <= a.nanos) {
                continue;
            }
            double seconds = (b.nanos - a.nanos) / 1e9;
            for (int d = 0; d < core.domains.size(); d++) {
                if (!a.available(d) || !b.available(d) || a.epochs[d] != b.epochs[d]) {
                    continue;
                }
                SensorDomain dom = core.domains.get(d);
                DevicePowerEvent e = new DevicePowerEvent();
                e.domain = dom.id();
                e.parent = dom.parent();
                e.watts = Math.max(0, b.joules[d] - a.joules[d]) / seconds;
                e.interval = b.nanos - a.nanos;
                e.sensor = core.sensorNames[d];
                e.kind = dom.kind().name();
                e.commit();
            }
        }
    }
}
