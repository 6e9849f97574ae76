package dev.greenslice.samples.metrics;

import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.FunctionalUnitReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.CpuTimeSensor;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.micrometer.CarbonMeterMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runnable sample: a toy inference server that meters its work with a {@link CarbonMeter} and publishes the
 * meter's energy, power, intensity and carbon on a Prometheus {@code /metrics} endpoint (Micrometer's
 * Prometheus registry and {@link CarbonMeterMetrics}, served by {@link MetricsEndpoint}).
 *
 * <pre>
 * java -cp samples/target/greenslice.jar dev.greenslice.samples.metrics.MetricsSample [PORT] [SECONDS]
 * curl -s http://127.0.0.1:9464/metrics | grep -E '^(hw_|greenslice_)'
 * </pre>
 *
 * <p>A worker thread serves "requests" (a 64×64 dense layer and ReLU, on the CPU) in batches of
 * {@value #BATCH}, one metering window per batch, and records each batch's energy and carbon per request
 * ({@link CarbonReport#per(long, String)}) in the distribution summaries {@code greenslice.request.energy}
 * (J) and {@code greenslice.request.carbon} (g). The sensor is whatever the caller passes; {@link #main}
 * uses {@link CpuTimeSensor#forThisProcess()}, an estimate for the whole JVM (including the HTTP server and
 * the sampler), on a gas-fired grid. The endpoint listens on loopback only.
 *
 * <p>Thread-safe; {@link #close()} stops the worker, the endpoint and the meter, and is idempotent.
 */
public final class MetricsSample implements AutoCloseable {

    /** Requests per metering window. */
    public static final int BATCH = 16;
    /** The default port: the one OpenTelemetry's Prometheus exporter uses. */
    public static final int DEFAULT_PORT = 9464;

    private static final int WIDTH = 64;

    private final CarbonMeter meter;
    private final PrometheusMeterRegistry registry;
    private final MetricsEndpoint endpoint;
    private final Thread worker;
    private final AtomicLong served = new AtomicLong();
    private volatile boolean closed;

    private MetricsSample(CarbonMeter meter, PrometheusMeterRegistry registry, MetricsEndpoint endpoint) {
        this.meter = meter;
        this.registry = registry;
        this.endpoint = endpoint;
        this.worker = new Thread(this::serve, "greenslice-sample-worker");
        this.worker.setDaemon(true);
    }

    /**
     * Starts the meter, the endpoint and the worker.
     *
     * @param address   where to serve {@code /metrics}; port 0 picks a free one
     * @param sensor    what to meter with; the sample's meter closes it
     * @param intensity the grid's carbon intensity
     * @return the running sample
     * @throws IOException if the address cannot be bound
     */
    public static MetricsSample start(InetSocketAddress address, EnergySensor sensor, IntensitySource intensity)
            throws IOException {
        Objects.requireNonNull(address, "address");
        CarbonMeter meter = CarbonMeter.builder().sensor(Objects.requireNonNull(sensor, "sensor"))
                .intensity(Objects.requireNonNull(intensity, "intensity")).sampled(Duration.ofMillis(100)).build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new CarbonMeterMetrics(meter, Tags.of("application", "greenslice-metrics-sample")).bindTo(registry);
        MetricsEndpoint endpoint;
        try {
            endpoint = MetricsEndpoint.start(registry, address);
        } catch (IOException | RuntimeException e) {
            meter.close();
            registry.close();
            throw e;
        }
        MetricsSample sample = new MetricsSample(meter, registry, endpoint);
        sample.worker.start();
        return sample;
    }

    private void serve() {
        Counter requests = Counter.builder("sample.requests").description("Requests served by the sample").register(registry);
        DistributionSummary energy = DistributionSummary.builder("greenslice.request.energy").baseUnit("joules")
                .description("Energy per request, from a metering window per batch").register(registry);
        DistributionSummary carbon = DistributionSummary.builder("greenslice.request.carbon").baseUnit("grams")
                .description("Operational + embodied carbon per request, from a metering window per batch").register(registry);
        SplittableRandom random = new SplittableRandom(42);
        float[] weights = new float[WIDTH * WIDTH];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextDouble(-0.1, 0.1);
        }
        float[] input = new float[WIDTH];
        float[] output = new float[WIDTH];
        double checksum = 0;
        while (!closed) {
            Measurement window = meter.start("batch");
            try (window) {
                for (int r = 0; r < BATCH; r++) {
                    for (int i = 0; i < WIDTH; i++) {
                        input[i] = (float) random.nextDouble();
                    }
                    for (int rep = 0; rep < 200; rep++) {
                        denseRelu(weights, input, output);
                    }
                    checksum += output[0];
                }
            }
            CarbonReport report = window.report();
            FunctionalUnitReport perRequest = report.per(BATCH, "request");
            requests.increment(BATCH);
            served.addAndGet(BATCH);
            energy.record(perRequest.energyPerUnit().joules());
            carbon.record(perRequest.carbonPerUnit().value().grams());
        }
        if (Double.isNaN(checksum)) {
            throw new IllegalStateException("the toy model produced NaN"); // keeps the work from being optimised away
        }
    }

    /** One dense layer with ReLU: out = max(0, W × in). */
    static void denseRelu(float[] weights, float[] in, float[] out) {
        for (int row = 0; row < WIDTH; row++) {
            float sum = 0;
            int base = row * WIDTH;
            for (int col = 0; col < WIDTH; col++) {
                sum += weights[base + col] * in[col];
            }
            out[row] = Math.max(0f, sum);
        }
    }

    /** @return the scrape URL */
    public URI metricsUri() {
        return endpoint.uri();
    }

    /** @return how many requests the worker has served so far */
    public long requestsServed() {
        return served.get();
    }

    /** @return the meter the sample publishes */
    public CarbonMeter meter() {
        return meter;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endpoint.close();
        meter.close();
        registry.close();
    }

    /**
     * Serves {@code /metrics} on 127.0.0.1.
     *
     * @param args optional port (default {@value #DEFAULT_PORT}) and run time in seconds (default: until killed)
     * @throws IOException          if the port cannot be bound
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = args.length > 0 ? parse(args[0], "port", 0, 65_535) : DEFAULT_PORT;
        long seconds = args.length > 1 ? parse(args[1], "seconds", 1, Integer.MAX_VALUE) : Long.MAX_VALUE;
        try (MetricsSample sample = start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                CpuTimeSensor.builder().open(), CarbonIntensities.of(EnergySource.GAS))) {
            System.out.println("Serving " + sample.metricsUri() + " (energy: CPU time of this JVM; intensity: gas)");
            System.out.println("Try: curl -s " + sample.metricsUri() + " | grep -E '^(hw_|greenslice_)'");
            Thread.sleep(seconds == Long.MAX_VALUE ? Long.MAX_VALUE : seconds * 1000);
            System.out.println("Served " + sample.requestsServed() + " requests; " + sample.meter().totals().totalEnergy()
                    + " metered");
        }
    }

    private static int parse(String value, String what, int min, int max) {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("The " + what + " must be a whole number from " + min + " to " + max
                + ", got '" + value + "'");
    }
}
