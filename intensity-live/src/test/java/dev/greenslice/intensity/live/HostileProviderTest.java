package dev.greenslice.intensity.live;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.test.sensor.ScriptedSensor;
import dev.greenslice.intensity.live.ReplayServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Providers that answer with credentials in what they send back — a redirect whose {@code Location} carries the
 * Basic credential, the password in a URL's user-info, a token (or a piece of it) echoed in the body — and with
 * absurd values. Each answer is followed into every place text goes: the exception, the WARN log, the fallback's
 * provenance, the source's description and a meter's report.
 */
class HostileProviderTest {

    private static final String USER = "greenslice-ci";
    private static final String PASSWORD = "Pw/9+hQ=z 7Lk#xV";
    private static final String BEARER = "tk-7fQ2mX9vLp3RzW8nB4cJ6hD1sG5aY0e";
    private static final String EM_TOKEN = "Zq8/xK+v4w=Rm2pLu";
    private static final String BASIC = Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final Instant NOW = Instant.parse("2024-05-01T12:12:00Z");

    private final ReplayServer server = ReplayServer.start();
    private final MockClock clock = new MockClock(NOW);

    @AfterEach
    void stop() {
        server.close();
    }

    private WattTimeIntensity.Builder wattTime() {
        return WattTimeIntensity.builder("CAISO_NORTH").credentials(USER, PASSWORD).baseUrl(server.baseUrl())
                .clock(clock).timeout(Duration.ofSeconds(5));
    }

    private ElectricityMapsIntensity.Builder electricityMaps() {
        return ElectricityMapsIntensity.builder("DE").token(EM_TOKEN).baseUrl(server.baseUrl()).clock(clock)
                .timeout(Duration.ofSeconds(5));
    }

