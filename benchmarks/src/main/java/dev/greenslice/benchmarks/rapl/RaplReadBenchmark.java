package dev.greenslice.benchmarks.rapl;

import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.SensorReadout;
import dev.greenslice.rapl.RaplSensor;
import dev.greenslice.rapl.RaplUnavailableException;
import dev.greenslice.test.rapl.FakePowercapTree;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one sampler tick on a RAPL sensor: reading all five zones of a two-socket server's powercap
 * tree (two packages, two DRAM zones, psys) on tmpfs, with wraparound and plausibility checks; and the cost
 * of a metering window on a RAPL-backed meter in sampled mode (compare with {@code WindowBenchmark.window}).
 * The tree is the test kit's {@link FakePowercapTree#twoSocketServer}, in a folder on {@code /dev/shm} where
 * there is one, so that file reads cost what sysfs reads cost rather than disk I/O.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RaplReadBenchmark}. Target: {@code tick} under
 * 20 µs median ({@code p0.50} of the sample-time mode).
 */
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 1)
@Fork(1)
public class RaplReadBenchmark {

    /** The tree, a sensor on it and its readout, as the meter's sampler holds them. */
    @State(Scope.Thread)
    public static class Sensor {
        Path folder;
        RaplSensor sensor;
        SensorReadout readout;

        @Setup
        public void setUp() throws RaplUnavailableException {
            folder = tmpfsFolder();
            sensor = RaplSensor.at(FakePowercapTree.twoSocketServer(folder).powercapRoot());
            if (sensor.domains().size() != 5) {
                throw new IllegalStateException("expected 5 domains, got " + sensor.domains());
            }
            readout = new SensorReadout(sensor.domains());
        }

        @TearDown
        public void tearDown() {
            sensor.close();
            delete(folder);
        }
    }

    /** A sampled meter over the RAPL sensor, shared by all benchmark threads as in a server. */
    @State(Scope.Benchmark)
    public static class Meter {
        Path folder;
        CarbonMeter meter;

        @Setup
        public void setUp() throws RaplUnavailableException {
            folder = tmpfsFolder();
            meter = CarbonMeter.builder().sensor(RaplSensor.at(FakePowercapTree.twoSocketServer(folder).powercapRoot()))
                    .sampled(Duration.ofMillis(100)).build();
        }

        @TearDown
        public void tearDown() {
            meter.close();
            delete(folder);
        }
    }

    /** One sampler tick: every zone read once. */
    @Benchmark
    public SensorReadout tick(Sensor s) {
        s.readout.clear();
        s.sensor.read(s.readout);
        return s.readout;
    }

    /** Start and close of one window on the RAPL-backed meter (no I/O on the caller's thread). */
    @Benchmark
    public Measurement window(Meter m) {
        Measurement w = m.meter.start("request");
        w.close();
        return w;
    }

    /** A fresh folder on tmpfs ({@code /dev/shm}) where there is one, else in the default temporary folder. */
    static Path tmpfsFolder() {
        try {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "greenslice-rapl-")
                    : Files.createTempDirectory("greenslice-rapl-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the folder and the tree in it (links are deleted, not followed). */
    static void delete(Path folder) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
