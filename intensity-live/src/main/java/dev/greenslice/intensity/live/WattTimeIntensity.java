package dev.greenslice.intensity.live;

import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.intensity.IntensitySource;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The live marginal carbon intensity of one WattTime region (API v3): the marginal operating emissions rate
 * (MOER, {@code co2_moer}) in lbs CO2/MWh, converted to gCO2e/kWh (1 lb/MWh = 0.4536 g/kWh), at WattTime's
 * 5-minute resolution. A MOER is what the plant responding to a change in load emits when it runs, so factors are
 * recorded as {@link IntensityBasis#DIRECT} and say "marginal" in their source; it answers "what does one more
 * kWh now emit", not the grid's average.
 *
 * <p>Logs in as v3 documents ({@code GET /login} with HTTP Basic credentials, a bearer token valid 30 minutes,
 * renewed before it expires and once after a 401), reads the current value from {@code /v3/forecast} with
 * {@code horizon_hours=0} and past values from {@code /v3/historical}. Both need a WattTime plan covering the
 * region; {@code CAISO_NORTH} is open to every account.
 *
 * <p>Caching, failure handling, staleness and fallback are as for {@link ElectricityMapsIntensity}: a failed
 * request never throws, the factor says which last good value or fallback it carries and why; with neither,
 * {@link IntensityUnavailableException}.
 *
 * <p>Credentials come from {@link Builder#credentials} or the {@value #USERNAME_VARIABLE} and
 * {@value #PASSWORD_VARIABLE} environment variables; neither they nor the bearer token appear in logs, exception
 * messages, factors or {@link #toString()}. Thread-safe; {@link #at} may block for up to the timeout per request
 * (a login and a data request) when it fetches.
 */
public final class WattTimeIntensity implements IntensitySource {

    /** The API's address. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.watttime.org");
    /** The environment variable read for the username when the builder is given none. */
    public static final String USERNAME_VARIABLE = "WATTTIME_USERNAME";
    /** The environment variable read for the password when the builder is given none. */
    public static final String PASSWORD_VARIABLE = "WATTTIME_PASSWORD";

    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final String region;
    private final String signalType;
    private final URI baseUrl;
    private final LiveCache cache;

    private WattTimeIntensity(Builder b, Secret username, Secret password) {
        this.region = b.region;
        this.signalType = b.signalType;
        this.baseUrl = b.options.baseUrl;
        List<Secret> configured = List.of(password);
        WattTimeFeed[] feed = new WattTimeFeed[1];
        java.util.function.Supplier<Collection<Secret>> secrets = () -> {
            List<Secret> all = new ArrayList<>(configured);
            if (feed[0] != null) {
                all.addAll(feed[0].derivedSecrets());
            }
            return all;
        };
        HttpFetcher http = new HttpFetcher(b.options.client(), b.options.timeout, secrets);
        feed[0] = new WattTimeFeed(baseUrl, region, signalType, username, password, http, b.options.clock);
        this.cache = new LiveCache(feed[0], b.options, secrets, LoggerFactory.getLogger(WattTimeIntensity.class));
    }

    /**
     * Starts configuring a source for one region.
     *
     * @param region a WattTime region abbreviation, e.g. {@code "CAISO_NORTH"}; there is no default location
     * @return a builder; credentials are read from the environment at {@code build()} unless given
     */
    public static Builder builder(String region) {
        return new Builder(region);
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
        return cache.describe("WattTime region " + region + " (live " + signalType + ", marginal)");
    }

    /** @return the region this source reports */
    public String region() {
        return region;
    }

    @Override
    public String toString() {
        return "WattTimeIntensity[region=" + region + ", signal=" + signalType + ", baseUrl=" + baseUrl
                + ", credentials=" + Secret.MASK + "]";
    }

    /** Configures a {@link WattTimeIntensity}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder extends AbstractLiveIntensityBuilder<Builder> {
        private final String region;
        private String signalType = "co2_moer";
        private String username;
        private String password;

        private Builder(String region) {
            super(DEFAULT_BASE_URL);
            Objects.requireNonNull(region, "region");
            if (!REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("WattTime region '" + region
                        + "' is not a region abbreviation; use one such as CAISO_NORTH (see /v3/my-access)");
            }
            this.region = region;
        }

        /**
         * The account's credentials; without them the environment variables are read at {@link #build()}.
         *
         * @param username the WattTime account name
         * @param password its password
         * @return this builder
         */
        public Builder credentials(String username, String password) {
            this.username = Secret.of(username, "WattTime username").reveal();
            this.password = Secret.of(password, "WattTime password").reveal();
            return this;
        }

        /**
         * {@code co2_moer} (default: marginal operating emissions rate) or {@code co2_aoer} (average operating
         * emissions rate); both in lbs CO2/MWh.
         *
         * @param signalType co2_moer or co2_aoer
         * @return this builder
         */
        public Builder signalType(String signalType) {
            Objects.requireNonNull(signalType, "signalType");
            if (!signalType.equals("co2_moer") && !signalType.equals("co2_aoer")) {
                throw new IllegalArgumentException("WattTime signal type '" + signalType
                        + "' is not a CO2 rate; use co2_moer or co2_aoer");
            }
            this.signalType = signalType;
            return this;
        }

        /**
         * Builds the source; nothing is fetched (no login) until a value is asked for.
         *
         * @return the source
         * @throws IllegalStateException if the username or password is neither given nor in the environment
         */
        public WattTimeIntensity build() {
            String u = options.credential(username, USERNAME_VARIABLE);
            String p = options.credential(password, PASSWORD_VARIABLE);
            if (u == null || p == null) {
                throw new IllegalStateException("WattTime needs an account: set the environment variables "
                        + USERNAME_VARIABLE + " and " + PASSWORD_VARIABLE + " or call .credentials(username, password) "
                        + "on the builder (missing: " + (u == null ? USERNAME_VARIABLE : "")
                        + (u == null && p == null ? ", " : "") + (p == null ? PASSWORD_VARIABLE : "") + ")");
            }
            return new WattTimeIntensity(this, Secret.of(u, "WattTime username"), Secret.of(p, "WattTime password"));
        }
    }
}
