package dev.greenslice.benchmarks.meter;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.test.sensor.ConstantPowerSensor;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * What the JFR {@code dev.greenslice.EnergyWindow} event costs a metering window: {@link #window} runs with no
 * recording (the event is never created and no report is computed; compare with {@code WindowBenchmark.window}
 * before the events existed), {@link #windowWhileRecording} with a recording that enables the event, so every close
 * computes the window's report and commits one event.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar WindowJfrBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 1)
@Fork(1)
public class WindowJfrBenchmark {

    /** A meter in sampled mode, no recording. */
    @State(Scope.Benchmark)
    public static class Quiet {
        CarbonMeter meter;

        @Setup
        public void setUp() {
            meter = CarbonMeter.builder().sensor(ConstantPowerSensor.of("gpu:0", Power.ofWatts(250), Clock.system())).sampled(Duration.ofMillis(100)).build();
        }

        @TearDown
        public void tearDown() {
            meter.close();
        }
    }

    /** The same meter while an in-memory recording enables the window event. */
    @State(Scope.Benchmark)
    public static class Recorded {
        CarbonMeter meter;
        Recording recording;

        @Setup
        public void setUp() {
            recording = new Recording();
            recording.enable("dev.greenslice.EnergyWindow");
            recording.setToDisk(false);
            recording.setMaxSize(64L << 20);
            recording.start();
            meter = CarbonMeter.builder().sensor(ConstantPowerSensor.of("gpu:0", Power.ofWatts(250), Clock.system())).sampled(Duration.ofMillis(100)).build();
        }

        @TearDown
        public void tearDown() {
            meter.close();
            recording.close();
        }
    }

    @Benchmark
    public Measurement window(Quiet q) {
        Measurement m = q.meter.start("request");
        m.close();
        return m;
    }

    /** What the recorded window does without JFR: its report, computed right after close. */
    @Benchmark
    public Object windowAndReport(Quiet q) {
        Measurement m = q.meter.start("request");
        m.close();
        return m.report();
    }

    @Benchmark
    public Measurement windowWhileRecording(Recorded r) {
        Measurement m = r.meter.start("request");
        m.close();
        return m;
    }
}