    private CarbonReport meter(IntensitySource source) {
        ScriptedSensor sensor = new ScriptedSensor("s", clock).constantPower("gpu:0", 500);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).synchronous()
                .sensor(sensor).intensity(source).build()) {
            Measurement m = meter.start("request");
            clock.advance(Duration.ofMinutes(1));
            m.close();
            return m.report();
        }
    }

    /** Everything a user can see of a failing source: exception, log, provenance, description, report. */
    private List<String> everythingShown(Supplier<? extends IntensitySource> bare,
                                         Supplier<? extends IntensitySource> withFallback) {
        List<String> seen = new ArrayList<>();
        try (LogCapture log = new LogCapture()) {
            IntensitySource b = bare.get();
            seen.add(assertThrows(IntensityUnavailableException.class, () -> b.at(clock.wallTime())).getMessage());
            seen.add(b.description());
            seen.add(b.toString());
            IntensitySource f = withFallback.get();
            IntensityFactor factor = f.at(clock.wallTime());
            seen.add(factor.source());
            seen.add(f.description());
            CarbonReport r = meter(withFallback.get());
            seen.add(r.toJson());
            seen.add(r.toString());
            seen.add(String.join("\n", meter(bare.get()).warnings()));
            seen.add(log.text());
        }
        return seen;
    }

    private static void assertNoPieceOf(List<String> seen, String... secrets) {
        for (String s : seen) {
            for (String secret : secrets) {
                for (int i = 0; i + 6 <= secret.length(); i++) {
                    String piece = secret.substring(i, i + 6);
                    assertFalse(s.contains(piece), () -> "a piece '" + piece + "' of a secret leaked in: " + s);
                }
            }
        }
    }

    @Test
    void aRedirectWhoseLocationCarriesTheBasicCredentialLeaksNothing() {
        String enc = URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        for (String location : List.of(
                server.baseUrl() + "/moved?auth=" + BASIC,
                server.baseUrl() + "/moved/" + BASIC,
                "http://" + USER + ":" + enc + "@127.0.0.1:1/moved",
                server.baseUrl() + "/moved?user=" + USER + "&password=" + enc + "#" + BASIC)) {
            server.on("/login", Reply.status(302, "").withHeader("Location", location));
            List<String> seen = everythingShown(() -> wattTime().build(),
                    () -> wattTime().fallback(CarbonIntensities.of(EnergySource.GAS)).build());
            assertTrue(seen.get(3).contains("HTTP 302 redirect to") && seen.get(3).contains("fallback"), seen.get(3));
            assertTrue(seen.get(seen.size() - 1).contains("refresh failed"), "the log was captured: " + seen);
            assertNoPieceOf(seen, PASSWORD, enc, BASIC);
            assertTrue(seen.stream().noneMatch(s -> s.contains("auth=") || s.contains("password=")), seen.toString());
        }
    }

    @Test
    void aBodyThatEchoesATokenWholeOrInPartLeaksNothing() {
        server.on("/login", Reply.json("{\"token\":\"" + BEARER + "\"}"));
        for (String echo : List.of(BEARER, BEARER.substring(0, 20), BEARER.substring(10, 30), "x" + BEARER.substring(25),
                Base64.getEncoder().encodeToString(BEARER.getBytes(StandardCharsets.UTF_8)))) {
            server.on("/v3/forecast", Reply.status(500, "{\"message\":\"internal error for token " + echo + " at "
                    + server.baseUrl() + "/v3/forecast?token=" + echo + "\"}"));
            List<String> seen = everythingShown(() -> wattTime().build(),
                    () -> wattTime().fallback(CarbonIntensities.of(EnergySource.GAS)).build());
            assertTrue(seen.get(3).contains("HTTP 500: internal error for token ****"), seen.get(3));
            assertNoPieceOf(seen, BEARER, PASSWORD, BASIC);
        }
        // A body that is not JSON is cut at a length limit: the cut piece of a long token is still a piece of it.
        String padding = "e".repeat(150);
        server.on("/v3/carbon-intensity/latest", Reply.status(503, padding + " " + EM_TOKEN + EM_TOKEN));
        List<String> seen = everythingShown(() -> electricityMaps().build(),
                () -> electricityMaps().fallback(CarbonIntensities.of(EnergySource.GAS)).build());
        assertTrue(seen.get(3).contains("HTTP 503"), seen.get(3));
        assertNoPieceOf(seen, EM_TOKEN, URLEncoder.encode(EM_TOKEN, StandardCharsets.UTF_8));
    }

    @Test
    void aRedirectCarryingTheTokenInItsQueryOrUserInfoLeaksNothing() {
        String enc = URLEncoder.encode(EM_TOKEN, StandardCharsets.UTF_8);
        for (String location : List.of("https://elsewhere.example/v3?auth-token=" + enc,
                "https://" + enc + "@elsewhere.example/v3", "https://elsewhere.example/v3/" + enc + "/latest")) {
            server.on("/v3/carbon-intensity/latest", Reply.status(301, "").withHeader("Location", location));
            List<String> seen = everythingShown(() -> electricityMaps().build(),
                    () -> electricityMaps().fallback(CarbonIntensities.of(EnergySource.GAS)).build());
            assertTrue(seen.get(3).contains("HTTP 301 redirect to https://") && seen.get(3).contains("elsewhere.example"),
                    seen.get(3));
            assertNoPieceOf(seen, EM_TOKEN, enc);
        }
    }

    @Test
    void absurdValuesAreRefusedLikeAFixedIntensity() {
        for (String value : List.of("1e300", "2001", "1.7976931348623157E308")) {
            server.on("/v3/carbon-intensity/latest", Reply.json("{\"zone\":\"DE\",\"carbonIntensity\":" + value
                    + ",\"datetime\":\"2024-05-01T12:00:00.000Z\",\"emissionFactorType\":\"lifecycle\"}"));
            IntensityFactor f = electricityMaps().fallback(CarbonIntensities.of(EnergySource.GAS)).build().current();
            assertEquals(EnergySource.GAS.factor().value(), f.value(), value);
            assertTrue(f.source().contains("above 2000 gCO2e/kWh"), f.source());
        }
        // WattTime answers in lbs/MWh: 4,410 lbs/MWh is 2,000 g/kWh; 5,000 is above.
        server.on("/login", Reply.json("{\"token\":\"" + BEARER + "\"}"));
        server.on("/v3/forecast", Reply.json(ReplayServer.read("watttime/forecast-now.json").replace("870.0", "5000")));
        IntensityFactor w = wattTime().fallback(CarbonIntensities.of(EnergySource.GAS)).build().current();
        assertTrue(w.source().contains("above 2000 gCO2e/kWh"), w.source());
        server.on("/v3/carbon-intensity/latest", Reply.json("{\"zone\":\"DE\",\"carbonIntensity\":1999,"
                + "\"datetime\":\"2024-05-01T12:00:00.000Z\",\"emissionFactorType\":\"lifecycle\"}"));
        assertEquals(1999, electricityMaps().build().current().value().gramsPerKwh(), "the ceiling itself is allowed");
        IllegalArgumentException fixed = assertThrows(IllegalArgumentException.class,
                () -> CarbonIntensities.parse("1000000"));
        assertTrue(fixed.getMessage().contains("above 2000"), fixed.getMessage());
    }

    @Test
    void urlsLoseUserInfoQueryAndFragmentAndSecretsLoseEveryForm() {
        assertEquals("see https://****@host:8/p?****#**** now",
                Secret.redactUrls("see https://u:p@host:8/p?token=abc&x=1#frag now"));
        List<Secret> secrets = List.of(Secret.of("Basic " + BASIC, "basic"), Secret.of(BEARER, "token"));
        String text = "a " + BEARER.substring(3, 12) + " b " + PASSWORD.substring(0, 8) + " c "
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + " d plain words stay";
        String out = Secret.redact(text, secrets);
        assertEquals("a **** b **** c **** d plain words stay", out);
    }
}
