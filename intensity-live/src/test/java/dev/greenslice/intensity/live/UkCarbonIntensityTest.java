package dev.greenslice.intensity.live;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.intensity.live.ReplayServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UkCarbonIntensityTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:10:00Z");

    private final ReplayServer server = ReplayServer.start();
    private final MockClock clock = new MockClock(NOW);

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertMentions(String text, String... parts) {
        for (String p : parts) {
            assertTrue(text.contains(p), () -> "expected '" + p + "' in: " + text);
        }
    }

    @Test
    void nationalCurrentValueIsDirectAndSaysItIsAForecastUntilTheActualIsPublished() {
        server.on("/intensity", Reply.resource("uk/intensity.json"));
        UkCarbonIntensity uk = UkCarbonIntensity.nationalBuilder().baseUrl(server.baseUrl()).clock(clock).build();
        IntensityFactor f = uk.current();
        assertEquals(128, f.value().gramsPerKwh());
        assertEquals(IntensityBasis.DIRECT, f.basis());
        assertMentions(f.source(), "UK Carbon Intensity API", "GB national", "direct emissions, not lifecycle",
                "2024-05-01T12:00:00Z + 30 min", "forecast (actual not yet published)");
        assertMentions(uk.description(), "direct emissions, not lifecycle");
        clock.advance(Duration.ofMinutes(15));
        uk.current();
        assertEquals(1, server.requests("/intensity").size(), "reused within its half hour");
        assertNull(server.requests("/intensity").get(0).header("Authorization"), "no key is sent");
    }

    @Test
    void pastHalfHoursUseTheActualFromTheRangeEndpoint() {
        server.on("/intensity/", Reply.resource("uk/intensity-range.json"));
        UkCarbonIntensity uk = UkCarbonIntensity.nationalBuilder().baseUrl(server.baseUrl()).clock(clock).build();
        IntensityFactor f = uk.at(Instant.parse("2024-05-01T09:40:00Z"));
        assertEquals(151, f.value().gramsPerKwh());
        assertMentions(f.source(), "actual");
        assertEquals("/intensity/2024-05-01T09:30Z/2024-05-01T12:10Z", server.requests("/intensity/").get(0).path());
        assertEquals(List.of(Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T10:30:00Z")),
                uk.changesBetween(Instant.parse("2024-05-01T09:45:00Z"), Instant.parse("2024-05-01T10:45:00Z")));
    }

    @Test
    void regionalAndPostcodeValuesAreForecasts() {
        server.on("/regional/regionid/13", Reply.resource("uk/regional-regionid-13.json"));
        server.on("/regional/intensity/", Reply.resource("uk/regional-range-regionid-13.json"));
        server.on("/regional/postcode/RG10", Reply.resource("uk/regional-postcode-RG10.json"));
        UkCarbonIntensity london = UkCarbonIntensity.regionBuilder(13).baseUrl(server.baseUrl()).clock(clock).build();
        IntensityFactor f = london.current();
        assertEquals(141, f.value().gramsPerKwh());
        assertMentions(f.source(), "region 13", "forecast (regional figures are forecasts only)");
        assertEquals(155, london.at(Instant.parse("2024-05-01T09:35:00Z")).value().gramsPerKwh());
        assertTrue(server.requests("/regional/intensity/").get(0).path().endsWith("/regionid/13"));

        IntensityFactor rg = UkCarbonIntensity.postcodeBuilder("rg10").baseUrl(server.baseUrl()).clock(clock).build().current();
        assertEquals(97, rg.value().gramsPerKwh());
        assertMentions(rg.source(), "postcode RG10");
    }

    @Test
    void anAnswerForAnotherRegionIsRefused() {
        server.on("/regional/regionid/13", Reply.json(ReplayServer.read("uk/regional-regionid-13.json")
                .replace("\"regionid\": 13", "\"regionid\": 12")));
        IntensityFactor f = UkCarbonIntensity.regionBuilder(13).baseUrl(server.baseUrl()).clock(clock)
                .fallback(CarbonIntensities.of(EnergySource.GAS)).build().current();
        assertMentions(f.source(), "fallback", "answered for region 12, not 13");
    }

    @Test
    void anErrorBodyIsQuotedInTheFlaggedFallback() {
        server.on("/regional/postcode/", Reply.status(400, ReplayServer.read("uk/error-400.json")));
        IntensityFactor f = UkCarbonIntensity.postcodeBuilder("ZZ9").baseUrl(server.baseUrl()).clock(clock)
                .fallback(CarbonIntensities.of(EnergySource.GAS)).build().current();
        assertMentions(f.source(), "fallback", "HTTP 400: Please enter a valid outward postcode");
    }

    @Test
    void aPeriodWithoutAnyFigureIsMalformed() {
        server.on("/intensity", Reply.json("{\"data\":[{\"from\":\"2024-05-01T12:00Z\",\"to\":\"2024-05-01T12:30Z\","
                + "\"intensity\":{\"forecast\":null,\"actual\":null,\"index\":\"low\"}}]}"));
        IntensityUnavailableException e = assertThrows(IntensityUnavailableException.class,
                () -> UkCarbonIntensity.nationalBuilder().baseUrl(server.baseUrl()).clock(clock).build().current());
        assertMentions(e.getMessage(), "malformed response from UK Carbon Intensity API", "no value in 'forecast'");
    }

    @Test
    void theAreaMustBeReal() {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> UkCarbonIntensity.regionBuilder(0)).getMessage(),
                "region id 0", "13 is London");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> UkCarbonIntensity.postcodeBuilder("RG10 4AB")).getMessage(), "outward postcode", "RG10");
    }
}
