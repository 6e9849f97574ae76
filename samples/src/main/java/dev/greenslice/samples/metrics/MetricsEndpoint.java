package dev.greenslice.samples.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Prometheus scrape endpoint: serves a {@link PrometheusMeterRegistry} at {@code /metrics} with the JDK's
 * built-in HTTP server, in the Prometheus text format (0.0.4), or OpenMetrics 1.0 when the scraper's
 * {@code Accept} header asks for it.
 *
 * <p>Other paths answer 404 and methods other than GET and HEAD 405. One daemon thread serves requests;
 * {@link #close()} stops the server and is idempotent. Bind it to loopback unless the metrics may be read
 * by anyone who can reach the port: they carry no credentials but do describe the host.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The content type of the Prometheus text format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** The content type of OpenMetrics text. */
    public static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusMeterRegistry registry;
    private volatile boolean closed;

    private MetricsEndpoint(HttpServer server, ExecutorService executor, PrometheusMeterRegistry registry) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
    }

    /**
     * Starts serving {@code registry} at {@code http://address/metrics}.
     *
     * @param registry the registry to serve
     * @param address where to listen, e.g. {@code new InetSocketAddress(InetAddress.getLoopbackAddress(), 9464)};
     *                port 0 picks a free port
     * @return the running endpoint
     * @throws IOException if the address cannot be bound (the message names it)
     */
    public static MetricsEndpoint start(PrometheusMeterRegistry registry, InetSocketAddress address) throws IOException {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(address, "address");
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IOException("Cannot serve metrics on " + address + " (" + e.getMessage()
                    + "); choose another port, or 0 for any free port", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "greenslice-metrics-endpoint");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        MetricsEndpoint endpoint = new MetricsEndpoint(server, executor, registry);
        server.createContext("/", endpoint::handle);
        server.start();
        return endpoint;
    }

    /** @return the scrape URL, e.g. {@code http://127.0.0.1:9464/metrics} */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/metrics");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not found: metrics are served at /metrics\n", true);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "Method " + method + " not allowed; use GET\n", true);
                return;
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
            String contentType = openMetrics ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
            send(exchange, 200, contentType, registry.scrape(contentType), !method.equals("HEAD"));
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body, boolean withBody)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, withBody ? bytes.length : -1);
        if (withBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops serving. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "MetricsEndpoint[" + uri() + "]";
    }
}
