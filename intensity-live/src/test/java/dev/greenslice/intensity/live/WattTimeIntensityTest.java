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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WattTimeIntensityTest {

    private static final String USER = "greenslice-ci";
    private static final String PASSWORD = "wt-PASSWORD-SECRET-9";
    private static final String BEARER_1 = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.wt-bearer-SECRET-1.sig";
    private static final String BEARER_2 = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.wt-bearer-SECRET-2.sig";
    private static final Instant NOW = Instant.parse("2024-05-01T12:12:00Z");
    private static final double LB_TO_G_PER_KWH = 0.45359237;

    private final ReplayServer server = ReplayServer.start();
    private final MockClock clock = new MockClock(NOW);

    @AfterEach
    void stop() {
        server.close();
    }

    private WattTimeIntensity.Builder builder() {
        return WattTimeIntensity.builder("CAISO_NORTH").credentials(USER, PASSWORD).baseUrl(server.baseUrl())
                .clock(clock).timeout(Duration.ofSeconds(5));
    }

    private static void assertMentions(String text, String... parts) {
        for (String p : parts) {
            assertTrue(text.contains(p), () -> "expected '" + p + "' in: " + text);
        }
    }

    @Test
    void logsInThenReadsTheCurrentMoerConvertedFromPoundsPerMegawattHour() {
        server.on("/login", Reply.resource("watttime/login.json"));
        server.on("/v3/forecast", Reply.resource("watttime/forecast-now.json"));
        IntensityFactor f = builder().build().current();

        assertEquals(870 * LB_TO_G_PER_KWH, f.value().gramsPerKwh(), 1e-9);
        assertEquals(394.6, f.value().gramsPerKwh(), 0.05);
        assertEquals(IntensityBasis.DIRECT, f.basis());
        assertMentions(f.source(), "WattTime region CAISO_NORTH", "co2_moer", "marginal", "MOER", "2024-05-01T12:10:00Z",
                "5 min");

        ReplayServer.Request login = server.requests("/login").get(0);
        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertEquals(basic, login.header("Authorization"));
        ReplayServer.Request data = server.requests("/v3/forecast").get(0);
        assertEquals("Bearer " + BEARER_1, data.header("Authorization"));
        assertMentions(data.query(), "region=CAISO_NORTH", "signal_type=co2_moer", "horizon_hours=0");
    }

    @Test
    void aValueIsReusedForItsFiveMinutesAndTheTokenForItsHalfHour() {
        server.on("/login", Reply.resource("watttime/login.json"), Reply.resource("watttime/login-2.json"));
        server.on("/v3/forecast", Reply.resource("watttime/forecast-now.json"), Reply.resource("watttime/forecast-1215.json"));
        WattTimeIntensity wt = builder().build();
        wt.current();
        clock.advance(Duration.ofMinutes(2)); // 12:14, still in the 12:10 interval
        wt.current();
        assertEquals(1, server.requests("/v3/forecast").size());
        clock.advance(Duration.ofMinutes(2)); // 12:16
        assertEquals(905 * LB_TO_G_PER_KWH, wt.current().value().gramsPerKwh(), 1e-9);
        assertEquals(2, server.requests("/v3/forecast").size());
        assertEquals(1, server.requests("/login").size(), "the token is still valid");

        clock.advance(Duration.ofMinutes(30)); // past the token's 30 minutes
        wt.current();
        assertEquals(2, server.requests("/login").size(), "a new login once the token expires");
        List<ReplayServer.Request> data = server.requests("/v3/forecast");
        assertEquals("Bearer " + BEARER_2, data.get(data.size() - 1).header("Authorization"));
    }

    @Test
    void aRejectedTokenIsRenewedOnceAndTheRequestRetried() {
        server.on("/login", Reply.resource("watttime/login.json"), Reply.resource("watttime/login-2.json"));
        server.on("/v3/forecast", Reply.status(401, "{\"error\":\"token expired\"}"), Reply.resource("watttime/forecast-now.json"));
        IntensityFactor f = builder().build().current();
        assertEquals(870 * LB_TO_G_PER_KWH, f.value().gramsPerKwh(), 1e-9);
        assertEquals(2, server.requests("/login").size());
        assertEquals("Bearer " + BEARER_2, server.requests("/v3/forecast").get(1).header("Authorization"));
    }

    @Test
    void aRefusedLoginSaysWhichCredentialsToCheck() {
        server.on("/login", Reply.status(403, "{\"error\":\"invalid credentials\"}"));
        IntensityFactor f = builder().fallback(CarbonIntensities.of(EnergySource.GAS)).build().current();
        assertEquals(490, f.value().gramsPerKwh());
        assertMentions(f.source(), "fallback", "login refused (HTTP 403)", "WATTTIME_USERNAME", "WATTTIME_PASSWORD");
        assertEquals(0, server.requests("/v3/").size());
    }

    @Test
    void pastValuesComeFromTheHistoricalEndpoint() {
        server.on("/login", Reply.resource("watttime/login.json"));
        server.on("/v3/historical", Reply.resource("watttime/historical.json"));
        WattTimeIntensity wt = builder().build();
        Instant from = Instant.parse("2024-05-01T10:02:30Z");
        Instant to = Instant.parse("2024-05-01T10:07:30Z");
        // 10:00 → 812.0, 10:05 → 820.5 lbs/MWh; half the energy in each.
        assertEquals(List.of(Instant.parse("2024-05-01T10:05:00Z")), wt.changesBetween(from, to));
        CarbonFigure c = wt.carbonOf(Energy.ofKilowattHours(1), from, to);
        assertEquals((812.0 + 820.5) / 2 * LB_TO_G_PER_KWH, c.value().grams(), 1e-9);
        ReplayServer.Request r = server.requests("/v3/historical").get(0);
        assertMentions(r.query(), "region=CAISO_NORTH", "signal_type=co2_moer", "start=2024-05-01T09%3A57%3A30Z");
        assertEquals(1, server.requests("/v3/historical").size());
    }

    @Test
    void answersForAnotherRegionOrInOtherUnitsAreRefused() {
        String body = ReplayServer.read("watttime/forecast-now.json");
        server.on("/login", Reply.resource("watttime/login.json"));
        server.on("/v3/forecast", Reply.json(body.replace("\"CAISO_NORTH\"", "\"PJM_DC\"")));
        assertMentions(builder().fallback(CarbonIntensities.of(EnergySource.GAS)).build().current().source(),
                "answered for region PJM_DC, not CAISO_NORTH");
        server.on("/v3/forecast", Reply.json(body.replace("lbs_co2_per_mwh", "percentile")));
        assertMentions(builder().fallback(CarbonIntensities.of(EnergySource.GAS)).build().current().source(),
                "answered in percentile");
        server.on("/v3/forecast", Reply.json(body.replace("\"data_point_period_seconds\": 300,", "")));
        assertMentions(builder().fallback(CarbonIntensities.of(EnergySource.GAS)).build().current().source(),
                "data_point_period_seconds");
    }

    @Test
    void credentialsComeFromTheEnvironmentWhenNotGiven() {
        server.on("/login", Reply.resource("watttime/login.json"));
        server.on("/v3/forecast", Reply.resource("watttime/forecast-now.json"));
        WattTimeIntensity.builder("CAISO_NORTH").baseUrl(server.baseUrl()).clock(clock)
                .environment(Map.of("WATTTIME_USERNAME", "envuser", "WATTTIME_PASSWORD", "envpass")::get)
                .build().current();
        assertEquals("Basic " + Base64.getEncoder().encodeToString("envuser:envpass".getBytes(StandardCharsets.UTF_8)),
                server.requests("/login").get(0).header("Authorization"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WattTimeIntensity.builder("CAISO_NORTH")
                .environment(Map.of("WATTTIME_USERNAME", "envuser")::get).build());
        assertMentions(e.getMessage(), "missing: WATTTIME_PASSWORD", ".credentials(");
        assertThrows(IllegalArgumentException.class, () -> WattTimeIntensity.builder("CAISO_NORTH").signalType("health_damage"));
    }

    @Test
    void credentialsAndTokensNeverAppearInLogsMessagesFactorsOrToString() {
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        try (LogCapture log = new LogCapture()) {
            server.on("/login", Reply.status(401, "{\"error\":\"bad password " + PASSWORD + " for " + basic + "\"}"));
            WattTimeIntensity wt = builder().build();
            seen.add(assertThrows(IntensityUnavailableException.class, wt::current).getMessage());
            seen.add(wt.toString());
            seen.add(wt.description());
            // A server that echoes the bearer token in a data error.
            server.on("/login", Reply.resource("watttime/login.json"));
            server.on("/v3/forecast", Reply.status(500, "{\"message\":\"internal error for token " + BEARER_1 + "\"}"));
            WattTimeIntensity wt2 = builder().fallback(CarbonIntensities.of(EnergySource.GAS)).build();
            seen.add(wt2.current().source());
            seen.add(wt2.description());
            String logs = log.text();
            assertMentions(logs, "refresh failed");
            seen.add(logs);
        }
        for (String s : seen) {
            for (String secret : List.of(PASSWORD, basic, BEARER_1)) {
                assertFalse(s.contains(secret), () -> "secret leaked in: " + s);
            }
        }
        assertMentions(seen.get(3), "internal error for token ****");
    }
}
