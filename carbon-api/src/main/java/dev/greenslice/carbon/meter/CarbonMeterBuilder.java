package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.SensorDomain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link CarbonMeter}. Each setting is validated as it is set, so a mistake fails at the line
 * that made it, with a message naming the value and the fix.
 *
 * <p>Defaults: sampled mode every 100 ms (or faster if a sensor needs it), background sampling on,
 * {@link Attribution#DEVICE_TOTAL}, the system clock, 4096 samples of history. There is no default
 * intensity and no default embodied model: without them the report has no operational or embodied
 * figure rather than an invented one.
 *
 * <p>Not thread-safe; build on one thread.
 */
public final class CarbonMeterBuilder {

    /** The default sampling period in sampled mode. */
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(100);

    private final List<EnergySensor> sensors = new ArrayList<>();
    private final Map<String, String> domainOwners = new HashMap<>();
    private IntensitySource intensity;
    private EmbodiedCarbon defaultEmbodied;
    private final Map<String, EmbodiedCarbon> embodiedByDomain = new LinkedHashMap<>();
    private Clock clock = Clock.system();
    private Duration period = DEFAULT_PERIOD;
    private boolean synchronous;
    private boolean background = true;
    private Attribution attribution = Attribution.DEVICE_TOTAL;
    private int history = 4096;

    CarbonMeterBuilder() {
    }

    /**
     * Adds a sensor; the meter closes it when the meter closes. A sensor with no domains (say, an NVML
     * sensor on a machine without GPUs) is accepted: the meter goes on without it, and every report says
     * so with the sensor's own explanation ({@link EnergySensor#assumptions()}).
     *
     * @param sensor the sensor; its domain ids must differ from those of the sensors added before
     * @return this builder
     * @throws IllegalArgumentException if one of its domain ids is already taken by another sensor
     */
    public CarbonMeterBuilder sensor(EnergySensor sensor) {
        Objects.requireNonNull(sensor, "sensor");
        List<SensorDomain> ds = sensor.domains();
        Map<String, String> mine = new HashMap<>();
        for (SensorDomain d : ds) {
            String owner = domainOwners.containsKey(d.id()) ? domainOwners.get(d.id()) : mine.get(d.id());
            if (owner != null) {
                throw new IllegalArgumentException("Domain " + d.id() + " of sensor " + sensor.name()
                        + " is already reported by sensor " + owner + "; a meter must not count it twice");
            }
            mine.put(d.id(), sensor.name());
        }
        domainOwners.putAll(mine);
        sensors.add(sensor);
        return this;
    }

    /**
     * Where the grid's carbon intensity comes from; without one, reports have energy but no operational carbon.
     *
     * @param intensity the source, asked for the intensity over each window
     * @return this builder
     */
    public CarbonMeterBuilder intensity(IntensitySource intensity) {
        this.intensity = Objects.requireNonNull(intensity, "intensity");
        return this;
    }

    /**
     * The embodied carbon of the metered hardware: attached to every top-level GPU domain ({@code gpu:N})
     * if the meter has any, otherwise once to the host as a whole. Without it, reports have no embodied figure.
     *
     * @param embodied the hardware's embodied carbon model and lifetime
     * @return this builder
     */
    public CarbonMeterBuilder embodied(EmbodiedCarbon embodied) {
        this.defaultEmbodied = Objects.requireNonNull(embodied, "embodied");
        return this;
    }

    /**
     * The embodied carbon of one device, attached to its domain (e.g. {@code gpu:1}); it takes precedence over
     * {@link #embodied(EmbodiedCarbon)} there. Windows covering only some of its nested domains (MIG instances) are
     * charged their resource share.
     *
     * @param domainId a top-level domain of one of the sensors; checked at {@link #build()}
     * @param embodied the device's embodied carbon model and lifetime
     * @return this builder
     */
    public CarbonMeterBuilder embodied(String domainId, EmbodiedCarbon embodied) {
        Objects.requireNonNull(domainId, "domainId");
        embodiedByDomain.put(domainId, Objects.requireNonNull(embodied, "embodied"));
        return this;
    }

    /**
     * The clock for window edges and samples; inject a {@link dev.greenslice.carbon.MockClock} in tests.
     *
     * @param clock the clock; default {@link Clock#system()}
     * @return this builder
     */
    public CarbonMeterBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Sampled mode: a background thread reads the sensors every {@code period} (or faster if a sensor's
     * {@link EnergySensor#maximumSamplingPeriod()} demands it) and windows interpolate their edges between
     * samples. Window start and close then do no I/O. This is the default, every {@link #DEFAULT_PERIOD}.
     *
     * @param period how often to sample, from 1 ms to 1 hour
     * @return this builder, no longer in {@link #synchronous()} mode
     * @throws IllegalArgumentException if the period is under 1 ms or over 1 hour
     */
    public CarbonMeterBuilder sampled(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.compareTo(Duration.ofMillis(1)) < 0 || period.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("Sampling period must be between 1 ms and 1 h, got " + period);
        }
        this.period = period;
        this.synchronous = false;
        return this;
    }

    /**
     * Synchronous mode: every window edge reads the sensors on the caller's thread (as Zeus does). Exact
     * edges, but the cost of a sensor read on every start and close. A background sampler still runs as
     * often as a sensor needs it (counter wraparound, power integration).
     *
     * @return this builder
     */
    public CarbonMeterBuilder synchronous() {
        this.synchronous = true;
        return this;
    }

    /**
     * Whether a background thread samples the sensors. On by default; turn it off to drive sampling
     * yourself with {@link CarbonMeter#sampleNow()}, e.g. with a mock clock in a property test.
     *
     * @param enabled false to sample only when {@link CarbonMeter#sampleNow()} is called (and, in synchronous mode,
     *                at window edges)
     * @return this builder
     */
    public CarbonMeterBuilder backgroundSampling(boolean enabled) {
        this.background = enabled;
        return this;
    }

    /**
     * How windows open at the same time share a device's energy.
     *
     * @param attribution {@link Attribution#DEVICE_TOTAL} (default) or {@link Attribution#SHARED_BY_OVERLAP}
     * @return this builder
     */
    public CarbonMeterBuilder attribution(Attribution attribution) {
        this.attribution = Objects.requireNonNull(attribution, "attribution");
        return this;
    }

    /**
     * Shorthand for {@code attribution(Attribution.SHARED_BY_OVERLAP)}.
     *
     * @return this builder
     */
    public CarbonMeterBuilder attributeSharedEnergy() {
        return attribution(Attribution.SHARED_BY_OVERLAP);
    }

    /**
     * How many samples the sampler keeps for interpolation. Windows whose edges fall further back than this are
     * interpolated more coarsely, and say so.
     *
     * @param samples a power of two, at least 16; default 4096
     * @return this builder
     * @throws IllegalArgumentException for fewer than 16 samples or a number that is not a power of two
     */
    public CarbonMeterBuilder history(int samples) {
        if (samples < 16 || Integer.bitCount(samples) != 1) {
            throw new IllegalArgumentException("History must be a power of two >= 16, got " + samples);
        }
        this.history = samples;
        return this;
    }

    /**
     * Builds and starts the meter: reads every sensor once, then starts the sampler.
     *
     * @return the running meter; close it to stop the sampler and close the sensors
     * @throws IllegalStateException if no sensor was added, or an embodied model names an unknown domain
     */
    public CarbonMeter build() {
        if (domainOwners.isEmpty()) {
            throw new IllegalStateException("A meter needs at least one sensor with a domain"
                    + (sensors.isEmpty() ? "" : " (" + sensors.stream().map(EnergySensor::name).toList() + " report none"
                    + sensors.stream().flatMap(s -> s.unavailability().stream()).map(e -> ": " + e.getMessage())
                            .reduce("", String::concat) + ")")
                    + "; CpuTimeSensor.builder().open() works everywhere");
        }
        for (String d : embodiedByDomain.keySet()) {
            if (!domainOwners.containsKey(d)) {
                throw new IllegalStateException("Embodied model attached to unknown domain " + d + "; the meter's domains are "
                        + domainOwners.keySet().stream().sorted().toList());
            }
        }
        return new MeterCore(List.copyOf(sensors), intensity, defaultEmbodied, new LinkedHashMap<>(embodiedByDomain), clock,
                period, synchronous, background, attribution, history).rootView();
    }
}
