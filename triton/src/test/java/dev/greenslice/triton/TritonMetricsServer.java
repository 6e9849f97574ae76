package dev.greenslice.triton;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Triton metrics endpoint on loopback for tests: serves a recorded Triton metrics page, with each GPU's
 * {@code nv_energy_consumption} and {@code nv_gpu_power_usage} lines rewritten from state the test drives
 * ({@link #run}: a GPU draws some watts for some time), and faults on demand (HTTP errors, malformed pages,
 * slow answers, a GPU or the energy metric missing, a server restart).
 */
final class TritonMetricsServer implements AutoCloseable {

    private static final Pattern GPU_LINE = Pattern.compile("^(nv_energy_consumption|nv_gpu_power_usage)\\{gpu_uuid=\"([^\"]+)\"} (\\S+)$");

    private final String template;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Double> energy = new LinkedHashMap<>();
    private final Map<String, Double> power = new LinkedHashMap<>();
    private final Set<String> hidden = new HashSet<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 200;
    private volatile String override;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean energyMetric = true;

    private TritonMetricsServer(String template) throws IOException {
        this.template = template;
        for (String line : template.split("\n")) {
            Matcher m = GPU_LINE.matcher(line);
            if (m.matches()) {
                (m.group(1).equals("nv_energy_consumption") ? energy : power).put(m.group(2), Double.parseDouble(m.group(3)));
            }
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "triton-metrics-test-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", this::handle);
        server.start();
    }

    /** Serves the recorded page {@code resource} (next to this class). */
    static TritonMetricsServer serving(String resource) {
        try (InputStream in = TritonMetricsServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new TritonMetricsServer(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TritonMetricsServer twoA100s() {
        return serving("triton-metrics-2xa100.txt");
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    /** The GPU draws {@code watts} for {@code time}: its counter advances and its power gauge reads {@code watts}. */
    synchronized TritonMetricsServer run(String uuid, double watts, Duration time) {
        if (!energy.containsKey(uuid)) {
            throw new IllegalArgumentException("no GPU " + uuid + " on the recorded page");
        }
        energy.put(uuid, energy.get(uuid) + watts * time.toNanos() / 1e9);
        power.put(uuid, watts);
        return this;
    }

    synchronized double energyOf(String uuid) {
        return energy.get(uuid);
    }

    /** Triton restarted: its energy counters start again from zero. */
    synchronized void restart() {
        energy.replaceAll((k, v) -> 0.0);
    }

    void answerWithStatus(int status) {
        this.status = status;
    }

    /** Serves {@code body} instead of the page (null to serve the page again). */
    void answerWithBody(String body) {
        this.override = body;
    }

    void answerAfter(Duration delay) {
        this.delay = delay;
    }

    /** Serves the page without {@code nv_energy_consumption}, as Triton does for GPUs without an energy counter. */
    void withoutEnergyMetric() {
        energyMetric = false;
    }

    synchronized void hide(String uuid) {
        hidden.add(uuid);
    }

    int requests() {
        return requests.get();
    }

    private synchronized String page() {
        StringBuilder b = new StringBuilder();
        for (String line : template.split("\n")) {
            if (!energyMetric && line.contains("nv_energy_consumption")) {
                continue;
            }
            Matcher m = GPU_LINE.matcher(line);
            if (m.matches()) {
                String uuid = m.group(2);
                if (hidden.contains(uuid)) {
                    continue;
                }
                double v = (m.group(1).equals("nv_energy_consumption") ? energy : power).get(uuid);
                // Triton prints these values with printf's %f.
                line = m.group(1) + "{gpu_uuid=\"" + uuid + "\"} " + String.format(Locale.ROOT, "%f", v);
            }
            b.append(line).append('\n');
        }
        return b.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String body = status != 200 ? "Internal Server Error" : override != null ? override : page();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
