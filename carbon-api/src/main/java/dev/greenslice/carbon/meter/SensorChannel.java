package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sensor inside a meter: its slice of the meter's domain index space, its reusable readout, and the
 * trapezoid integrator for its power domains. Reads are serialised by the channel's own lock, so a
 * sensor is never read from two threads at once and unrelated sensors never wait on each other.
 */
final class SensorChannel {

    private static final Logger LOG = LoggerFactory.getLogger(SensorChannel.class);

    final EnergySensor sensor;
    final int offset;
    final int size;
    private final SensorReadout readout;
    private final boolean[] power;
    private final double[] integrated;
    private final double[] lastWatts;
    private final long[] lastNanos;
    private final boolean[] hasLast;
    private final double[] lastJoules;
    private final int[] epochs;
    /**
     * Each domain's last successful reading (cumulative joules, when, in which series), kept so that a synchronous
     * window edge that finds the device gone can still report the energy measured up to the loss.
     */
    private final double[] goodJoules;
    private final long[] goodNanos;
    private final int[] goodEpochs;
    private final boolean[] hasGood;
    /** Why each domain's series last broke; read by reports from other threads. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<String> breakReasons;
    private String lastLogged;
    private boolean closed;

    SensorChannel(EnergySensor sensor, int offset) {
        this.sensor = sensor;
        this.offset = offset;
        this.size = sensor.domains().size();
        this.readout = new SensorReadout(sensor.domains());
        this.power = new boolean[size];
        for (int i = 0; i < size; i++) {
            power[i] = !sensor.domains().get(i).kind().isCumulativeEnergy();
        }
        this.integrated = new double[size];
        this.lastWatts = new double[size];
        this.lastNanos = new long[size];
        this.hasLast = new boolean[size];
        this.lastJoules = new double[size];
        java.util.Arrays.fill(lastJoules, Double.NaN);
        this.epochs = new int[size];
        this.goodJoules = new double[size];
        this.goodNanos = new long[size];
        this.goodEpochs = new int[size];
        this.hasGood = new boolean[size];
        this.breakReasons = new java.util.concurrent.atomic.AtomicReferenceArray<>(size);
    }

    /**
     * Reads the sensor and writes cumulative joules, failures and epochs for its domains into the
     * meter-wide arrays at this channel's offset.
     */
    synchronized void readInto(long nanos, double[] joules, String[] failures, int[] epochOut) {
        if (closed) {
            for (int i = 0; i < size; i++) {
                joules[offset + i] = Double.NaN;
                failures[offset + i] = "meter closed: sensor " + sensor.name() + " no longer read";
                epochOut[offset + i] = epochs[i];
            }
            return;
        }
        readout.clear();
        try {
            sensor.read(readout);
        } catch (RuntimeException e) {
            String reason = "sensor " + sensor.name() + " failed: " + (e.getMessage() == null ? e : e.getMessage());
            for (int i = 0; i < size; i++) {
                readout.unavailable(i, reason);
            }
        }
        for (int i = 0; i < size; i++) {
            int d = offset + i;
            if (!readout.isAvailable(i)) {
                joules[d] = Double.NaN;
                failures[d] = readout.failure(i);
                if (power[i] && hasLast[i]) {
                    // A gap in power readings: the energy in it is unknown, so break the series.
                    hasLast[i] = false;
                    epochs[i]++;
                    breakReasons.set(i, "power readings missing: " + failures[d]);
                }
                logOnce(sensor.domains().get(i), failures[d]);
            } else if (power[i]) {
                double w = readout.value(i);
                if (hasLast[i]) {
                    long dt = Math.max(0, nanos - lastNanos[i]);
                    integrated[i] += (lastWatts[i] + w) / 2.0 * (dt / 1e9);
                }
                lastWatts[i] = w;
                lastNanos[i] = Math.max(nanos, lastNanos[i]);
                hasLast[i] = true;
                joules[d] = integrated[i];
                failures[d] = null;
            } else {
                double j = readout.value(i);
                String seriesBreak = readout.seriesBreak(i);
                if (j < lastJoules[i] || seriesBreak != null) {
                    // A cumulative counter went backwards (driver reload, sensor reset), or the sensor says the
                    // energy since its previous reading is unknown: never subtract across it.
                    epochs[i]++;
                    breakReasons.set(i, seriesBreak != null ? seriesBreak
                            : "counter went backwards from " + lastJoules[i] + " J to " + j + " J (reset or driver reload)");
                    if (seriesBreak != null) {
                        LOG.warn("GreenSlice: {}: energy before this reading is unknown: {}", sensor.domains().get(i).id(), seriesBreak);
                    }
                }
                lastJoules[i] = j;
                joules[d] = j;
                failures[d] = null;
            }
            epochOut[d] = epochs[i];
            if (failures[d] == null) {
                goodJoules[i] = joules[d];
                goodNanos[i] = Math.max(nanos, goodNanos[i]);
                goodEpochs[i] = epochs[i];
                hasGood[i] = true;
            }
        }
    }

    /** Copies each of this channel's domains' last successful reading into the meter-wide {@code out}. */
    synchronized void lastGoodInto(Sample.LastGood out) {
        for (int i = 0; i < size; i++) {
            int d = offset + i;
            out.has[d] = hasGood[i];
            out.joules[d] = goodJoules[i];
            out.nanos[d] = goodNanos[i];
            out.epochs[d] = goodEpochs[i];
        }
    }

    /** @return why the series of the meter-wide domain {@code d} last broke, or null if it never did */
    String breakReason(int d) {
        return breakReasons.get(d - offset);
    }

    private void logOnce(SensorDomain domain, String reason) {
        String msg = domain.id() + ": " + reason;
        if (!msg.equals(lastLogged)) {
            lastLogged = msg;
            LOG.warn("GreenSlice: {} unavailable: {}", domain.id(), reason);
        }
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                sensor.close();
            } catch (RuntimeException e) {
                LOG.warn("GreenSlice: closing sensor {} failed: {}", sensor.name(), e.toString());
            }
        }
    }
}
