package dev.greenslice.triton;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.DomainEnergy;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.greenslice.triton.TritonMetricsSensorContractTest.GPU_A;
import static dev.greenslice.triton.TritonMetricsSensorContractTest.GPU_B;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TritonMetricsSensorTest {

    private final TritonMetricsServer server = TritonMetricsServer.twoA100s();
    private final MockClock clock = new MockClock();

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** A generous timeout: a loopback answer can take over a second on a loaded 2-core machine. */
    private TritonMetricsSensor.Builder sensor() {
        return TritonMetricsSensor.builder(server.uri()).clock(clock).scrapeInterval(Duration.ZERO)
                .timeout(Duration.ofSeconds(20));
    }

    private static SensorReadout read(TritonMetricsSensor s) {
        SensorReadout r = new SensorReadout(s.domains());
        s.read(r);
        return r;
    }

    /** A loopback port nothing listens on. */
    private static URI closedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    @Test
    void discoversGpusInTheOrderOfTheirUuidsWithEnergyCounters() {
        try (TritonMetricsSensor s = sensor().build()) {
            assertEquals(Map.of("gpu:0", GPU_A, "gpu:1", GPU_B), s.gpuUuids());
            assertEquals(List.of("gpu:0", "gpu:1"), s.domains().stream().map(SensorDomain::id).toList());
            for (SensorDomain d : s.domains()) {
                assertEquals(ReadingKind.HARDWARE_ENERGY_COUNTER, d.kind());
                assertTrue(d.isRoot());
            }
            assertTrue(s.domains().get(0).description().contains(GPU_A));
            SensorReadout r = read(s);
            assertEquals(603114.88, r.value(0), 1e-9, "the recorded counter of " + GPU_A);
            assertEquals(412867.215, r.value(1), 1e-9);
            assertEquals(Duration.ofSeconds(2), s.updatePeriod());
            assertTrue(s.assumptions().stream().anyMatch(a -> a.toString().contains("lexicographic order")));
        }
    }

    @Test
    void aWindowAroundARequestReportsTheServerSideGpuEnergy() {
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).synchronous()
                .sensor(sensor().build()).intensity(CarbonIntensities.of(EnergySource.GAS)).build()) {
            Measurement m = meter.start("resnet50 batch of 8");
            clock.advance(Duration.ofSeconds(2));
            server.run(GPU_A, 240, Duration.ofSeconds(2)).run(GPU_B, 60, Duration.ofSeconds(2));
            m.close();
            CarbonReport r = m.report();
            assertEquals(480, r.energyOf("gpu:0").orElseThrow().joules(), 1e-6);
            assertEquals(120, r.energyOf("gpu:1").orElseThrow().joules(), 1e-6);
            assertEquals(600 / 3.6e6 * 490, r.operational().orElseThrow().value().grams(), 1e-9);
            assertEquals(ReadingKind.HARDWARE_ENERGY_COUNTER, r.domain("gpu:0").orElseThrow().kind());
            assertEquals("triton", r.domain("gpu:0").orElseThrow().sensor());
            assertTrue(r.complete());
            assertEquals(600 / 8.0, r.per(8, "image").energyPerUnit().joules(), 1e-6);
        }
    }

    @Test
    void fallsBackToPowerSamplesWhereTheEnergyCounterIsMissing() {
        server.withoutEnergyMetric();
        server.run(GPU_A, 200, Duration.ZERO).run(GPU_B, 100, Duration.ZERO);
        try (TritonMetricsSensor sensor = sensor().build();
             CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(sensor).build()) {
            assertEquals(ReadingKind.POWER_SAMPLE, sensor.domains().get(0).kind());
            assertTrue(sensor.assumptions().stream().anyMatch(a -> a.toString().contains("nv_gpu_power_usage")));
            Measurement m = meter.start("power");
            for (int i = 0; i < 4; i++) {
                clock.advance(Duration.ofMillis(500));
                meter.sampleNow();
            }
            m.close();
            CarbonReport r = m.report();
            assertEquals(400, r.energyOf("gpu:0").orElseThrow().joules(), 1e-6, "200 W for 2 s, integrated");
            assertEquals(200, r.energyOf("gpu:1").orElseThrow().joules(), 1e-6);
            assertEquals(ReadingKind.POWER_SAMPLE, r.domain("gpu:0").orElseThrow().kind());
        }
    }

    @Test
    void statedGpusAreReadUnderTheirStatedIndex() {
        try (TritonMetricsSensor s = sensor().gpu(3, GPU_B).build()) {
            assertEquals(List.of("gpu:3"), s.domains().stream().map(SensorDomain::id).toList());
            assertEquals(412867.215, read(s).value(0), 1e-9);
            assertTrue(s.assumptions().stream().anyMatch(a -> a.toString().contains("gpu:3 = " + GPU_B)));
        }
    }

    @Test
    void aStatedGpuMissingFromThePageFailsTheBuildNamingWhatIsThere() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sensor().gpu(0, "GPU-00000000-0000-0000-0000-000000000000").build());
        assertTrue(e.getMessage().contains("GPU-00000000-0000-0000-0000-000000000000"), e.getMessage());
        assertTrue(e.getMessage().contains(GPU_A) && e.getMessage().contains(GPU_B), e.getMessage());
    }

    @Test
    void anUnreachableServerMakesEveryDomainUnavailableAndNeverThrowsOutOfTheMeter() throws IOException {
        URI nowhere = closedPort();
        TritonMetricsSensor s = TritonMetricsSensor.builder(nowhere).clock(clock).scrapeInterval(Duration.ZERO)
                .timeout(Duration.ofSeconds(20)).gpu(0, GPU_A).readingKind(ReadingKind.HARDWARE_ENERGY_COUNTER).build();
        SensorReadout r = read(s);
        assertFalse(r.isAvailable(0));
        assertTrue(r.failure(0).contains(nowhere.toString()) && r.failure(0).contains("unreachable"), r.failure(0));
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).synchronous().backgroundSampling(false).sensor(s).build()) {
            Measurement m = meter.start("request");
            clock.advance(Duration.ofSeconds(1));
            assertDoesNotThrow(m::close);
            DomainEnergy gpu = m.report().domain("gpu:0").orElseThrow();
            assertFalse(gpu.isAvailable());
            assertTrue(gpu.unavailableReason().orElseThrow().contains("unreachable"));
            assertFalse(m.report().complete());
        }
    }

    @Test
    void discoveringGpusOnAnUnreachableServerFailsTheBuildWithTheFix() throws IOException {
        URI nowhere = closedPort();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TritonMetricsSensor.builder(nowhere).timeout(Duration.ofMillis(500)).build());
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(".gpu(0, \"GPU-...\").readingKind(...)"), e.getMessage());
    }

    @Test
    void anHttpErrorIsAReasonNotAnException() {
        try (TritonMetricsSensor s = sensor().build()) {
            server.answerWithStatus(500);
            SensorReadout r = read(s);
            for (int i = 0; i < r.size(); i++) {
                assertFalse(r.isAvailable(i));
                assertTrue(r.failure(i).contains("HTTP 500"), r.failure(i));
            }
            server.answerWithStatus(200);
            assertTrue(read(s).isAvailable(0), "reads recover with the server");
        }
    }

    @Test
    void aMalformedPageNamesTheLine() {
        try (TritonMetricsSensor s = sensor().build()) {
            server.answerWithBody("# TYPE nv_energy_consumption counter\nnv_energy_consumption{gpu_uuid=\"" + GPU_A + "} 12.5\n");
            SensorReadout r = read(s);
            assertFalse(r.isAvailable(0));
            assertTrue(r.failure(0).contains("malformed") && r.failure(0).contains("line 2"), r.failure(0));
        }
    }

    @Test
    void aGpuThatLeavesThePageIsUnavailableWithItsUuid() {
        try (TritonMetricsSensor s = sensor().build()) {
            server.hide(GPU_B);
            SensorReadout r = read(s);
            assertTrue(r.isAvailable(0));
            assertFalse(r.isAvailable(1));
            assertTrue(r.failure(1).contains(GPU_B) && r.failure(1).contains("nv_energy_consumption"), r.failure(1));
        }
    }

    @Test
    void aSlowServerTimesOut() {
        try (TritonMetricsSensor s = sensor().timeout(Duration.ofMillis(200)).build()) {
            server.answerAfter(Duration.ofSeconds(3));
            SensorReadout r = read(s);
            assertFalse(r.isAvailable(0));
            assertTrue(r.failure(0).contains("did not answer within 200 ms"), r.failure(0));
        }
    }

    @Test
    void aTritonRestartIsNeverSubtracted() {
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).synchronous().backgroundSampling(false)
                .sensor(sensor().build()).build()) {
            Measurement m = meter.start("across a restart");
            server.run(GPU_A, 300, Duration.ofSeconds(1));
            server.restart();
            server.run(GPU_A, 300, Duration.ofSeconds(1));
            clock.advance(Duration.ofSeconds(2));
            m.close();
            DomainEnergy gpu = m.report().domain("gpu:0").orElseThrow();
            assertFalse(gpu.isAvailable(), "a counter that went back cannot give the window's energy");
            assertTrue(gpu.unavailableReason().orElseThrow().contains("went backwards")
                    || gpu.unavailableReason().orElseThrow().contains("series broken"), gpu.unavailableReason().orElseThrow());
        }
    }

    @Test
    void readsWithinTheScrapeIntervalReuseTheLastScrape() {
        try (TritonMetricsSensor s = TritonMetricsSensor.builder(server.uri()).clock(clock)
                .scrapeInterval(Duration.ofMillis(500)).build()) {
            int afterBuild = server.requests();
            assertEquals(1, afterBuild, "build() scrapes once to discover the GPUs");
            read(s);
            clock.advance(Duration.ofMillis(499));
            server.run(GPU_A, 1000, Duration.ofSeconds(1));
            assertEquals(603114.88, read(s).value(0), 1e-9, "still the build's scrape");
            assertEquals(1, server.requests());
            clock.advance(Duration.ofMillis(1));
            assertEquals(604114.88, read(s).value(0), 1e-9);
            assertEquals(2, server.requests());
        }
    }

    @Test
    void badSettingsAreRejectedWithTheFix() {
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> TritonMetricsSensor.builder(URI.create("ftp://triton/metrics")));
        assertTrue(scheme.getMessage().contains("ftp://triton/metrics") && scheme.getMessage().contains("http://localhost:8002/metrics"));
        assertThrows(IllegalArgumentException.class, () -> TritonMetricsSensor.builder(URI.create("/metrics")));
        TritonMetricsSensor.Builder b = TritonMetricsSensor.builder(server.uri());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ZERO)).getMessage().contains("timeout"));
        assertThrows(IllegalArgumentException.class, () -> b.scrapeInterval(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.gpu(-1, GPU_A));
        assertThrows(IllegalArgumentException.class, () -> b.gpu(0, " "));
        b.gpu(0, GPU_A);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.gpu(0, GPU_B)).getMessage().contains("already stated"));
        assertThrows(IllegalArgumentException.class, () -> b.gpu(1, GPU_A));
        assertThrows(IllegalArgumentException.class, () -> b.readingKind(ReadingKind.ESTIMATED_ENERGY));
    }

    @Test
    void aPageWithoutGpuMetricsFailsTheBuild() {
        server.answerWithBody("# TYPE nv_cpu_utilization gauge\nnv_cpu_utilization 0.2\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sensor().build());
        assertTrue(e.getMessage().contains("--allow-gpu-metrics=true"), e.getMessage());
    }

    @Test
    void anUnreachableServerOpensUnavailableOrThrowsInTheOneIdiom() throws IOException {
        URI nowhere = closedPort();
        TritonMetricsSensor.Builder b = TritonMetricsSensor.builder(nowhere).clock(clock).timeout(Duration.ofSeconds(5));
        try (TritonMetricsSensor s = b.open()) {
            assertTrue(s.domains().isEmpty());
            assertEquals("triton (unavailable)", s.name());
            dev.greenslice.carbon.UnavailableException why = s.unavailability().orElseThrow();
            assertTrue(why.getMessage().contains(nowhere.toString()), why.getMessage());
            assertTrue(s.assumptions().get(0).source().contains(nowhere.toString()));
            SensorReadout r = read(s); // reads nothing, and never throws
            assertEquals(0, r.size());
        }
        dev.greenslice.carbon.UnavailableException e = assertThrows(dev.greenslice.carbon.UnavailableException.class,
                b::openOrThrow);
        assertTrue(e.what().contains(nowhere.toString()), e.what());
    }

    @Test
    void aReachableServerOpensTheSameGpusBothWays() {
        try (TritonMetricsSensor lenient = sensor().open(); TritonMetricsSensor strict = sensor().openOrThrow()) {
            assertTrue(lenient.unavailability().isEmpty());
            assertEquals(Map.of("gpu:0", GPU_A, "gpu:1", GPU_B), lenient.gpuUuids());
            assertEquals(lenient.domains(), strict.domains());
        }
    }
}
