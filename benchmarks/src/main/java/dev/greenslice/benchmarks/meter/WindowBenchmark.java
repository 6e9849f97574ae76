package dev.greenslice.benchmarks.meter;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.test.sensor.ConstantPowerSensor;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The cost of wrapping one request in a metering window (start + close) in sampled mode, against
 * Micrometer's {@code Timer.start()} / {@code sample.stop(timer)} in the same run; and the cost of
 * {@code report()} on a closed window.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar WindowBenchmark -prof gc} (add {@code -t 2}
 * for two threads). Targets: the window at most the Micrometer timer in time and allocation ({@code -prof gc},
 * {@code gc.alloc.rate.norm}); {@code report()} under 1 µs.
 */
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 1)
@Fork(1)
public class WindowBenchmark {

    /** One meter and one Micrometer timer shared by all benchmark threads, as in a server. */
    @State(Scope.Benchmark)
    public static class Meters {
        CarbonMeter meter;
        CarbonMeter shared;
        SimpleMeterRegistry registry;
        Timer timer;

        @Setup
        public void setUp() {
            meter = CarbonMeter.builder().sensor(ConstantPowerSensor.of("gpu:0", Power.ofWatts(250), Clock.system())).sampled(Duration.ofMillis(100)).build();
            shared = CarbonMeter.builder().sensor(ConstantPowerSensor.of("gpu:0", Power.ofWatts(250), Clock.system())).sampled(Duration.ofMillis(100))
                    .attributeSharedEnergy().build();
            registry = new SimpleMeterRegistry();
            timer = registry.timer("request");
        }

        @TearDown
        public void tearDown() {
            meter.close();
            shared.close();
            registry.close();
        }
    }

    /** A closed window whose report has not been computed yet. */
    @State(Scope.Thread)
    public static class ClosedWindow {
        Measurement window;

        @Setup(Level.Invocation)
        public void open(Meters meters) {
            window = meters.meter.start("request");
            window.close();
        }
    }

    @Benchmark
    public Measurement window(Meters meters) {
        Measurement m = meters.meter.start("request");
        m.close();
        return m;
    }

    /** The same in shared attribution: the window also announces its edges to the sampler's attribution. */
    @Benchmark
    public Measurement sharedWindow(Meters meters) {
        Measurement m = meters.shared.start("request");
        m.close();
        return m;
    }

    @Benchmark
    public Timer.Sample micrometerTimer(Meters meters) {
        Timer.Sample s = Timer.start(meters.registry);
        s.stop(meters.timer);
        return s;
    }

    @Benchmark
    public CarbonReport report(ClosedWindow closed) {
        return closed.window.report();
    }
}
