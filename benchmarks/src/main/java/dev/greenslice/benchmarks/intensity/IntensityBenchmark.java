package dev.greenslice.benchmarks.intensity;

import com.sun.net.httpserver.HttpServer;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.intensity.IntensityTrace;
import dev.greenslice.intensity.live.UkCarbonIntensity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a meter's report pays for carbon intensity: a lookup in a year-long hourly trace (a random hour, and the
 * same hour again, which reuses the factor built last), the carbon of a
 * 90-minute window split at two hour boundaries, and a cache hit on a live provider (the UK API replayed from a
 * loopback server, so the benchmark measures the cache, never the network).
 * Run: {@code java -jar benchmarks/target/benchmarks.jar IntensityBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IntensityBenchmark {

    private static final Instant YEAR = Instant.parse("2023-01-01T00:00:00Z");
    private static final int PROBES = 1024;

    private IntensityTrace year;
    private final Instant[] probes = new Instant[PROBES];
    private int next;
    private HttpServer server;
    private UkCarbonIntensity live;
    private Instant liveNow;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        TreeMap<Instant, CarbonIntensity> points = new TreeMap<>();
        for (int h = 0; h < 8760; h++) {
            points.put(YEAR.plus(h, ChronoUnit.HOURS), CarbonIntensity.ofGramsPerKwh(200 + 150 * Math.sin(h / 12.0)));
        }
        year = IntensityTrace.of(points, IntensityBasis.LIFECYCLE, "benchmark year");
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < PROBES; i++) {
            probes[i] = YEAR.plusSeconds((long) (r.nextDouble() * (8760L * 3600 - 2 * 3600)));
        }

        // A loopback stand-in for the UK API: one half-hour that covers "now".
        Instant now = Instant.now();
        Instant from = now.truncatedTo(ChronoUnit.HOURS).plus(now.atZone(java.time.ZoneOffset.UTC).getMinute() >= 30 ? 30 : 0,
                ChronoUnit.MINUTES);
        String body = "{\"data\":[{\"from\":\"" + from.toString().replace(":00Z", "Z") + "\",\"to\":\""
                + from.plus(30, ChronoUnit.MINUTES).toString().replace(":00Z", "Z")
                + "\",\"intensity\":{\"forecast\":150,\"actual\":148,\"index\":\"moderate\"}}]}";
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        live = UkCarbonIntensity.nationalBuilder()
                .baseUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .clock(Clock.system()).timeout(Duration.ofSeconds(5)).build();
        liveNow = now;
        live.at(liveNow); // prime the cache
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.stop(0);
    }

    private Instant probe() {
        Instant t = probes[next];
        next = (next + 1) & (PROBES - 1);
        return t;
    }

    @Benchmark
    public IntensityFactor traceAt() {
        return year.at(probe());
    }

    @Benchmark
    public IntensityFactor traceAtSameHour() {
        return year.at(probes[0]);
    }

    @Benchmark
    public CarbonFigure traceCarbonOf90Minutes() {
        Instant from = probe();
        return year.carbonOf(Energy.ofKilowattHours(1), from, from.plus(90, ChronoUnit.MINUTES));
    }

    @Benchmark
    public IntensityFactor liveCacheHit() {
        return live.at(liveNow);
    }
}
