package dev.greenslice.triton;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.UnavailableException;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorBuilder;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An {@link EnergySensor} reading the GPU energy and power a Triton Inference Server publishes on its
 * Prometheus metrics endpoint ({@code http://host:8002/metrics} by default), so that a Java Triton client
 * can meter the server-side GPU energy of its requests with a {@link dev.greenslice.carbon.meter.CarbonMeter}
 * window around each request or batch.
 *
 * <pre>{@code
 * try (CarbonMeter meter = CarbonMeter.builder()
 *         .sensor(TritonMetricsSensor.builder(URI.create("http://triton:8002/metrics")).open())
 *         .intensity(CarbonIntensities.of(EnergySource.GAS))
 *         .build()) {
 *     try (Measurement m = meter.start("resnet50 batch")) {
 *         client.infer(...);
 *     }
 * }
 * }</pre>
 *
 * <p><b>What it reads.</b> One domain {@code gpu:N} per GPU, identified on the page by its
 * {@code gpu_uuid} label: a {@link ReadingKind#HARDWARE_ENERGY_COUNTER} from the counter
 * {@code nv_energy_consumption} (joules since Triton started), or, for GPUs without it (NVML's total-energy
 * counter needs a Volta or newer GPU), a {@link ReadingKind#POWER_SAMPLE} from the gauge
 * {@code nv_gpu_power_usage} (watts), which the meter integrates. Unless GPUs are stated with
 * {@link Builder#gpu(int, String)}, opening the sensor scrapes the page once and numbers the GPUs in
 * the lexicographic order of their UUIDs (the page gives no device index and its order is not stable);
 * each domain's description names its UUID. The energy is the whole GPU's, whoever's work it was (other
 * models, other clients): windows report the device total, as the meter does by default.
 *
 * <p><b>Timing.</b> Triton refreshes these metrics every {@code --metrics-interval-ms} (2 s by default,
 * reported as {@link #updatePeriod()}); windows shorter than that are flagged in reports. Reads within
 * {@link Builder#scrapeInterval(Duration)} of the previous scrape (500 ms by default) reuse it, so a meter
 * sampling every 100 ms does not fetch the page ten times a second.
 *
 * <p><b>Failure behaviour.</b> {@link #read} never throws for a server fault: an unreachable server, a
 * timeout, an HTTP status other than 200, a malformed page or a GPU missing from the page make the
 * affected domains unavailable with a reason naming the URL and the fix. A failed scrape is retried after
 * the scrape interval. A Triton restart resets its counter; the meter sees the counter go back and never
 * subtracts across it. If the sensor must discover the GPUs and cannot (the server is unreachable, the page has
 * no GPU metrics, a stated GPU is not on it), {@link Builder#open()} gives a sensor with no domains whose
 * {@link #unavailability()} says why (so does every report of a meter holding it), and
 * {@link Builder#openOrThrow()} throws that {@link UnavailableException}.
 *
 * <p><b>Threading.</b> {@link #read} is called by one meter thread at a time, as the SPI requires;
 * {@link #close()} is idempotent and may be called from any thread.
 */
public final class TritonMetricsSensor implements EnergySensor {

    /** Triton's GPU energy counter, in joules since the server started. */
    public static final String ENERGY_METRIC = "nv_energy_consumption";
    /** Triton's GPU power gauge, in watts. */
    public static final String POWER_METRIC = "nv_gpu_power_usage";
    /** The label naming the GPU on Triton's GPU metrics. */
    public static final String GPU_LABEL = "gpu_uuid";
    /** Triton's default {@code --metrics-interval-ms}. */
    public static final Duration DEFAULT_METRICS_INTERVAL = Duration.ofSeconds(2);
    /** The default minimum time between two scrapes. */
    public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofMillis(500);
    /** The default connect and request timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /** One GPU this sensor reads. */
    private record Gpu(int index, String uuid, ReadingKind kind) {
    }

    /** The outcome of one scrape: a page, or why there is none. */
    private record Scrape(long nanos, PrometheusText.Page page, String failure) {
    }

    private final URI uri;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration scrapeInterval;
    private final Duration metricsInterval;
    private final Clock clock;
    private final List<Gpu> gpus;
    private final List<SensorDomain> domains;
    private final String mappingRule;
    private final UnavailableException unavailable;
    private Scrape last;
    private volatile boolean closed;

    private TritonMetricsSensor(Builder b, HttpClient http, List<Gpu> gpus, String mappingRule, Scrape first) {
        this(b, http, gpus, mappingRule, first, null);
    }

    private TritonMetricsSensor(Builder b, HttpClient http, List<Gpu> gpus, String mappingRule, Scrape first,
                                UnavailableException unavailable) {
        this.unavailable = unavailable;
        this.uri = b.uri;
        this.http = http;
        this.timeout = b.timeout;
        this.scrapeInterval = b.scrapeInterval;
        this.metricsInterval = b.metricsInterval;
        this.clock = b.clock;
        this.gpus = List.copyOf(gpus);
        this.mappingRule = mappingRule;
        this.last = first;
        List<SensorDomain> ds = new ArrayList<>();
        for (Gpu g : gpus) {
            String metric = g.kind() == ReadingKind.POWER_SAMPLE ? POWER_METRIC + " (W)" : ENERGY_METRIC + " (J)";
            ds.add(SensorDomain.root("gpu:" + g.index(), g.kind(), g.uuid() + " on Triton at " + uri + ", " + metric));
        }
        this.domains = List.copyOf(ds);
    }

    /**
     * A builder for a sensor reading {@code metricsUri}, e.g. {@code http://triton:8002/metrics};
     * {@link Builder#open()} or {@link Builder#openOrThrow()} opens it.
     *
     * @param metricsUri Triton's metrics endpoint
     * @return a builder with the defaults
     * @throws IllegalArgumentException if the URI is not an absolute http or https URI
     */
    public static Builder builder(URI metricsUri) {
        return new Builder(metricsUri);
    }

    /** Present when the sensor could not discover its GPUs: the URL, the reason and the fix. */
    @Override
    public Optional<UnavailableException> unavailability() {
        return Optional.ofNullable(unavailable);
    }

    @Override
    public String name() {
        return unavailable == null ? "triton" : "triton (unavailable)";
    }

    @Override
    public List<SensorDomain> domains() {
        return domains;
    }

    @Override
    public void read(SensorReadout readout) {
        if (closed) {
            throw new IllegalStateException("TritonMetricsSensor for " + uri + " is closed");
        }
        if (unavailable != null) {
            return;
        }
        Scrape s = current();
        for (int i = 0; i < gpus.size(); i++) {
            if (s.failure() != null) {
                readout.unavailable(i, s.failure());
                continue;
            }
            Gpu g = gpus.get(i);
            boolean energy = g.kind().isCumulativeEnergy();
            String metric = energy ? ENERGY_METRIC : POWER_METRIC;
            List<Double> values = valuesOf(s.page(), metric, g.uuid());
            if (values.isEmpty()) {
                readout.unavailable(i, "Triton metrics at " + uri + " have no " + metric + " sample for " + GPU_LABEL + "="
                        + g.uuid() + "; is the GPU still visible to Triton and --allow-gpu-metrics on?");
            } else if (values.size() > 1) {
                readout.unavailable(i, "Triton metrics at " + uri + " have " + values.size() + " " + metric
                        + " samples for " + GPU_LABEL + "=" + g.uuid() + "; expected one");
            } else if (energy) {
                readout.energy(i, values.get(0));
            } else {
                readout.power(i, values.get(0));
            }
        }
    }

    /** The latest scrape, fetching a new page if the previous one is older than the scrape interval. */
    private Scrape current() {
        long now = clock.monotonicNanos();
        if (last == null || now - last.nanos() >= scrapeInterval.toNanos()) {
            last = scrape(http, uri, timeout, now);
        }
        return last;
    }

    /** Values of {@code metric} (or its OpenMetrics {@code _total} form) for one GPU. */
    private static List<Double> valuesOf(PrometheusText.Page page, String metric, String uuid) {
        List<Double> values = new ArrayList<>();
        for (PrometheusText.Sample sample : page.samples()) {
            if ((sample.name().equals(metric) || sample.name().equals(metric + "_total"))
                    && uuid.equals(sample.labels().get(GPU_LABEL))) {
                values.add(sample.value());
            }
        }
        return values;
    }

    private static Scrape scrape(HttpClient http, URI uri, Duration timeout, long nanos) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "text/plain;version=0.0.4").build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            return failed(nanos, "Triton metrics at " + uri + " unreachable: no connection within " + timeout.toMillis()
                    + " ms; check the host and the metrics port (default 8002)");
        } catch (HttpTimeoutException e) {
            return failed(nanos, "Triton metrics at " + uri + " did not answer within " + timeout.toMillis()
                    + " ms; raise the sensor's timeout if the server is busy");
        } catch (ConnectException e) {
            return failed(nanos, "Triton metrics at " + uri + " unreachable (connection refused); is tritonserver running"
                    + " with --allow-metrics=true and is its metrics port (default 8002) right?");
        } catch (IOException e) {
            return failed(nanos, "Triton metrics at " + uri + " unreachable: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(nanos, "reading Triton metrics at " + uri + " was interrupted");
        }
        if (response.statusCode() != 200) {
            return failed(nanos, "Triton metrics at " + uri + " answered HTTP " + response.statusCode()
                    + "; expected 200 with the Prometheus text format (is this Triton's metrics port and path?)");
        }
        try {
            return new Scrape(nanos, PrometheusText.parse(response.body()), null);
        } catch (IllegalArgumentException e) {
            return failed(nanos, "Triton metrics page at " + uri + " is malformed: " + e.getMessage());
        }
    }

    private static Scrape failed(long nanos, String reason) {
        return new Scrape(nanos, null, reason);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    @Override
    public Duration maximumSamplingPeriod() {
        // Power-only GPUs are integrated by the meter: sample at least as often as Triton refreshes.
        return metricsInterval;
    }

    @Override
    public Duration updatePeriod() {
        return metricsInterval;
    }

    @Override
    public List<Assumption> assumptions() {
        if (unavailable != null) {
            return List.of(Assumption.of("Triton GPU energy", "not metered", unavailable.getMessage()));
        }
        List<Assumption> list = new ArrayList<>();
        list.add(Assumption.of("Triton GPU metrics", "read from " + uri + " at most every "
                        + scrapeInterval.toMillis() + " ms; Triton refreshes them every " + metricsInterval.toMillis() + " ms",
                "Triton Inference Server metrics endpoint (" + ENERGY_METRIC + ", " + POWER_METRIC + ")"));
        list.add(Assumption.of("Triton GPU numbering", mappingRule, "GreenSlice TritonMetricsSensor"));
        if (gpus.stream().anyMatch(g -> g.kind() == ReadingKind.POWER_SAMPLE)) {
            list.add(Assumption.of("Triton GPU power", POWER_METRIC + " is Triton's latest instantaneous power;"
                    + " energy between its refreshes is integrated by the meter (trapezoid)", "Triton metrics documentation"));
        }
        list.add(Assumption.of("Triton GPU energy scope", "the whole GPU's energy, including other models and clients",
                "Triton metrics are per GPU, not per request"));
        return list;
    }

    @Override
    public void close() {
        // HttpClient in Java 17 has no close(); its threads are daemons and it is collected with the sensor.
        closed = true;
    }

    /** @return the metrics endpoint this sensor reads */
    public URI uri() {
        return uri;
    }

    /** @return the UUID of each GPU by domain id, e.g. {@code gpu:0 -> GPU-71ce41fd-...} */
    public Map<String, String> gpuUuids() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Gpu g : gpus) {
            m.put("gpu:" + g.index(), g.uuid());
        }
        return m;
    }

    @Override
    public String toString() {
        return "TritonMetricsSensor[" + uri + ", " + gpuUuids() + "]";
    }

    /**
     * Configures a {@link TritonMetricsSensor}. Each setting is validated as it is set, with a message
     * naming the value and the fix. Not thread-safe; build on one thread.
     */
    public static final class Builder implements SensorBuilder<TritonMetricsSensor> {
        private final URI uri;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration scrapeInterval = DEFAULT_SCRAPE_INTERVAL;
        private Duration metricsInterval = DEFAULT_METRICS_INTERVAL;
        private Clock clock = Clock.system();
        private ReadingKind kind;
        private final Map<Integer, String> stated = new LinkedHashMap<>();

        private Builder(URI uri) {
            Objects.requireNonNull(uri, "metricsUri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("Triton metrics URI '" + uri
                        + "' must be an absolute http(s) URI with a host, e.g. http://localhost:8002/metrics");
            }
            this.uri = uri;
        }

        /**
         * Connect and request timeout for each scrape; 1 s by default.
         *
         * @param timeout between 1 ms and 1 min
         * @return this builder
         * @throws IllegalArgumentException unless between 1 ms and 1 min
         */
        public Builder timeout(Duration timeout) {
            this.timeout = within(timeout, Duration.ofMillis(1), Duration.ofMinutes(1), "timeout");
            return this;
        }

        /**
         * The minimum time between two scrapes: reads sooner than this after the previous scrape reuse it.
         * 500 ms by default; {@link Duration#ZERO} scrapes on every read.
         *
         * @param interval between 0 and 1 min
         * @return this builder
         * @throws IllegalArgumentException if negative or over 1 min
         */
        public Builder scrapeInterval(Duration interval) {
            this.scrapeInterval = within(interval, Duration.ZERO, Duration.ofMinutes(1), "scrape interval");
            return this;
        }

        /**
         * How often the Triton server refreshes its GPU metrics: its {@code --metrics-interval-ms}; 2 s by
         * default, as Triton's.
         *
         * @param interval between 1 ms and 1 h
         * @return this builder
         * @throws IllegalArgumentException unless between 1 ms and 1 h
         */
        public Builder metricsInterval(Duration interval) {
            this.metricsInterval = within(interval, Duration.ofMillis(1), Duration.ofHours(1), "metrics interval");
            return this;
        }

        /**
         * The clock that paces scrapes; {@link Clock#system()} by default.
         *
         * @param clock e.g. a {@link dev.greenslice.carbon.MockClock} in tests
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * States a GPU: domain {@code gpu:<index>} reads the GPU whose {@code gpu_uuid} is {@code uuid} (as
         * {@code nvidia-smi -L} prints it). With GPUs stated, no others are read.
         *
         * @param index the N of domain {@code gpu:N}, {@code >= 0}
         * @param uuid  the GPU's UUID, e.g. {@code GPU-71ce41fd-3ac0-afe7-c995-21119f1e984a}
         * @return this builder
         * @throws IllegalArgumentException for a negative index, a blank UUID, or an index or UUID stated twice
         */
        public Builder gpu(int index, String uuid) {
            Objects.requireNonNull(uuid, "uuid");
            if (index < 0) {
                throw new IllegalArgumentException("GPU index must be >= 0, got " + index + " for " + uuid);
            }
            if (uuid.isBlank() || uuid.contains("\"")) {
                throw new IllegalArgumentException("GPU UUID '" + uuid + "' is not a gpu_uuid label value; use the UUID"
                        + " nvidia-smi -L prints, e.g. GPU-71ce41fd-3ac0-afe7-c995-21119f1e984a");
            }
            if (stated.containsKey(index)) {
                throw new IllegalArgumentException("GPU index " + index + " is already stated as " + stated.get(index));
            }
            if (stated.containsValue(uuid)) {
                throw new IllegalArgumentException("GPU " + uuid + " is already stated under another index");
            }
            stated.put(index, uuid);
            return this;
        }

        /**
         * How every GPU is read: {@link ReadingKind#HARDWARE_ENERGY_COUNTER} ({@code nv_energy_consumption})
         * or {@link ReadingKind#POWER_SAMPLE} ({@code nv_gpu_power_usage}). By default each GPU uses the
         * counter if the page has it, else power. Stating both the kind and the GPUs lets the sensor open
         * without reaching the server.
         *
         * @param kind {@link ReadingKind#HARDWARE_ENERGY_COUNTER} or {@link ReadingKind#POWER_SAMPLE}
         * @return this builder
         * @throws IllegalArgumentException for any other kind
         */
        public Builder readingKind(ReadingKind kind) {
            Objects.requireNonNull(kind, "kind");
            if (kind != ReadingKind.HARDWARE_ENERGY_COUNTER && kind != ReadingKind.POWER_SAMPLE) {
                throw new IllegalArgumentException("Triton publishes a hardware energy counter and power samples; "
                        + kind + " is neither");
            }
            this.kind = kind;
            return this;
        }

        /**
         * Opens the sensor, going on without the server: scrapes the page once unless both the GPUs and the
         * reading kind are stated; if that scrape fails, the page has no GPU metrics or a stated GPU is not on
         * it, the sensor has no domains and {@link TritonMetricsSensor#unavailability()} says why.
         *
         * @return the sensor
         */
        @Override
        public TritonMetricsSensor open() {
            try {
                return openOrThrow();
            } catch (UnavailableException e) {
                return new TritonMetricsSensor(this, null, List.of(), "no GPU discovered", null, e);
            }
        }

        /**
         * Builds the sensor. Scrapes the page once unless both the GPUs and the reading kind are stated.
         *
         * @return the sensor
         * @throws UnavailableException (an {@link IllegalStateException}) if that scrape fails or the page has no
         *                              GPU metrics, naming the URL, the reason and the fix
         * @deprecated use {@link #openOrThrow()}, the same, or {@link #open()}, as every sensor is opened
         */
        @Deprecated(since = "0.2.0")
        public TritonMetricsSensor build() {
            return openOrThrow();
        }

        /**
         * Opens the sensor, or throws: scrapes the page once unless both the GPUs and the reading kind are stated.
         *
         * @return the sensor
         * @throws UnavailableException if that scrape fails, the page has no GPU metrics or a stated GPU is not
         *                              on it, naming the URL, the reason and the fix
         */
        @Override
        public TritonMetricsSensor openOrThrow() {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            if (!stated.isEmpty() && kind != null) {
                List<Gpu> gpus = new ArrayList<>();
                stated.forEach((i, u) -> gpus.add(new Gpu(i, u, kind)));
                return new TritonMetricsSensor(this, http, gpus, statedRule(), null);
            }
            Scrape first = scrape(http, uri, timeout, clock.monotonicNanos());
            if (first.failure() != null) {
                throw new UnavailableException("Triton metrics at " + uri, "Cannot discover Triton's GPUs: " + first.failure()
                        + ". To build without reaching the server, state them: .gpu(0, \"GPU-...\").readingKind(...)");
            }
            PrometheusText.Page page = first.page();
            TreeSet<String> energyUuids = uuidsOf(page, ENERGY_METRIC);
            TreeSet<String> powerUuids = uuidsOf(page, POWER_METRIC);
            List<Gpu> gpus = new ArrayList<>();
            String rule;
            if (stated.isEmpty()) {
                TreeSet<String> all = new TreeSet<>(energyUuids);
                all.addAll(powerUuids);
                if (all.isEmpty()) {
                    throw new UnavailableException("Triton metrics at " + uri, "Triton metrics at " + uri + " have no " + ENERGY_METRIC + " or "
                            + POWER_METRIC + " samples: start tritonserver with GPUs visible and --allow-gpu-metrics=true");
                }
                int i = 0;
                for (String u : all) {
                    gpus.add(new Gpu(i++, u, kindFor(u, energyUuids, powerUuids)));
                }
                rule = "gpu:N numbered in the lexicographic order of " + GPU_LABEL + " on " + uri + " (" + gpuList(gpus)
                        + "); state the mapping with TritonMetricsSensor.Builder.gpu(index, uuid) to follow nvidia-smi";
            } else {
                for (Map.Entry<Integer, String> e : stated.entrySet()) {
                    String u = e.getValue();
                    if (kind == null && !energyUuids.contains(u) && !powerUuids.contains(u)) {
                        TreeSet<String> all = new TreeSet<>(energyUuids);
                        all.addAll(powerUuids);
                        throw new UnavailableException("Triton metrics at " + uri, "GPU " + u + " (gpu:" + e.getKey() + ") is not on Triton's metrics page at "
                                + uri + "; the page lists " + (all.isEmpty() ? "no GPU" : String.join(", ", all)));
                    }
                    gpus.add(new Gpu(e.getKey(), u, kindFor(u, energyUuids, powerUuids)));
                }
                rule = statedRule();
            }
            return new TritonMetricsSensor(this, http, gpus, rule, first);
        }

        private ReadingKind kindFor(String uuid, TreeSet<String> energy, TreeSet<String> power) {
            if (kind != null) {
                return kind;
            }
            return energy.contains(uuid) || !power.contains(uuid) ? ReadingKind.HARDWARE_ENERGY_COUNTER : ReadingKind.POWER_SAMPLE;
        }

        private String statedRule() {
            StringBuilder b = new StringBuilder("stated by the caller: ");
            stated.forEach((i, u) -> b.append("gpu:").append(i).append(" = ").append(u).append("; "));
            return b.substring(0, b.length() - 2);
        }

        private static String gpuList(List<Gpu> gpus) {
            StringBuilder b = new StringBuilder();
            for (Gpu g : gpus) {
                if (b.length() > 0) {
                    b.append(", ");
                }
                b.append("gpu:").append(g.index()).append(" = ").append(g.uuid());
            }
            return b.toString();
        }

        private static TreeSet<String> uuidsOf(PrometheusText.Page page, String metric) {
            TreeSet<String> set = new TreeSet<>();
            for (PrometheusText.Sample s : page.samples()) {
                String u = s.labels().get(GPU_LABEL);
                if (u != null && (s.name().equals(metric) || s.name().equals(metric + "_total"))) {
                    set.add(u);
                }
            }
            return set;
        }

        private static Duration within(Duration d, Duration min, Duration max, String what) {
            Objects.requireNonNull(d, what);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException("Triton sensor " + what + " must be between " + min + " and " + max
                        + ", got " + d);
            }
            return d;
        }
    }
}
