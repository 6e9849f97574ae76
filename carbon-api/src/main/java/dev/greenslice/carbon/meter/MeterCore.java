package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The shared state of one meter and all its views: sensors, the flattened domain index space, the sample
 * ring and the sampler thread, and (in shared attribution) the registry of open windows.
 */
final class MeterCore {

    private static final Logger LOG = LoggerFactory.getLogger(MeterCore.class);

    /** A footprint attached to a device domain (index) or to the host (-1). */
    record Attachment(String device, int domain, EmbodiedCarbon model) {
    }

    final Clock clock;
    final IntensitySource intensity;
    final Attribution attribution;
    final boolean synchronous;
    final long periodNanos;
    final List<SensorDomain> domains;
    final String[] sensorNames;
    final int[] parent;
    final long[] updatePeriodNanos;
    final List<Attachment> attachments;
    final List<Assumption> sensorAssumptions;
    final List<String> sensorWarnings;
    final SampleRing ring;
    final long anchorNanos;
    /** Built once: every report quotes them. */
    private final String samplingDescription;
    final Assumption attributionAssumption;
    final Assumption samplingAssumption;
    /** A report's assumptions when nothing is specific to the window (no intensity, no embodied model). */
    final List<Assumption> meterAssumptions;
    /** A report's warnings when all is well but no intensity source is configured. */
    final List<String> meterWarnings;
    final Instant anchorWall;
    private final List<SensorChannel> channels;
    private final Map<String, Integer> indexById = new HashMap<>();
    private final Object sampleLock = new Object();
    private long nextSeq;
    /** Shared attribution's state; null in device-total attribution. */
    final SharedAttribution sharing;
    private final RunningTotals totals;
    /**
     * A published interval not yet added to the totals, with (shared attribution) the energy per domain that no
     * window was charged.
     */
    record Interval(Sample prev, Sample cur, double[] unattributed) {
    }

    /** Published intervals not yet added to the totals, in publication order. */
    private final ConcurrentLinkedQueue<Interval> pendingTotals = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.locks.ReentrantLock totalsLock = new java.util.concurrent.locks.ReentrantLock();
    private volatile boolean closed;
    private final Thread sampler;

