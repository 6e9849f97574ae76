package dev.greenslice.intensity.live;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.intensity.live.ReplayServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElectricityMapsIntensityTest {

    private static final String TOKEN = "em-SECRET-token-4242";
    private static final Instant NOW = Instant.parse("2024-05-01T12:10:00Z");
    private static final String LATEST = "/v3/carbon-intensity/latest";
    private static final String HISTORY = "/v3/carbon-intensity/history";

    private final ReplayServer server = ReplayServer.start();
    private final MockClock clock = new MockClock(NOW);

    @AfterEach
    void stop() {
        server.close();
    }

    private ElectricityMapsIntensity.Builder builder() {
        return ElectricityMapsIntensity.builder("DE").token(TOKEN).baseUrl(server.baseUrl()).clock(clock)
                .timeout(Duration.ofSeconds(5));
    }

    private static void assertMentions(String text, String... parts) {
        for (String p : parts) {
            assertTrue(text.contains(p), () -> "expected '" + p + "' in: " + text);
        }
    }

    @Test
    void theLatestValueIsFetchedOnceAndReusedWithinItsHour() {
        server.on(LATEST, Reply.resource("electricitymaps/latest-DE.json"),
                Reply.resource("electricitymaps/latest-DE-1300.json"));
        ElectricityMapsIntensity em = builder().build();

        IntensityFactor f = em.current();
        assertEquals(302, f.value().gramsPerKwh());
        assertEquals(IntensityBasis.LIFECYCLE, f.basis());
        assertEquals(2024, f.year());
        assertMentions(f.source(), "Electricity Maps zone DE", "lifecycle", "2024-05-01T12:00:00Z");
        clock.advance(Duration.ofMinutes(45));
        assertEquals(302, em.current().value().gramsPerKwh());
        assertEquals(1, server.requests(LATEST).size(), "reused within its hour");

        ReplayServer.Request r = server.requests(LATEST).get(0);
        assertEquals(TOKEN, r.header("auth-token"));
        assertMentions(r.query(), "zone=DE", "emissionFactorType=lifecycle");

        clock.advance(Duration.ofMinutes(10)); // 13:05: the 12:00 value no longer holds
        IntensityFactor next = em.current();
        assertEquals(280, next.value().gramsPerKwh());
        assertMentions(next.source(), "estimated (TIME_SLICER_AVERAGE)");
        assertEquals(2, server.requests(LATEST).size());
    }

    @Test
    void concurrentCallersShareOneRequest() throws Exception {
        server.on(LATEST, Reply.resource("electricitymaps/latest-DE.json").delayed(Duration.ofMillis(300)));
        ElectricityMapsIntensity em = builder().build();
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<IntensityFactor>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return em.current();
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<IntensityFactor> r : results) {
                assertEquals(302, r.get(10, java.util.concurrent.TimeUnit.SECONDS).value().gramsPerKwh());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, server.requests(LATEST).size());
    }

    @Test
    void directFactorsOnRequest() {
        server.on(LATEST, Reply.resource("electricitymaps/latest-DE-direct.json"));
        IntensityFactor f = builder().basis(IntensityBasis.DIRECT).build().current();
        assertEquals(221, f.value().gramsPerKwh());
        assertEquals(IntensityBasis.DIRECT, f.basis());
        assertMentions(server.requests(LATEST).get(0).query(), "emissionFactorType=direct");
    }

    @Test
    void anAnswerWithOtherFactorsIsRefused() {
        server.on(LATEST, Reply.resource("electricitymaps/latest-DE-direct.json"));
        IntensityFactor f = builder().fallback(CarbonIntensities.of(EnergySource.GAS)).build().current();
        assertMentions(f.source(), "fallback", "answered with direct factors, not lifecycle");
    }

    @Test
    void pastHoursComeFromTheHistoryAndAWindowAcrossTheHourUsesBoth() {
        server.on(HISTORY, Reply.resource("electricitymaps/history-DE.json"));
        ElectricityMapsIntensity em = builder().build();
        Instant from = Instant.parse("2024-05-01T06:30:00Z");
        Instant to = Instant.parse("2024-05-01T07:30:00Z");
        // history: 06:00 → 321, 07:00 → 305
        assertEquals(List.of(Instant.parse("2024-05-01T07:00:00Z")), em.changesBetween(from, to));
        CarbonFigure c = em.carbonOf(Energy.ofKilowattHours(2), from, to);
        assertEquals(321 + 305, c.value().grams(), 1e-9);
        assertEquals(1, server.requests(HISTORY).size(), "one history request serves the whole window");
        assertEquals(0, server.requests(LATEST).size());
        assertEquals(TOKEN, server.requests(HISTORY).get(0).header("auth-token"));
    }

    @Test
    void anHourTheHistoryHasNoFigureForIsAnsweredAsMissing() {
        server.on(HISTORY, Reply.resource("electricitymaps/history-DE.json"));
        // 2024-04-30T18:00Z has carbonIntensity null in the recording.
        IntensityFactor f = builder().fallback(CarbonIntensities.of(EnergySource.COAL)).maxStaleness(Duration.ZERO)
                .build().at(Instant.parse("2024-04-30T18:20:00Z"));
        assertEquals(820, f.value().gramsPerKwh());
        assertMentions(f.source(), "fallback", "has no value for 2024-04-30T18:20:00Z");
    }

    @Test
    void instantsBeyondTheHistoryAreRefusedNotGuessed() {
        ElectricityMapsIntensity em = builder().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> em.at(NOW.minus(Duration.ofHours(30))));
        assertMentions(e.getMessage(), "reaches back 24 h", "CarbonIntensities.trace");
        assertEquals(0, server.requests().size());
    }

    @Test
    void aFailureAfterAGoodValueAnswersWithTheStaleValueFlagged() {
        server.on(LATEST, Reply.resource("electricitymaps/latest-DE.json"),
                Reply.status(503, "{\"message\":\"Service temporarily unavailable\"}"));
        ElectricityMapsIntensity em = builder().build();
        em.current();
        clock.advance(Duration.ofMinutes(55)); // 13:05
        IntensityFactor f = em.current();
        assertEquals(302, f.value().gramsPerKwh());
        assertMentions(f.source(), "stale: last good value from 2024-05-01T12:00:00Z",
                "refresh failed: HTTP 503: Service temporarily unavailable");
        assertMentions(em.description(), "last refresh failed: HTTP 503");
    }

    @Test
    void aFailureWithNothingCachedAnswersWithTheStatedFallback() {
        server.on(LATEST, Reply.status(503, "<html>Bad gateway</html>"));
        IntensityFactor f = builder().fallback(CarbonIntensities.of(EnergySource.GAS)).build().current();
        assertEquals(490, f.value().gramsPerKwh());
        assertEquals(410, f.low().gramsPerKwh());
        assertEquals(IntensityBasis.LIFECYCLE, f.basis());
        assertMentions(f.source(), "fallback IPCC AR5", "(Electricity Maps zone DE, lifecycle unavailable: HTTP 503");
    }

    @Test
    void aFailureWithNoValueAndNoFallbackSaysWhatToDo() {
        server.on(LATEST, Reply.status(500, "{}"));
        IntensityUnavailableException e = assertThrows(IntensityUnavailableException.class,
                () -> builder().build().current());
        assertMentions(e.getMessage(), "Electricity Maps zone DE", "HTTP 500", ".fallback(");
    }

    @Test
    void aTimeoutIsBoundedAndStated() {
        server.on(LATEST, Reply.resource("electricitymaps/latest-DE.json").delayed(Duration.ofSeconds(10)));
        ElectricityMapsIntensity em = builder().timeout(Duration.ofMillis(200))
                .fallback(CarbonIntensities.of(EnergySource.WIND)).build();
        long t0 = System.nanoTime();
        IntensityFactor f = em.current();
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(11, f.value().gramsPerKwh());
        assertMentions(f.source(), "timed out after 200 ms");
        assertTrue(tookMs < 5_000, "took " + tookMs + " ms");
    }

    @Test
    void afterAFailureTheApiIsLeftAloneUntilRetryAfter() {
        server.on(LATEST, Reply.status(502, "{}"), Reply.resource("electricitymaps/latest-DE.json"));
        ElectricityMapsIntensity em = builder().retryAfter(Duration.ofMinutes(2))
                .fallback(CarbonIntensities.of(EnergySource.GAS)).build();
        assertMentions(em.current().source(), "fallback");
        clock.advance(Duration.ofSeconds(90));
        assertMentions(em.current().source(), "fallback", "HTTP 502");
        assertEquals(1, server.requests(LATEST).size(), "no request during the back-off");
        clock.advance(Duration.ofSeconds(31));
        IntensityFactor f = em.current();
        assertEquals(302, f.value().gramsPerKwh());
        assertFalse(f.source().contains("fallback"));
        assertEquals(2, server.requests(LATEST).size());
    }

    @Test
    void malformedBodiesAreFailuresNamingWhatIsWrong() {
        List<String[]> cases = List.of(
                new String[]{"{not json", "not JSON"},
                new String[]{"{\"zone\":\"DE\",\"datetime\":\"2024-05-01T12:00:00.000Z\"}", "no value in 'carbonIntensity'"},
                new String[]{"{\"zone\":\"DE\",\"datetime\":\"2024-05-01T12:00:00.000Z\",\"carbonIntensity\":-4}", "-4.0"},
                new String[]{"{\"zone\":\"DE\",\"datetime\":\"yesterday\",\"carbonIntensity\":300}", "'datetime' is not a date-time"},
                new String[]{"{\"carbonIntensity\":300,\"datetime\":\"2024-05-01T12:00:00.000Z\"}", "missing 'zone'"},
                new String[]{"", "empty body"});
        for (String[] c : cases) {
            try (ReplayServer s = ReplayServer.start()) {
                s.on(LATEST, Reply.json(c[0]));
                IntensityFactor f = ElectricityMapsIntensity.builder("DE").token(TOKEN).baseUrl(s.baseUrl()).clock(clock)
                        .fallback(CarbonIntensities.of(EnergySource.GAS)).build().current();
                assertMentions(f.source(), "fallback", "malformed response", c[1]);
            }
        }
    }

    @Test
    void anAnswerForAnotherZoneIsRefused() {
        server.on(LATEST, Reply.resource("electricitymaps/latest-FR.json"));
        IntensityFactor f = builder().fallback(CarbonIntensities.of(EnergySource.GAS)).build().current();
        assertMentions(f.source(), "answered for zone FR, not DE");
        assertEquals(490, f.value().gramsPerKwh());
    }

    @Test
    void aLaggingLatestValueStandsForNowAndSaysSo() {
        server.on(LATEST, Reply.resource("electricitymaps/latest-DE-lagging.json"));
        ElectricityMapsIntensity em = builder().build();
        IntensityFactor f = em.current();
        assertEquals(333, f.value().gramsPerKwh());
        assertMentions(f.source(), "2024-05-01T09:00:00Z", "latest published value");
        clock.advance(Duration.ofMinutes(30));
        em.current();
        assertEquals(1, server.requests(LATEST).size());
    }

    @Test
    void redirectsAreNotFollowed() {
        server.on(LATEST, Reply.status(301, "").withHeader("Location", "https://elsewhere.example/v3"));
        IntensityFactor f = builder().fallback(CarbonIntensities.of(EnergySource.GAS)).build().current();
        assertMentions(f.source(), "HTTP 301 redirect to https://elsewhere.example/v3", "base URL");
        assertEquals(1, server.requests().size());
    }

    @Test
    void anUnreachableApiIsAFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        IntensityFactor f = ElectricityMapsIntensity.builder("DE").token(TOKEN).clock(clock)
                .baseUrl(URI.create("http://127.0.0.1:" + port)).fallback(CarbonIntensities.of(EnergySource.GAS))
                .build().current();
        assertMentions(f.source(), "fallback", "127.0.0.1:" + port);
    }

    @Test
    void theTokenComesFromTheEnvironmentWhenNotGiven() {
        server.on(LATEST, Reply.resource("electricitymaps/latest-DE.json"));
        ElectricityMapsIntensity em = ElectricityMapsIntensity.builder("DE").baseUrl(server.baseUrl()).clock(clock)
                .environment(Map.of(ElectricityMapsIntensity.TOKEN_VARIABLE, "env-token-77")::get).build();
        em.current();
        assertEquals("env-token-77", server.requests(LATEST).get(0).header("auth-token"));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ElectricityMapsIntensity.builder("DE").environment(Map.<String, String>of()::get).build());
        assertMentions(e.getMessage(), "ELECTRICITYMAPS_TOKEN", ".token(");
    }

    @Test
    void badConfigurationIsRefusedAtOnce() {
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> ElectricityMapsIntensity.builder("DE zone")).getMessage(), "'DE zone'", "US-CAL-CISO");
        assertThrows(IllegalArgumentException.class, () -> builder().baseUrl(URI.create("ftp://x")));
        assertThrows(IllegalArgumentException.class, () -> builder().baseUrl(URI.create("https://x?token=abc")));
        assertThrows(IllegalArgumentException.class, () -> builder().timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder().token(" "));
    }

    @Test
    void theTokenNeverAppearsInLogsMessagesFactorsOrToString() {
        List<String> seen = new ArrayList<>();
        try (LogCapture log = new LogCapture()) {
            // The worst case: the API echoes the token in its error body.
            server.on(LATEST, Reply.status(401, "{\"message\":\"auth-token " + TOKEN + " is not valid\"}"));
            ElectricityMapsIntensity em = builder().build();
            seen.add(assertThrows(IntensityUnavailableException.class, em::current).getMessage());
            seen.add(em.toString());
            seen.add(em.description());
            ElectricityMapsIntensity withFallback = builder().fallback(CarbonIntensities.of(EnergySource.GAS)).build();
            seen.add(withFallback.current().source());
            seen.add(withFallback.current().toString());
            server.on(LATEST, Reply.resource("electricitymaps/latest-DE.json").delayed(Duration.ofSeconds(5)));
            seen.add(builder().timeout(Duration.ofMillis(100)).fallback(CarbonIntensities.of(EnergySource.GAS)).build()
                    .current().source());
            String logs = log.text();
            assertMentions(logs, "refresh failed", "HTTP 401"); // the capture works
            seen.add(logs);
        }
        assertEquals(TOKEN, server.requests(LATEST).get(0).header("auth-token"), "the token is sent");
        for (String s : seen) {
            assertFalse(s.contains(TOKEN), () -> "token leaked in: " + s);
        }
        assertMentions(seen.get(0), "****");
    }
}
