package dev.greenslice.intensity.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.intensity.IntensityBasis;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The UK Carbon Intensity API (National Energy System Operator, no key): half-hourly intensity for Great
 * Britain ({@code /intensity}, {@code /intensity/{from}/{to}}) or one region
 * ({@code /regional/regionid/{id}}, {@code /regional/intensity/{from}/{to}/regionid/{id}}, or by outward
 * postcode). Its factors count direct (combustion) emissions, not the life cycle. National figures are the
 * actual where published, else the forecast; regional figures are forecasts only. Each value says which.
 */
final class UkCarbonIntensityFeed implements Feed {

    static final String PROVIDER = "UK Carbon Intensity API";
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

    /** What the API is asked about: {@code null} region and postcode mean Great Britain as a whole. */
    private final URI base;
    private final Integer regionId;
    private final String postcode;
    private final HttpFetcher http;

    UkCarbonIntensityFeed(URI base, Integer regionId, String postcode, HttpFetcher http) {
        this.base = base;
        this.regionId = regionId;
        this.postcode = postcode;
        this.http = http;
    }

    @Override
    public String label() {
        String where = regionId != null ? "region " + regionId : postcode != null ? "postcode " + postcode : "GB national";
        return PROVIDER + " (NESO), " + where + ", direct emissions, not lifecycle";
    }

    @Override
    public IntensityBasis basis() {
        return IntensityBasis.DIRECT;
    }

    @Override
    public Duration historyReach() {
        return null;
    }

    @Override
    public List<Observation> latest() throws FetchException {
        String path = regionId != null ? "/regional/regionid/" + regionId
                : postcode != null ? "/regional/postcode/" + postcode : "/intensity";
        return entries(get(path));
    }

    @Override
    public List<Observation> range(Instant from, Instant to) throws FetchException {
        Instant start = from.truncatedTo(ChronoUnit.HOURS).plus(from.atZone(ZoneOffset.UTC).getMinute() >= 30 ? 30 : 0,
                ChronoUnit.MINUTES);
        Instant end = to.isAfter(start) ? to : start.plus(30, ChronoUnit.MINUTES);
        String span = "/" + MINUTES.format(start) + "/" + MINUTES.format(end);
        String path = regionId != null ? "/regional/intensity" + span + "/regionid/" + regionId
                : postcode != null ? "/regional/intensity" + span + "/postcode/" + postcode : "/intensity" + span;
        return entries(get(path));
    }

    /** The API needs no key, query or header: a plain GET of {@code path}. */
    private JsonNode get(String path) throws FetchException {
        return http.getJson(HttpFetcher.uri(base, path, Map.of()), Map.of());
    }

    /** National responses list periods in {@code data}; regional ones nest them in {@code data[].data} or {@code data.data}. */
    private List<Observation> entries(JsonNode json) throws FetchException {
        JsonNode data = JsonFields.object(json, "data", PROVIDER);
        if (regionId != null) {
            checkRegion(data);
        }
        List<JsonNode> periods = new ArrayList<>();
        collect(data, periods);
        if (periods.isEmpty()) {
            throw JsonFields.malformed(PROVIDER, "no periods in 'data'");
        }
        List<Observation> out = new ArrayList<>();
        for (JsonNode p : periods) {
            Instant from = JsonFields.instant(p, "from", PROVIDER);
            Instant to = JsonFields.instant(p, "to", PROVIDER);
            if (!to.isAfter(from)) {
                throw JsonFields.malformed(PROVIDER, "period ends (" + to + ") before it starts (" + from + ")");
            }
            JsonNode intensity = JsonFields.object(p, "intensity", PROVIDER);
            JsonNode actual = intensity.get("actual");
            boolean hasActual = actual != null && !actual.isNull();
            CarbonIntensity value = JsonFields.intensity(intensity, hasActual ? "actual" : "forecast", PROVIDER,
                    CarbonIntensity::ofGramsPerKwh);
            String detail = hasActual ? "actual"
                    : regionId != null || postcode != null ? "forecast (regional figures are forecasts only)"
                    : "forecast (actual not yet published)";
            out.add(new Observation(from, Duration.between(from, to), value, detail));
        }
        out.sort((a, b) -> a.start().compareTo(b.start()));
        return out;
    }

    /** Refuses an answer for another region than the one asked for. */
    private void checkRegion(JsonNode node) throws FetchException {
        if (node.isArray()) {
            for (JsonNode n : node) {
                checkRegion(n);
            }
        } else if (node.isObject() && node.has("regionid")) {
            int got = node.get("regionid").asInt(-1);
            if (got != regionId) {
                throw JsonFields.otherLocation(PROVIDER, "region", node.get("regionid").asText(), String.valueOf(regionId));
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> periods) {
        if (node.isArray()) {
            for (JsonNode n : node) {
                collect(n, periods);
            }
        } else if (node.isObject()) {
            if (node.has("intensity") && node.has("from")) {
                periods.add(node);
            } else if (node.has("data")) {
                collect(node.get("data"), periods);
            }
        }
    }
}
