package dev.greenslice.intensity.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.intensity.IntensityBasis;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Electricity Maps API v3: {@code GET /v3/carbon-intensity/latest} and {@code /history} (the last 24 hours,
 * hourly) for one zone, authenticated with the {@code auth-token} header. The response's zone is checked, so
 * an answer for another location (the API can fall back to the caller's IP location) is refused.
 */
final class ElectricityMapsFeed implements Feed {

    static final String PROVIDER = "Electricity Maps";
    private static final Duration HOURLY = Duration.ofHours(1);

    private final URI base;
    private final String zone;
    private final IntensityBasis basis;
    private final Secret token;
    private final HttpFetcher http;

    ElectricityMapsFeed(URI base, String zone, IntensityBasis basis, Secret token, HttpFetcher http) {
        this.base = base;
        this.zone = zone;
        this.basis = basis;
        this.token = token;
        this.http = http;
    }

    @Override
    public String label() {
        return PROVIDER + " zone " + zone + ", " + factorType();
    }

    @Override
    public IntensityBasis basis() {
        return basis;
    }

    @Override
    public Duration historyReach() {
        return Duration.ofHours(24);
    }

    @Override
    public List<Observation> latest() throws FetchException {
        JsonNode json = http.getJson(HttpFetcher.uri(base, "/v3/carbon-intensity/latest", query()), headers());
        checkZone(json, true);
        return List.of(observation(json));
    }

    @Override
    public List<Observation> range(Instant from, Instant to) throws FetchException {
        JsonNode json = http.getJson(HttpFetcher.uri(base, "/v3/carbon-intensity/history", query()), headers());
        checkZone(json, true);
        JsonNode history = JsonFields.object(json, "history", PROVIDER);
        if (!history.isArray()) {
            throw JsonFields.malformed(PROVIDER, "'history' is not a list");
        }
        List<Observation> out = new ArrayList<>();
        for (JsonNode entry : history) {
            JsonNode v = entry.get("carbonIntensity");
            if (v == null || v.isNull()) {
                continue; // an hour Electricity Maps has no figure for: a gap, answered as missing
            }
            out.add(observation(entry));
        }
        return out;
    }

    private Observation observation(JsonNode json) throws FetchException {
        checkZone(json, false);
        JsonNode type = json.get("emissionFactorType");
        if (type != null && type.isTextual() && !type.asText().equalsIgnoreCase(factorType())) {
            throw new FetchException(PROVIDER + " answered with " + type.asText() + " factors, not " + factorType());
        }
        Instant start = JsonFields.instant(json, "datetime", PROVIDER);
        CarbonIntensity value = JsonFields.intensity(json, "carbonIntensity", PROVIDER, CarbonIntensity::ofGramsPerKwh);
        String detail = "";
        JsonNode estimated = json.get("isEstimated");
        if (estimated != null && estimated.asBoolean(false)) {
            JsonNode method = json.get("estimationMethod");
            detail = method != null && method.isTextual() ? "estimated (" + method.asText() + ")" : "estimated";
        }
        return new Observation(start, HOURLY, value, detail);
    }

    /** Refuses an answer for another zone; the top level of a response must name its zone. */
    private void checkZone(JsonNode json, boolean required) throws FetchException {
        JsonNode z = json.get("zone");
        if (required && (z == null || !z.isTextual())) {
            throw JsonFields.malformed(PROVIDER, "missing 'zone', so the location cannot be checked");
        }
        if (z != null && z.isTextual() && !z.asText().equals(zone)) {
            throw JsonFields.otherLocation(PROVIDER, "zone", z.asText(), zone);
        }
    }

    private Map<String, String> query() {
        return HttpFetcher.query("zone", zone, "emissionFactorType", factorType());
    }

    private Map<String, String> headers() {
        return Map.of("auth-token", token.reveal());
    }

    private String factorType() {
        return basis.name().toLowerCase(Locale.ROOT);
    }
}
