package dev.greenslice.intensity.live;

import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.intensity.IntensitySource;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The live carbon intensity of one Electricity Maps zone (API v3 {@code carbon-intensity/latest} and
 * {@code /history}), lifecycle by default, in gCO2e/kWh at hourly resolution.
 *
 * <p>A value is fetched when first needed and reused while it holds (its hour); instants in the last 24 hours
 * come from the history endpoint. A request that fails (HTTP error, timeout, malformed body, an answer for another
 * zone) does not throw: the factor carries the last good value, or the configured fallback source, with the
 * failure stated in its source text, e.g. {@code "… (stale: last good value from 2024-05-01T12:00:00Z, refresh
 * failed: HTTP 503)"}; with neither, {@link IntensityUnavailableException}. After a failure no request is made
 * for {@code retryAfter} (default 1 min). Instants older than 24 hours fail with an
 * {@link IllegalArgumentException}: the history endpoint reaches no further.
 *
 * <p>The API token comes from {@link Builder#token} or the {@value #TOKEN_VARIABLE} environment variable and
 * never appears in logs, exception messages, factors or {@link #toString()}.
 *
 * <p>Thread-safe. {@link #at} and {@link #changesBetween} may block for up to the timeout (default 5 s) when they
 * fetch; they never fetch while a valid value is cached.
 */
public final class ElectricityMapsIntensity implements IntensitySource {

    /** The API's address. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.electricitymap.org");
    /** The environment variable read for the API token when the builder is given none. */
    public static final String TOKEN_VARIABLE = "ELECTRICITYMAPS_TOKEN";

    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final String zone;
    private final IntensityBasis basis;
    private final URI baseUrl;
    private final LiveCache cache;

    private ElectricityMapsIntensity(Builder b, Secret token) {
        this.zone = b.zone;
        this.basis = b.basis;
        this.baseUrl = b.options.baseUrl;
        List<Secret> secrets = List.of(token);
        HttpFetcher http = new HttpFetcher(b.options.client(), b.options.timeout, () -> secrets);
        ElectricityMapsFeed feed = new ElectricityMapsFeed(baseUrl, zone, basis, token, http);
        this.cache = new LiveCache(feed, b.options, () -> secrets, LoggerFactory.getLogger(ElectricityMapsIntensity.class));
    }

    /**
     * @param zone an Electricity Maps zone id, e.g. {@code "DE"}, {@code "US-CAL-CISO"}, {@code "SE-SE3"}; there is
     *             no default location
     * @return a builder; the token is read from the environment at {@code build()} unless given
     */
    public static Builder builder(String zone) {
        return new Builder(zone);
    }

    @Override
    public IntensityFactor at(Instant instant) {
        return cache.at(instant);
    }

    @Override
    public List<Instant> changesBetween(Instant from, Instant to) {
        return cache.changesBetween(from, to);
    }

    /** @return the factor now, by the configured clock */
    public IntensityFactor current() {
        return cache.current();
    }

    @Override
    public String description() {
        return cache.describe("Electricity Maps zone " + zone + " (live, " + basis.name().toLowerCase(Locale.ROOT) + ")");
    }

    /** @return the zone this source reports */
    public String zone() {
        return zone;
    }

    /** @return lifecycle or direct, as requested of the API */
    public IntensityBasis basis() {
        return basis;
    }

    @Override
    public String toString() {
        return "ElectricityMapsIntensity[zone=" + zone + ", basis=" + basis.name().toLowerCase(Locale.ROOT)
                + ", baseUrl=" + baseUrl + ", token=" + Secret.MASK + "]";
    }

    /** Configures an {@link ElectricityMapsIntensity}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder extends AbstractLiveIntensityBuilder<Builder> {
        private final String zone;
        private IntensityBasis basis = IntensityBasis.LIFECYCLE;
        private String token;

        private Builder(String zone) {
            super(DEFAULT_BASE_URL);
            Objects.requireNonNull(zone, "zone");
            if (!ZONE.matcher(zone).matches()) {
                throw new IllegalArgumentException("Electricity Maps zone '" + zone
                        + "' is not a zone id; use one such as DE, FR, US-CAL-CISO (see /v3/zones)");
            }
            this.zone = zone;
        }

        /**
         * The API token; without it, {@value #TOKEN_VARIABLE} is read at {@link #build()}.
         *
         * @param apiToken the token Electricity Maps issued
         * @return this builder
         */
        public Builder token(String apiToken) {
            this.token = Secret.of(apiToken, "Electricity Maps token").reveal();
            return this;
        }

        /**
         * Lifecycle (default, Electricity Maps' own default) or direct factors.
         *
         * @param basis lifecycle or direct
         * @return this builder
         */
        public Builder basis(IntensityBasis basis) {
            this.basis = Objects.requireNonNull(basis, "basis");
            return this;
        }

        /**
         * Builds the source; nothing is fetched until a value is asked for.
         *
         * @return the source
         * @throws IllegalStateException if no token was given and {@value #TOKEN_VARIABLE} is unset
         */
        public ElectricityMapsIntensity build() {
            String t = options.credential(token, TOKEN_VARIABLE);
            if (t == null) {
                throw new IllegalStateException("Electricity Maps needs an API token: set the environment variable "
                        + TOKEN_VARIABLE + " or call .token(...) on the builder (get one at https://portal.electricitymaps.com)");
            }
            return new ElectricityMapsIntensity(this, Secret.of(t, "Electricity Maps token"));
        }
    }
}
