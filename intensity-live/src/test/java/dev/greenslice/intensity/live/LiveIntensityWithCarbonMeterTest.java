package dev.greenslice.intensity.live;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.test.sensor.ScriptedSensor;
import dev.greenslice.intensity.live.ReplayServer.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live sources driving a CarbonMeter: the value and its provenance (or its failure) reach the report. */
class LiveIntensityWithCarbonMeterTest {

    private static final String TOKEN = "meter-test-SECRET-token";

    private static CarbonReport meterOneHour(MockClock clock, dev.greenslice.carbon.intensity.IntensitySource source) {
        ScriptedSensor sensor = new ScriptedSensor("s", clock).constantPower("gpu:0", 500);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).synchronous()
                .sensor(sensor).intensity(source).build()) {
            Measurement m = meter.start("request");
            clock.advance(Duration.ofMinutes(30));
            m.close();
            return m.report();
        }
    }

    @Test
    void aLiveValueAndItsProvenanceReachTheReport() {
        try (ReplayServer server = ReplayServer.start()) {
            server.on("/v3/carbon-intensity/latest", Reply.resource("electricitymaps/latest-DE.json"));
            MockClock clock = new MockClock(Instant.parse("2024-05-01T12:10:00Z"));
            ElectricityMapsIntensity em = ElectricityMapsIntensity.builder("DE").token(TOKEN).baseUrl(server.baseUrl())
                    .clock(clock).build();
            CarbonReport r = meterOneHour(clock, em);
            // 500 W for 30 min = 0.25 kWh at 302 g/kWh.
            assertEquals(0.25 * 302, r.operational().orElseThrow().value().toGrams(), 1e-6);
            assertTrue(r.toJson().contains("Electricity Maps zone DE"), r.toJson());
            assertFalse(r.toJson().contains(TOKEN));
            assertFalse(r.toString().contains(TOKEN));
            assertEquals(1, server.requests().size(), "one request serves the whole window");
        }
    }

    @Test
    void aFailingProviderIsFlaggedInTheReportNotHidden() {
        try (ReplayServer server = ReplayServer.start()) {
            server.on("/v3/carbon-intensity/latest",
                    Reply.status(401, "{\"message\":\"token " + TOKEN + " rejected\"}"));
            MockClock clock = new MockClock(Instant.parse("2024-05-01T12:10:00Z"));
            ElectricityMapsIntensity em = ElectricityMapsIntensity.builder("DE").token(TOKEN).baseUrl(server.baseUrl())
                    .clock(clock).fallback(CarbonIntensities.of(EnergySource.GAS)).build();
            CarbonReport r = meterOneHour(clock, em);
            assertEquals(0.25 * 490, r.operational().orElseThrow().value().toGrams(), 1e-6);
            String json = r.toJson();
            assertTrue(json.contains("fallback") && json.contains("unavailable: HTTP 401"), json);
            assertFalse(json.contains(TOKEN), json);

            // Without a fallback the report has no operational carbon and says why.
            ElectricityMapsIntensity bare = ElectricityMapsIntensity.builder("DE").token(TOKEN).baseUrl(server.baseUrl())
                    .clock(clock).build();
            CarbonReport none = meterOneHour(clock, bare);
            assertTrue(none.operational().isEmpty());
            assertTrue(none.warnings().stream().anyMatch(w -> w.contains("HTTP 401")), none.warnings().toString());
            assertFalse(none.toJson().contains(TOKEN));
        }
    }
}