    MeterCore(List<EnergySensor> sensors, IntensitySource intensity, EmbodiedCarbon defaultEmbodied,
              Map<String, EmbodiedCarbon> embodiedByDomain, Clock clock, Duration period, boolean synchronous,
              boolean background, Attribution attribution, int history) {
        this.clock = clock;
        this.intensity = intensity;
        this.attribution = attribution;
        this.synchronous = synchronous;
        List<SensorChannel> chs = new ArrayList<>();
        List<SensorDomain> ds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Long> updates = new ArrayList<>();
        List<Assumption> assumptions = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        long fastest = synchronous ? Long.MAX_VALUE : period.toNanos();
        for (EnergySensor s : sensors) {
            if (s.domains().isEmpty()) {
                // Nothing to read: say why in every report rather than failing the meter.
                String why = s.assumptions().stream().map(Assumption::toString).reduce((a, b) -> a + "; " + b)
                        .orElse("no explanation given");
                warnings.add("sensor " + s.name() + " contributes no domains: " + why);
                try {
                    s.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing empty sensor {} failed", s.name(), e);
                }
                continue;
            }
            chs.add(new SensorChannel(s, ds.size()));
            for (SensorDomain d : s.domains()) {
                ds.add(d);
                names.add(s.name());
                updates.add(s.updatePeriod().toNanos());
            }
            fastest = Math.min(fastest, s.maximumSamplingPeriod().toNanos());
            assumptions.addAll(s.assumptions());
        }
        this.channels = List.copyOf(chs);
        this.domains = List.copyOf(ds);
        this.sensorNames = names.toArray(String[]::new);
        this.updatePeriodNanos = updates.stream().mapToLong(Long::longValue).toArray();
        this.sensorAssumptions = List.copyOf(assumptions);
        this.sensorWarnings = List.copyOf(warnings);
        for (int i = 0; i < ds.size(); i++) {
            indexById.put(ds.get(i).id(), i);
        }
        this.parent = new int[ds.size()];
        for (int i = 0; i < ds.size(); i++) {
            SensorDomain d = ds.get(i);
            Integer p = d.parentId().map(indexById::get).orElse(null);
            parent[i] = p == null ? -1 : p;
        }
        this.periodNanos = Math.max(1_000_000L, fastest);
        this.attachments = resolveAttachments(defaultEmbodied, embodiedByDomain);
        this.samplingDescription = describeSampling();
        this.attributionAssumption = Assumption.of("attribution", attribution.description(), "GreenSlice CarbonMeter");
        this.samplingAssumption = Assumption.of("sampling", samplingDescription, "GreenSlice CarbonMeter");
        List<Assumption> base = new ArrayList<>();
        base.add(attributionAssumption);
        base.add(samplingAssumption);
        base.addAll(sensorAssumptions);
        this.meterAssumptions = List.copyOf(base);
        List<String> quiet = new ArrayList<>(sensorWarnings);
        if (intensity == null) {
            quiet.add(WindowReport.NO_INTENSITY);
        }
        this.meterWarnings = List.copyOf(quiet);
        this.ring = new SampleRing(history);
        this.sharing = attribution == Attribution.SHARED_BY_OVERLAP ? new SharedAttribution(this, ds.size()) : null;
        this.totals = new RunningTotals(this, ds.size());
        this.anchorNanos = clock.monotonicNanos();
        this.anchorWall = clock.wallTime();
        tick();
        JfrEvents.meterOpened(this);
        if (background) {
            sampler = new Thread(this::sampleLoop, "greenslice-sampler");
            sampler.setDaemon(true);
            sampler.start();
        } else {
            sampler = null;
        }
    }

    private List<Attachment> resolveAttachments(EmbodiedCarbon defaultEmbodied, Map<String, EmbodiedCarbon> byDomain) {
        List<Attachment> list = new ArrayList<>();
        for (Map.Entry<String, EmbodiedCarbon> e : byDomain.entrySet()) {
            list.add(new Attachment(e.getKey(), indexById.get(e.getKey()), e.getValue()));
        }
        if (defaultEmbodied != null) {
            boolean anyGpu = false;
            for (int i = 0; i < domains.size(); i++) {
                SensorDomain d = domains.get(i);
                if (d.isRoot() && d.id().startsWith("gpu:") && !byDomain.containsKey(d.id())) {
                    list.add(new Attachment(d.id(), i, defaultEmbodied));
                    anyGpu = true;
                }
            }
            if (!anyGpu && byDomain.isEmpty()) {
                list.add(new Attachment("host", -1, defaultEmbodied));
            }
        }
        return List.copyOf(list);
    }

    MeterView rootView() {
        boolean[] all = new boolean[domains.size()];
        Arrays.fill(all, true);
        return new MeterView(this, all, true);
    }

    /** @return why domain {@code d}'s series broke, as precisely as the sensor said, for reports */
    String seriesBreakReason(int d) {
        for (SensorChannel ch : channels) {
            if (d >= ch.offset && d < ch.offset + ch.size) {
                String r = ch.breakReason(d);
                if (r != null) {
                    return "series broken during the window: " + r;
                }
            }
        }
        return "series broken during the window (counter reset or power-reading gap)";
    }

    int indexOf(String id) {
        Integer i = indexById.get(id);
        if (i == null) {
            throw new IllegalArgumentException("Unknown domain " + id + "; this meter's domains are "
                    + domains.stream().map(SensorDomain::id).toList());
        }
        return i;
    }

    Instant wallAt(long nanos) {
        return anchorWall.plusNanos(nanos - anchorNanos);
    }

    String samplingDescription() {
        return samplingDescription;
    }

