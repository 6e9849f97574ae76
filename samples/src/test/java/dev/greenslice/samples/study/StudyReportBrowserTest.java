package dev.greenslice.samples.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The study report in a real browser: headless Chromium (Debian's {@code chromium}) loads {@code index.html} from a
 * loopback server inside a same-origin harness page, which records whether every image loaded and where the verdict
 * sits in a 1280 × 800 window. Skipped where Chromium is not installed, except in CI ({@code CI=true}), whose
 * {@code .ci/run} installs it. Screenshots are never written into the repository.
 */
class StudyReportBrowserTest {

    private static final String HARNESS = """
            <!DOCTYPE html><html><body style="margin:0">
            <iframe id="f" src="index.html" style="width:1280px;height:800px;border:0"></iframe>
            <script>
            const f = document.getElementById('f');
            f.addEventListener('load', () => {
              const d = f.contentDocument;
              const imgs = Array.from(d.images);
              const check = () => {
                const bad = imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'));
                const v = d.getElementById('verdict');
                const r = v ? v.getBoundingClientRect() : null;
                const out = {images: imgs.length, broken: bad, verdict: v !== null,
                  verdictTop: r ? r.top : -1, verdictBottom: r ? r.bottom : -1,
                  verdictText: v ? v.innerText.length : 0, viewport: f.contentWindow.innerHeight,
                  assumptions: d.getElementById('assumptions') !== null};
                const pre = document.createElement('pre');
                pre.id = 'result';
                pre.textContent = 'RESULT' + JSON.stringify(out) + 'END';
                document.body.appendChild(pre);
              };
              Promise.all(imgs.map(i => i.complete ? Promise.resolve()
                  : new Promise(res => { i.onload = res; i.onerror = res; }))).then(check);
            });
            </script></body></html>
            """;

    private static Optional<Path> chromium() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(Path.of(p));
            }
        }
        return Optional.empty();
    }

    @Test
    void theReportRendersEveryImageAndShowsTheVerdictOnTheFirstScreen(@TempDir Path tmp) throws Exception {
        Optional<Path> browser = chromium();
        if (browser.isEmpty()) {
            assertTrue(!"true".equals(System.getenv("CI")), "CI must have Chromium: .ci/run installs Debian's chromium");
            Assumptions.abort("Chromium is not installed (apt-get install chromium)");
        }
        Path dir = tmp.resolve("report");
        StudyResults r = CoLocationStudy.embedded().run(StudyGrid.full(), line -> { });
        StudyReport report = StudyReport.in(dir);
        report.drawCharts(r);
        report.write(r, StudyFindings.derive(r), Optional.empty());
        Files.writeString(dir.resolve("harness.html"), HARNESS, StandardCharsets.UTF_8);

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            exchange.getResponseHeaders().set("Content-Type", name.endsWith(".png") ? "image/png"
                    : name.endsWith(".json") ? "application/json" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/harness.html";
            List<String> cmd = new ArrayList<>(List.of(browser.get().toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions",
                    "--user-data-dir=" + tmp.resolve("profile"), "--window-size=1300,900", "--enable-logging=stderr",
                    "--v=0", "--virtual-time-budget=15000", "--dump-dom", url));
            Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("chromium.err").toFile()).start();
            String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "Chromium did not finish");
            String err = Files.readString(tmp.resolve("chromium.err"));
            Matcher m = Pattern.compile("RESULT(\\{.*?\\})END", Pattern.DOTALL).matcher(dom);
            assertTrue(m.find(), "the harness reported nothing; Chromium's stderr:\n" + tail(err));
            JsonNode result = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\""));
            assertTrue(result.get("images").asInt() >= 8, result.toString());
            assertEquals(0, result.get("broken").size(), "images that did not load: " + result);
            assertTrue(result.get("verdict").asBoolean(), result.toString());
            assertTrue(result.get("verdictText").asInt() > 100, result.toString());
            assertTrue(result.get("verdictBottom").asDouble() <= result.get("viewport").asDouble(),
                    "the whole verdict is on the first screen: " + result);
            assertTrue(result.get("assumptions").asBoolean(), result.toString());
            // Console errors of the page: Chromium logs them to stderr as CONSOLE lines at level ERROR.
            List<String> consoleErrors = err.lines().filter(l -> l.contains("CONSOLE") && l.contains(":ERROR:")
                    || l.contains("Uncaught")).toList();
            assertEquals(List.of(), consoleErrors, "console errors");
        } finally {
            server.stop(0);
        }
    }

    private static String tail(String s) {
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

}
