package dev.greenslice.intensity.live;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.intensity.IntensitySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/** The settings every live provider's builder shares, with their validation. */
final class LiveOptions {

    URI baseUrl;
    Duration timeout = Duration.ofSeconds(5);
    Clock clock = Clock.system();
    IntensitySource fallback;
    Duration retryAfter = Duration.ofMinutes(1);
    Duration maxStaleness = Duration.ofHours(3);
    HttpClient httpClient;
    Function<String, String> environment = System::getenv;

    LiveOptions(URI defaultBaseUrl) {
        this.baseUrl = defaultBaseUrl;
    }

    void baseUrl(URI uri) {
        Objects.requireNonNull(uri, "baseUrl");
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("Base URL " + uri + " must be an absolute http(s) URL such as https://api.example.org");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Base URL " + uri.getScheme() + "://" + uri.getHost()
                    + "… must not carry a query, fragment or user info; give credentials to the builder");
        }
        this.baseUrl = uri;
    }

    void timeout(Duration d) {
        this.timeout = positive(d, "timeout");
    }

    void retryAfter(Duration d) {
        this.retryAfter = positive(d, "retryAfter");
    }

    void clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
    }

    void fallback(IntensitySource source) {
        this.fallback = Objects.requireNonNull(source, "fallback");
    }

    void httpClient(HttpClient client) {
        this.httpClient = Objects.requireNonNull(client, "client");
    }

    void environment(Function<String, String> variables) {
        this.environment = Objects.requireNonNull(variables, "environment");
    }

    void maxStaleness(Duration d) {
        Objects.requireNonNull(d, "maxStaleness");
        if (d.isNegative()) {
            throw new IllegalArgumentException("maxStaleness must not be negative, got " + d);
        }
        this.maxStaleness = d;
    }

    HttpClient client() {
        return httpClient != null ? httpClient : HttpFetcher.defaultClient(timeout);
    }

    /** A credential from the builder, else from the environment variable, else {@code null}. */
    String credential(String given, String variable) {
        if (given != null) {
            return given;
        }
        String env = environment.apply(variable);
        return env == null || env.isBlank() ? null : env.trim();
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }
}
