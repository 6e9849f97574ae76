package dev.greenslice.intensity.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.IntensityBasis;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * WattTime API v3. Logs in with HTTP Basic credentials at {@code GET /login} for a bearer token (valid 30
 * minutes, renewed before it expires and once more on a 401), then reads the marginal operating emissions rate
 * ({@code signal_type=co2_moer}, lbs CO2/MWh) from {@code GET /v3/forecast?horizon_hours=0} (the current
 * value) and {@code GET /v3/historical} (past values), at the resolution the response's
 * {@code meta.data_point_period_seconds} states.
 */
final class WattTimeFeed implements Feed {

    static final String PROVIDER = "WattTime";
    /** WattTime documents 30 minutes; renewing a little early avoids racing the expiry. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);
    private static final Duration TOKEN_MARGIN = Duration.ofMinutes(2);

    private final URI base;
    private final String region;
    private final String signalType;
    private final Secret basicAuth;
    private final HttpFetcher http;
    private final Clock clock;

    private Secret token;
    private Instant tokenExpires = Instant.MIN;

    WattTimeFeed(URI base, String region, String signalType, Secret username, Secret password, HttpFetcher http, Clock clock) {
        this.base = base;
        this.region = region;
        this.signalType = signalType;
        this.basicAuth = Secret.of("Basic " + Base64.getEncoder().encodeToString(
                (username.reveal() + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8)), "credentials");
        this.http = http;
        this.clock = clock;
    }

    /** The secrets this feed holds beyond the configured credentials: the Basic header and the bearer token. */
    List<Secret> derivedSecrets() {
        Secret t = token;
        return t == null ? List.of(basicAuth) : List.of(basicAuth, t);
    }

    @Override
    public String label() {
        return PROVIDER + " region " + region + ", " + signalType + " (marginal operating emissions)";
    }

    @Override
    public IntensityBasis basis() {
        // A MOER counts what the marginal plant burns: operating (direct) emissions, not lifecycle.
        return IntensityBasis.DIRECT;
    }

    @Override
    public Duration historyReach() {
        return null;
    }

    @Override
    public List<Observation> latest() throws FetchException {
        JsonNode json = authorized(HttpFetcher.uri(base, "/v3/forecast",
                HttpFetcher.query("region", region, "signal_type", signalType, "horizon_hours", "0")));
        List<Observation> points = points(json, "real-time");
        // With horizon 0 the first point is the current interval; later ones would be forecasts.
        return points.isEmpty() ? points : List.of(points.get(0));
    }

    @Override
    public List<Observation> range(Instant from, Instant to) throws FetchException {
        // Start one 5-minute period early so the point that covers 'from' is included; WattTime's ends are inclusive.
        Instant start = from.minus(5, ChronoUnit.MINUTES);
        Instant end = to.isAfter(from) ? to : from;
        JsonNode json = authorized(HttpFetcher.uri(base, "/v3/historical", HttpFetcher.query(
                "region", region, "signal_type", signalType, "start", start.toString(), "end", end.toString())));
        return points(json, "");
    }

    private List<Observation> points(JsonNode json, String detail) throws FetchException {
        JsonNode meta = JsonFields.object(json, "meta", PROVIDER);
        JsonNode r = meta.get("region");
        if (r == null || !r.isTextual()) {
            throw JsonFields.malformed(PROVIDER, "missing 'meta.region', so the location cannot be checked");
        }
        if (!r.asText().equals(region)) {
            throw JsonFields.otherLocation(PROVIDER, "region", r.asText(), region);
        }
        String units = JsonFields.text(meta, "units", PROVIDER);
        if (!units.equals("lbs_co2_per_mwh")) {
            throw new FetchException(PROVIDER + " answered in " + units + ", not lbs_co2_per_mwh");
        }
        JsonNode data = JsonFields.object(json, "data", PROVIDER);
        if (!data.isArray()) {
            throw JsonFields.malformed(PROVIDER, "'data' is not a list");
        }
        Duration period = period(meta, data);
        List<Observation> out = new ArrayList<>();
        for (JsonNode p : data) {
            Instant t = JsonFields.instant(p, "point_time", PROVIDER);
            CarbonIntensity v = JsonFields.intensity(p, "value", PROVIDER, CarbonIntensity::ofPoundsPerMwh);
            out.add(new Observation(t, period, v, detail.isEmpty() ? "MOER" : "MOER, " + detail));
        }
        out.sort((a, b) -> a.start().compareTo(b.start()));
        return out;
    }

    private static Duration period(JsonNode meta, JsonNode data) throws FetchException {
        JsonNode s = meta.get("data_point_period_seconds");
        if (s != null && s.isNumber() && s.asLong() > 0) {
            return Duration.ofSeconds(s.asLong());
        }
        throw JsonFields.malformed(PROVIDER, "missing 'meta.data_point_period_seconds', so the values' duration is unknown"
                + (data.size() > 0 ? "" : " (and no data)"));
    }

    private JsonNode authorized(URI uri) throws FetchException {
        login(false);
        try {
            return http.getJson(uri, Map.of("Authorization", "Bearer " + token.reveal()));
        } catch (FetchException e) {
            if (e.status() != 401) {
                throw e;
            }
            login(true); // the token may have been revoked early: one fresh login, then give up
            return http.getJson(uri, Map.of("Authorization", "Bearer " + token.reveal()));
        }
    }

    private void login(boolean force) throws FetchException {
        Instant now = clock.wallTime();
        if (!force && token != null && now.isBefore(tokenExpires)) {
            return;
        }
        JsonNode json;
        try {
            json = http.getJson(HttpFetcher.uri(base, "/login", Map.of()), Map.of("Authorization", basicAuth.reveal()));
        } catch (FetchException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new FetchException("login refused (HTTP " + e.status()
                        + "); check WATTTIME_USERNAME and WATTTIME_PASSWORD", e.status());
            }
            throw new FetchException("login failed: " + e.getMessage(), e.status());
        }
        JsonNode t = json.get("token");
        if (t == null || !t.isTextual() || t.asText().isBlank()) {
            throw JsonFields.malformed(PROVIDER, "login gave no 'token'");
        }
        token = Secret.of(t.asText(), "WattTime token");
        tokenExpires = now.plus(TOKEN_LIFETIME).minus(TOKEN_MARGIN);
    }
}
