package dev.greenslice.intensity.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * GETs JSON from a provider with a timeout, turning every failure into a {@link FetchException} with a short,
 * credential-free reason.
 */
final class HttpFetcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SNIPPET = 160;

    private final HttpClient client;
    private final Duration timeout;
    private final Supplier<Collection<Secret>> secrets;

    HttpFetcher(HttpClient client, Duration timeout, Supplier<Collection<Secret>> secrets) {
        this.client = client;
        this.timeout = timeout;
        this.secrets = secrets;
    }

    static HttpClient defaultClient(Duration timeout) {
        return HttpClient.newBuilder()
                .connectTimeout(timeout)
                // Never follow redirects: a moved API is a configuration change to make explicitly, and
                // following one could carry credentials to another host.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Builds {@code base + path + ?query} with the query values URL-encoded. */
    static URI uri(URI base, String path, Map<String, String> query) {
        String b = base.toString();
        if (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        String q = query.isEmpty() ? "" : "?" + query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(b + path + q);
    }

    static Map<String, String> query(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A GET returning the parsed JSON body of a 2xx response. */
    JsonNode getJson(URI uri, Map<String, String> headers) throws FetchException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "application/json");
        headers.forEach(rb::header);
        HttpResponse<String> response;
        try {
            response = client.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new FetchException("timed out after " + Spans.human(timeout));
        } catch (ConnectException e) {
            throw new FetchException("cannot connect to " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + (e.getMessage() == null ? "" : " (" + redact(e.getMessage()) + ")"));
        } catch (IOException e) {
            throw new FetchException("request to " + uri.getHost() + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + redact(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while waiting for " + uri.getHost());
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status >= 300 && status < 400) {
            // The Location may carry credentials (user-info, a token in the query): only its place is shown.
            throw new FetchException("HTTP " + status + " redirect to "
                    + redact(response.headers().firstValue("Location").map(HttpFetcher::place).orElse("?"))
                    + "; set the base URL to the new address", status);
        }
        if (status < 200 || status >= 300) {
            String why = switch (status) {
                case 401, 403 -> " (credentials rejected or no access)";
                case 404 -> " (not found)";
                case 429 -> " (rate limited)";
                default -> "";
            };
            String detail = snippet(body);
            throw new FetchException("HTTP " + status + why + (detail.isEmpty() ? "" : ": " + detail), status);
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new FetchException("malformed response: empty body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new FetchException("malformed response: not JSON (" + snippet(body) + ")");
        } catch (RuntimeException e) {
            // Jackson's own limits (nesting depth, number length): the body is malformed, its text not shown.
            throw new FetchException("malformed response: " + e.getClass().getSimpleName());
        }
    }

    /** A URL's scheme, host, port and path: no user-info, query or fragment; "?" if it is not a URL. */
    static String place(String location) {
        try {
            URI u = URI.create(location.trim());
            if (u.getHost() == null) {
                return u.getRawPath() == null || u.getRawPath().isEmpty() ? "?" : "path " + u.getRawPath();
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "")
                    + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (IllegalArgumentException notAUri) {
            return "an address that is not a URL";
        }
    }

    /** The error message a provider put in its body, or the start of the body; never a credential. */
    private String snippet(String body) {
        String text = body;
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null) {
                for (String field : new String[]{"message", "error", "detail"}) {
                    JsonNode f = n.get(field);
                    if (f != null && f.isTextual()) {
                        text = f.asText();
                        break;
                    }
                    if (f != null && f.isObject() && f.get("message") != null) {
                        text = f.get("message").asText();
                        break;
                    }
                }
            }
        } catch (JsonProcessingException notJson) {
            // keep the raw text
        }
        text = text.replaceAll("\\s+", " ").trim();
        if (text.length() > SNIPPET) {
            text = text.substring(0, SNIPPET) + "…";
        }
        return redact(text);
    }

    private String redact(String s) {
        return Secret.redact(s, secrets.get());
    }
}
