package dev.greenslice.intensity.live;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.IntensitySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Function;

/**
 * The settings every live intensity provider's builder shares — where the API is, the timeout, the clock, the
 * fallback source, the back-off, how stale a cached value may be, the HTTP client — written once. Each
 * provider's builder ({@link ElectricityMapsIntensity.Builder}, {@link WattTimeIntensity.Builder},
 * {@link UkCarbonIntensity.Builder}) extends it with its own type as {@code B}, so that these setters return
 * that builder and chain into its own settings (credentials, zone, basis) and {@code build()}.
 *
 * <p>Each setting is checked as it is set: a bad value throws {@link IllegalArgumentException} (or
 * {@link NullPointerException} for null) at once, naming the value. Not thread-safe; build on one thread. Sealed:
 * only this module's providers extend it.
 *
 * @param <B> the provider's builder type, returned by every setter
 */
public abstract sealed class AbstractLiveIntensityBuilder<B extends AbstractLiveIntensityBuilder<B>>
        permits ElectricityMapsIntensity.Builder, WattTimeIntensity.Builder, UkCarbonIntensity.Builder {

    /** The shared settings, read by each provider when it is built. */
    final LiveOptions options;

    AbstractLiveIntensityBuilder(URI defaultBaseUrl) {
        this.options = new LiveOptions(defaultBaseUrl);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Where the API is; default the provider's public endpoint (its {@code DEFAULT_BASE_URL}). Tests point this
     * at a local server.
     *
     * @param baseUrl an absolute http(s) URL without query, fragment or user info
     * @return this builder
     * @throws IllegalArgumentException for any other URL
     */
    public B baseUrl(URI baseUrl) {
        options.baseUrl(baseUrl);
        return self();
    }

    /**
     * How long one request may take, connecting included; default 5 s.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException for a zero or negative timeout
     */
    public B timeout(Duration timeout) {
        options.timeout(timeout);
        return self();
    }

    /**
     * The clock that decides when a cached value has expired; default {@link Clock#system()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public B clock(Clock clock) {
        options.clock(clock);
        return self();
    }

    /**
     * The source to answer with when the API fails and no recent good value is cached, flagged as a fallback in
     * the factor's source; default none (then such a failure throws {@link IntensityUnavailableException}).
     *
     * @param fallback the source to fall back on
     * @return this builder
     */
    public B fallback(IntensitySource fallback) {
        options.fallback(fallback);
        return self();
    }

    /**
     * How long to wait after a failure before asking the API again; default 1 min.
     *
     * @param retryAfter positive
     * @return this builder
     * @throws IllegalArgumentException for a zero or negative duration
     */
    public B retryAfter(Duration retryAfter) {
        options.retryAfter(retryAfter);
        return self();
    }

    /**
     * How old (past its own interval) the last good value may be and still be preferred to the fallback source;
     * default 3 h. Without a fallback the last good value is used however old, flagged with its time.
     *
     * @param maxStaleness zero or more
     * @return this builder
     * @throws IllegalArgumentException for a negative duration
     */
    public B maxStaleness(Duration maxStaleness) {
        options.maxStaleness(maxStaleness);
        return self();
    }

    /**
     * The HTTP client to use (proxies, TLS settings); default one with the timeout and no redirects.
     *
     * @param client the client
     * @return this builder
     */
    public B httpClient(HttpClient client) {
        options.httpClient(client);
        return self();
    }

    /** Where environment variables are read from; tests substitute a map. */
    B environment(Function<String, String> environment) {
        options.environment(environment);
        return self();
    }
}