    private String describeSampling() {
        return synchronous
                ? "synchronous: sensors read at each window edge"
                : "sampled every " + CarbonReport.formatDuration(Duration.ofNanos(periodNanos))
                  + "; window edges interpolated between samples";
    }

    /** Reads every sensor now into a fresh, unpublished sample. */
    private Sample readAll(long seq) {
        int n = domains.size();
        double[] joules = new double[n];
        String[] failures = new String[n];
        int[] epochs = new int[n];
        long nanos = clock.monotonicNanos();
        for (SensorChannel ch : channels) {
            ch.readInto(nanos, joules, failures, epochs);
        }
        Sample.LastGood lastGood = null;
        if (seq < 0) {
            for (int d = 0; d < n && lastGood == null; d++) {
                if (failures[d] != null) {
                    // A synchronous edge has no history around it: keep what each domain last read before this.
                    lastGood = new Sample.LastGood(n);
                    for (SensorChannel ch : channels) {
                        ch.lastGoodInto(lastGood);
                    }
                }
            }
        }
        return new Sample(seq, nanos, joules, failures, epochs, lastGood);
    }

    /** Sample for a synchronous edge: read on the caller's thread, not published. */
    Sample edge() {
        return readAll(-1);
    }

    /** Reads, publishes and (in shared attribution) distributes the interval since the previous sample. */
    Sample tick() {
        Sample s;
        synchronized (sampleLock) {
            s = tickLocked();
        }
        drainTotals(false);
        return s;
    }

    /** Runs {@code action} with the sample lock held, after a tick: used by synchronous shared windows. */
    Sample tickAnd(java.util.function.Consumer<Sample> action) {
        Sample s;
        synchronized (sampleLock) {
            s = tickLocked();
            action.accept(s);
        }
        drainTotals(false);
        return s;
    }

    /**
     * Adds the intervals published since the last drain to the running totals, in order. Runs outside the
     * sample lock because pricing an interval asks the intensity source, which may fetch (a live provider):
     * a slow answer then delays only the totals, never a window edge. Without {@code wait}, gives up at once
     * if another thread is draining (it, or the next tick, will take these intervals too).
     */
    private void drainTotals(boolean wait) {
        if (wait) {
            totalsLock.lock();
        } else if (!totalsLock.tryLock()) {
            return;
        }
        try {
            Interval interval;
            while ((interval = pendingTotals.poll()) != null) {
                totals.advance(interval.prev(), interval.cur(), interval.unattributed());
            }
        } finally {
            totalsLock.unlock();
        }
    }

    private Sample tickLocked() {
        Sample prev = ring.latest();
        if (closed && prev != null) {
            return prev;
        }
        Sample s = readAll(nextSeq++);
        if (prev != null && s.nanos < prev.nanos) {
            s = new Sample(s.seq, prev.nanos, s.joules, s.failures, s.epochs);
        }
        ring.publish(s);
        double[] unattributed = prev != null && sharing != null ? sharing.distribute(prev, s) : null;
        pendingTotals.add(new Interval(prev, s, unattributed));
        return s;
    }

    /** Running totals over the domains in {@code scope} as of the latest sample added to them. */
    MeterTotals totals(boolean[] scope) {
        drainTotals(true);
        RunningTotals copy;
        totalsLock.lock();
        try {
            copy = totals.copy();
        } finally {
            totalsLock.unlock();
        }
        return copy.snapshot(scope);
    }

    private void sampleLoop() {
        while (!closed) {
            LockSupport.parkNanos(periodNanos);
            if (closed) {
                break;
            }
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("GreenSlice: sampler tick failed: {}", e.toString());
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        synchronized (sampleLock) {
            if (closed) {
                return;
            }
            // A last sample so that windows closed before the meter can still resolve their end.
            tickLocked();
            closed = true;
        }
        JfrEvents.meterClosed(this);
        drainTotals(true);
        if (sampler != null) {
            LockSupport.unpark(sampler);
        }
        for (SensorChannel ch : channels) {
            ch.close();
        }
    }
}
