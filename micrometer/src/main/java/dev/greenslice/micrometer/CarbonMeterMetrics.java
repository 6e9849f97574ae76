package dev.greenslice.micrometer;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.DomainTotal;
import dev.greenslice.carbon.meter.EmbodiedShare;
import dev.greenslice.carbon.meter.MeterTotals;
import dev.greenslice.carbon.sensor.SensorDomain;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer {@link MeterBinder} that publishes a {@link CarbonMeter}'s running totals
 * ({@link CarbonMeter#totals()}): energy as monotonic counters and power as gauges following the
 * OpenTelemetry hardware semantic conventions, and carbon under {@code greenslice.carbon.*}.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * new CarbonMeterMetrics(meter, Tags.of("service", "whisper")).bindTo(registry);
 * }</pre>
 *
 * <p>Meters, per domain of the carbon meter (tags {@value #HW_ID} = the domain id such as {@code gpu:0},
 * {@value #HW_TYPE} = {@code gpu}, {@code cpu}, {@code memory} (for {@code dram}/{@code memory} domains) or
 * the domain's own kind where OpenTelemetry has no type for it (e.g. {@code psys}), {@value #HW_PARENT} = the
 * enclosing domain or {@code ""}, {@value #SENSOR} = the sensor's name and {@value #READING} = how it reads,
 * e.g. {@code hardware_energy_counter} or {@code estimated_energy}):
 * <ul>
 *   <li>{@value #ENERGY} (FunctionCounter, joules): energy since the meter was built; Prometheus
 *       {@code hw_energy_joules_total}. Intervals without a reading add nothing.</li>
 *   <li>{@value #POWER} (Gauge, watts): mean power over the meter's latest sample interval, NaN while the
 *       domain is unreadable; Prometheus {@code hw_power_watts}.</li>
 *   <li>{@value #AVAILABLE} (Gauge): 1 while the domain's latest reading is good, 0 otherwise.</li>
 *   <li>{@value #MEASURED} (FunctionCounter, seconds): the time the energy counter covers, so that gaps
 *       show as a rate below 1.</li>
 *   <li>{@value #OPERATIONAL} (FunctionCounter, grams CO2e): operational carbon of that energy, each
 *       interval at the intensity in effect then; only if the meter has an intensity source.</li>
 * </ul>
 * and once per meter {@value #INTENSITY} (Gauge, g CO2e/kWh, NaN while the source cannot answer; only with
 * an intensity source) and, per device with an embodied footprint (tag {@value #HW_ID} = {@code gpu:0} or
 * {@code host}), {@value #EMBODIED} (FunctionCounter, grams CO2e charged for the time since the meter was
 * built).
 *
 * <p>Nested domains (a MIG instance inside its GPU, a package's cores) are counted inside their parent too:
 * sum only series with an empty {@code hw_parent} for a total. Carbon ranges (low/high) are not exported;
 * read them from {@link CarbonMeter#totals()} or a window's report.
 *
 * <p>The domains, the embodied devices and whether there is an intensity source are fixed when
 * {@link #bindTo} runs. Values come from {@link CarbonMeter#totals()}, which does no I/O: one snapshot
 * serves every poll within {@link #MAX_AGE_NANOS} of the registry's clock, so one scrape sees consistent
 * figures. The registry's meters hold the carbon meter (through their functions) for as long as they are
 * registered; a meter closed meanwhile keeps publishing its last totals. Thread-safe; binding to several
 * registries is fine.
 */
public final class CarbonMeterMetrics implements MeterBinder {

    /** OpenTelemetry {@code hw.energy}: energy consumed by the component, in joules. */
    public static final String ENERGY = "hw.energy";
    /** OpenTelemetry {@code hw.power}: instantaneous power consumed by the component, in watts. */
    public static final String POWER = "hw.power";
    /** Whether the domain's latest reading is good: 1 or 0. */
    public static final String AVAILABLE = "greenslice.domain.available";
    /** The time the energy counter covers, in seconds. */
    public static final String MEASURED = "greenslice.domain.measured";
    /** Operational carbon, in grams CO2e. */
    public static final String OPERATIONAL = "greenslice.carbon.operational";
    /** Embodied carbon charged for the time since the meter was built, in grams CO2e. */
    public static final String EMBODIED = "greenslice.carbon.embodied";
    /** The grid's carbon intensity now, in grams CO2e per kWh. */
    public static final String INTENSITY = "greenslice.carbon.intensity";

    /** OpenTelemetry attribute: the component's identifier, here the domain id. */
    public static final String HW_ID = "hw.id";
    /** OpenTelemetry attribute: the component's type. */
    public static final String HW_TYPE = "hw.type";
    /** OpenTelemetry attribute: the enclosing component's identifier. */
    public static final String HW_PARENT = "hw.parent";
    /** The name of the GreenSlice sensor reading the domain. */
    public static final String SENSOR = "greenslice.sensor";
    /** How the domain's readings are obtained ({@link dev.greenslice.carbon.sensor.ReadingKind}, lowercase). */
    public static final String READING = "greenslice.reading";

    /** How long one snapshot of the meter's totals serves polls: 100 ms of the registry's clock. */
    public static final long MAX_AGE_NANOS = 100_000_000L;

    private final CarbonMeter meter;
    private final Tags tags;

    /**
     * Binds {@code meter}'s totals with no extra tags.
     *
     * @param meter the meter to publish
     */
    public CarbonMeterMetrics(CarbonMeter meter) {
        this(meter, Tags.empty());
    }

    /**
     * Binds {@code meter}'s totals with {@code tags} added to every meter (e.g. the service or model name).
     *
     * @param meter the meter to publish
     * @param tags  tags for every published meter
     * @throws NullPointerException if an argument is null
     */
    public CarbonMeterMetrics(CarbonMeter meter, Iterable<Tag> tags) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Snapshots snapshots = new Snapshots(meter, registry.config().clock());
        MeterTotals now = meter.totals(); // for the shape of the meter only: the first poll takes its own snapshot
        boolean carbon = now.operational().isPresent();
        List<SensorDomain> domains = meter.domains();
        for (int i = 0; i < domains.size(); i++) {
            SensorDomain d = domains.get(i);
            String id = d.id();
            int index = i;
            Tags domainTags = tags.and(
                    Tag.of(HW_ID, id),
                    Tag.of(HW_TYPE, hardwareType(id)),
                    Tag.of(HW_PARENT, parentOf(now, id, d)),
                    Tag.of(SENSOR, sensorOf(now, id)),
                    Tag.of(READING, d.kind().name().toLowerCase(Locale.ROOT)));
            FunctionCounter.builder(ENERGY, snapshots, domainValue(snapshots, index, id, t -> t.energy().joules()))
                    .description("Energy consumed by the component since the GreenSlice meter was built")
                    .baseUnit("joules").tags(domainTags).register(registry);
            Gauge.builder(POWER, snapshots, domainValue(snapshots, index, id,
                            t -> t.power().map(p -> p.watts()).orElse(Double.NaN)))
                    .description("Mean power of the component over the GreenSlice meter's latest sample interval")
                    .baseUnit("watts").tags(domainTags).register(registry);
            Gauge.builder(AVAILABLE, snapshots, domainValue(snapshots, index, id, t -> t.isAvailable() ? 1 : 0))
                    .description("1 while the component's latest reading is good, 0 while it cannot be read")
                    .tags(domainTags).register(registry);
            FunctionCounter.builder(MEASURED, snapshots, domainValue(snapshots, index, id, t -> t.measured().toNanos() / 1e9))
                    .description("Time covered by the component's energy counter (intervals with a reading)")
                    .baseUnit("seconds").tags(domainTags).register(registry);
            if (carbon) {
                FunctionCounter.builder(OPERATIONAL, snapshots, domainValue(snapshots, index, id,
                                t -> t.operational().map(c -> c.value().grams()).orElse(Double.NaN)))
                        .description("Operational carbon of the component's energy, at the grid intensity of each interval")
                        .baseUnit("grams").tags(domainTags).register(registry);
            }
        }
        if (carbon) {
            Gauge.builder(INTENSITY, snapshots, m -> snapshots.get().intensity().map(IntensityFactor::value)
                            .map(v -> v.gramsPerKwh()).orElse(Double.NaN))
                    .description("Carbon intensity of the grid now, as the GreenSlice meter's intensity source gives it")
                    .baseUnit("grams.per.kwh").tags(tags).register(registry);
        }
        for (EmbodiedShare e : now.embodied()) {
            String device = e.device();
            FunctionCounter.builder(EMBODIED, snapshots, m -> embodiedGrams(snapshots.get(), device))
                    .description("Embodied carbon of the device charged for the time since the GreenSlice meter was built")
                    .baseUnit("grams").tags(tags.and(Tag.of(HW_ID, device))).register(registry);
        }
    }

    /** The OpenTelemetry {@code hw.type} for a domain id: its top-level kind, mapped where OpenTelemetry names it differently. */
    static String hardwareType(String domainId) {
        String top = domainId.split("/", 2)[0];
        String kind = top.split(":", 2)[0];
        return switch (kind) {
            case "dram", "mem", "memory" -> "memory";
            default -> kind;
        };
    }

    private static String parentOf(MeterTotals now, String id, SensorDomain d) {
        return now.domain(id).map(DomainTotal::parent).orElse(d.parent());
    }

    private static String sensorOf(MeterTotals now, String id) {
        return now.domain(id).map(DomainTotal::sensor).orElse("unknown");
    }

    /** A poll function reading one domain's figure from a fresh snapshot; NaN if the domain has vanished. */
    private static ToDoubleFunction<Snapshots> domainValue(Snapshots snapshots, int index, String id,
                                                           ToDoubleFunction<DomainTotal> figure) {
        // The function holds the snapshots strongly: Micrometer keeps function meters' state only weakly.
        return ignored -> {
            List<DomainTotal> ds = snapshots.get().domains();
            // Snapshots list domains in the meter's order; the id check guards against a view of another shape.
            Optional<DomainTotal> t = index < ds.size() && ds.get(index).domain().equals(id)
                    ? Optional.of(ds.get(index))
                    : ds.stream().filter(x -> x.domain().equals(id)).findFirst();
            return t.map(figure::applyAsDouble).orElse(Double.NaN);
        };
    }

    private static double embodiedGrams(MeterTotals totals, String device) {
        return totals.embodied().stream().filter(e -> e.device().equals(device)).findFirst()
                .map(EmbodiedShare::carbon).map(CarbonFigure::value).map(c -> c.grams()).orElse(Double.NaN);
    }

    /**
     * The meter's totals, taken at most once per {@link #MAX_AGE_NANOS} of the registry's clock, so that the
     * meters of one scrape read one consistent snapshot (and the meter is not asked once per series). The
     * meter samples every 100 ms by default, so nothing fresher is lost.
     */
    private static final class Snapshots {
        private final CarbonMeter meter;
        private final io.micrometer.core.instrument.Clock clock;
        private MeterTotals cached;
        private long takenNanos;

        Snapshots(CarbonMeter meter, io.micrometer.core.instrument.Clock clock) {
            this.meter = meter;
            this.clock = clock;
        }

        synchronized MeterTotals get() {
            long now = clock.monotonicTime();
            if (cached == null || now - takenNanos >= MAX_AGE_NANOS) {
                cached = meter.totals();
                takenNanos = now;
            }
            return cached;
        }
    }

    @Override
    public String toString() {
        return "CarbonMeterMetrics[" + meter + ", tags " + tags + "]";
    }
}
