package dev.greenslice.intensity.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server on 127.0.0.1 (ephemeral port) that replays scripted responses per path prefix and records
 * every request, standing in for a provider's API in tests. Replies for a path are served in order; the last one
 * repeats.
 */
final class ReplayServer implements AutoCloseable {

    record Reply(int status, String body, Duration delay, Map<String, String> headers) {
        static Reply json(String body) {
            return new Reply(200, body, Duration.ZERO, Map.of());
        }

        static Reply resource(String name) {
            return json(read(name));
        }

        static Reply status(int status, String body) {
            return new Reply(status, body, Duration.ZERO, Map.of());
        }

        Reply delayed(Duration d) {
            return new Reply(status, body, d, headers);
        }

        Reply withHeader(String name, String value) {
            return new Reply(status, body, delay, Map.of(name, value));
        }
    }

    record Request(String method, String path, String query, Map<String, List<String>> headers) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private ReplayServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "replay-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static ReplayServer start() {
        try {
            return new ReplayServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(String resource) {
        try (InputStream in = ReplayServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Scripts the replies for requests whose path starts with {@code pathPrefix} (the longest prefix wins). */
    ReplayServer on(String pathPrefix, Reply... replies) {
        scripts.put(pathPrefix, new ArrayDeque<>(List.of(replies)));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        requests.add(new Request(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders())));
        Reply reply = next(uri.getPath());
        try {
            if (!reply.delay().isZero()) {
                closing.await(reply.delay().toMillis(), TimeUnit.MILLISECONDS);
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the client timed out and closed the connection
        } finally {
            exchange.close();
        }
    }

    private Reply next(String path) {
        String best = null;
        for (String prefix : scripts.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best == null) {
            return Reply.status(404, "{\"message\":\"no recording for " + path + "\"}");
        }
        Deque<Reply> q = scripts.get(best);
        synchronized (q) {
            return q.size() > 1 ? q.poll() : q.peek();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
