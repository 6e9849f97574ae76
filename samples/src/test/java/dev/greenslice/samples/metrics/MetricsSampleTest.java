package dev.greenslice.samples.metrics;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.sensor.CpuTimeSensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scrapes the sample's /metrics over loopback, as Prometheus would. */
class MetricsSampleTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(URI uri, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double sample(String page, String seriesPrefix) {
        // A series is its name, optionally labels (the prefix may include some), then the value.
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(seriesPrefix) + "([^\\n]*})? ([0-9.eE+-]+)$").matcher(page);
        assertTrue(m.find(), "no series " + seriesPrefix + " in\n" + page);
        return Double.parseDouble(m.group(2));
    }

    /** Scrapes every 50 ms until {@code done} holds for the page (at most 60 s); returns that page. */
    private String scrapeUntil(URI uri, java.util.function.Predicate<String> done) throws Exception {
        long deadline = Clock.system().monotonicNanos() + 60_000_000_000L;
        while (true) {
            HttpResponse<String> r = get(uri, null);
            assertEquals(200, r.statusCode());
            if (done.test(r.body())) {
                return r.body();
            }
            assertTrue(Clock.system().monotonicNanos() < deadline, "the scraped figures did not change in 60 s:\n" + r.body());
            Thread.sleep(50);
        }
    }

    /** Waits (bounded) until the worker has served {@code n} requests. */
    private static void awaitRequests(LongSupplier served, long n) throws InterruptedException {
        long deadline = Clock.system().monotonicNanos() + 60_000_000_000L;
        while (served.getAsLong() < n) {
            assertTrue(Clock.system().monotonicNanos() < deadline, "the sample served only " + served.getAsLong() + " requests in 60 s");
            Thread.sleep(20);
        }
    }

    @Test
    void prometheusScrapesEnergyPowerIntensityAndCarbonThatAdvance() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (MetricsSample sample = MetricsSample.start(loopback, CpuTimeSensor.forThisProcess(),
                CarbonIntensities.of(EnergySource.GAS))) {
            URI uri = sample.metricsUri();
            assertTrue(uri.toString().startsWith("http://127.0.0.1:"), uri.toString());
            awaitRequests(sample::requestsServed, 2 * MetricsSample.BATCH);
            String cpu = "hw_energy_joules_total{application=\"greenslice-metrics-sample\",greenslice_reading=\"estimated_energy\","
                    + "greenslice_sensor=\"cpu-time\",hw_id=\"cpu:process\",hw_parent=\"\",hw_type=\"cpu\"";
            String carbon = "greenslice_carbon_operational_grams_total{application=\"greenslice-metrics-sample\"";
            // The JVM's CPU time advances in 10 ms ticks: scrape (as Prometheus would, repeatedly) until it has. A scrape
            // reads one snapshot of the meter unless it straddles the binder's 100 ms refresh; then the next one does.
            String page = scrapeUntil(uri, p -> sample(p, cpu) > 0
                    && Math.abs(sample(p, carbon) - sample(p, cpu) / 3.6e6 * 490) <= 1e-9 * sample(p, carbon));
            HttpResponse<String> first = get(uri, null);
            assertEquals(200, first.statusCode());
            assertEquals(MetricsEndpoint.PROMETHEUS_TEXT, first.headers().firstValue("Content-Type").orElseThrow());
            double e1 = sample(page, cpu);
            assertTrue(page.contains("# TYPE hw_energy_joules_total counter"), page);
            assertTrue(page.contains("# TYPE hw_power_watts gauge"), page);
            assertEquals(490.0, sample(page, "greenslice_carbon_intensity_grams_per_kwh{application=\"greenslice-metrics-sample\""));
            double carbon1 = sample(page, carbon);
            assertEquals(e1 / 3.6e6 * 490, carbon1, 1e-9 * carbon1, "operational carbon is the energy at 490 g/kWh");
            assertTrue(sample(page, "sample_requests_total") >= 2 * MetricsSample.BATCH, page);
            assertTrue(page.contains("greenslice_request_energy_joules_count"), page);
            assertTrue(sample(page, "greenslice_domain_available{") == 1.0);

            String later = scrapeUntil(uri, p -> sample(p, cpu) > e1);
            double e2 = sample(later, cpu);
            assertTrue(e2 > e1, "the energy counter must advance with work: " + e1 + " then " + e2);
            assertTrue(sample(later, carbon) > carbon1);
        }
    }

    @Test
    void servesOpenMetricsOnRequestAndNothingElse() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (MetricsSample sample = MetricsSample.start(loopback, CpuTimeSensor.forThisProcess(),
                CarbonIntensities.of(EnergySource.WIND))) {
            URI uri = sample.metricsUri();
            HttpResponse<String> om = get(uri, "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertEquals(200, om.statusCode());
            assertEquals(MetricsEndpoint.OPENMETRICS_TEXT, om.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(om.body().contains("# TYPE hw_energy_joules counter"), om.body());
            assertTrue(om.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
            assertEquals(404, get(uri.resolve("/other"), null).statusCode());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
        }
    }

    @Test
    void aTakenPortIsNamedInTheError() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (MetricsSample first = MetricsSample.start(loopback, CpuTimeSensor.forThisProcess(), CarbonIntensities.of(EnergySource.GAS))) {
            InetSocketAddress taken = new InetSocketAddress(InetAddress.getLoopbackAddress(), first.metricsUri().getPort());
            IOException e = assertThrows(IOException.class,
                    () -> MetricsSample.start(taken, CpuTimeSensor.forThisProcess(), CarbonIntensities.of(EnergySource.GAS)));
            assertTrue(e.getMessage().contains(String.valueOf(taken.getPort())) && e.getMessage().contains("choose another port"),
                    e.getMessage());
        }
    }

    @Test
    void mainRejectsABadPortByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsSample.main(new String[] {"http"}));
        assertTrue(e.getMessage().contains("port") && e.getMessage().contains("'http'"), e.getMessage());
    }
}
