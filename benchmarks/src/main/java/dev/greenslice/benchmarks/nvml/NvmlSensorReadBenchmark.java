package dev.greenslice.benchmarks.nvml;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.greenslice.carbon.sensor.SensorReadout;
import dev.greenslice.nvml.NvmlOptions;
import dev.greenslice.nvml.NvmlSensor;
import dev.greenslice.nvml.NvmlSensors;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one {@link NvmlSensor} energy read costs through the binding, against the simulated libnvidia-ml, next to
 * a bare JNA direct call in the same run: to a no-op C function of the same shape ({@code int f(void*, void*)}),
 * and to the simulator's {@code nvmlDeviceGetTotalEnergyConsumption} itself. Target: the sensor read costs
 * under 1.5x the bare no-op call.
 *
 * <p>The build compiles the simulator into {@code benchmarks/target/nvml-sim/} (it needs a C compiler). Run from
 * the repository root:
 * {@code java -jar benchmarks/target/benchmarks.jar NvmlSensorReadBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s};
 * elsewhere, name the library with {@code -jvmArgsAppend -Dgreenslice.nvml.sim.library=PATH}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NvmlSensorReadBenchmark {

    /** The simulator's scenario hook and the NVML handle lookup, by interface mapping (setup only). */
    public interface Sim extends Library {
        int simReset(String path);

        String simLastError();

        int nvmlInit_v2();

        int nvmlShutdown();

        int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);
    }

    /** Bare JNA direct calls into the same library. */
    public static final class Bare {
        private Bare() {
        }

        public static native int simNoop(Pointer a, Pointer b);

        public static native int nvmlDeviceGetTotalEnergyConsumption(Pointer device, Pointer energy);
    }

    private NvmlSensor sensor;
    private SensorReadout readout;
    private Sim sim;
    private Pointer device;
    private final Memory out = new Memory(8);

    static Path library() {
        String named = System.getProperty("greenslice.nvml.sim.library");
        List<Path> candidates = named != null ? List.of(Path.of(named))
                : List.of(Path.of("benchmarks/target/nvml-sim/libnvidia-ml-sim.so"),
                Path.of("target/nvml-sim/libnvidia-ml-sim.so"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new IllegalStateException("The simulated libnvidia-ml is not at " + candidates + "; build it with "
                + "./mvnw -q -pl benchmarks -am package -DskipTests (needs a C compiler) or name it with "
                + "-jvmArgsAppend -Dgreenslice.nvml.sim.library=PATH");
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String lib = library().toString();
        // The JVM's NVML (the system property) gets the binding's direct mapping, as in production.
        System.setProperty(NvmlOptions.LIBRARY_PROPERTY, lib);
        sim = Native.load(lib, Sim.class);
        Path scenario = Files.createTempFile("nvml-bench", ".txt");
        Files.writeString(scenario, "device A100-SXM4-80GB\n  power 0:250000\n");
        if (sim.simReset(scenario.toString()) != 0) {
            throw new IllegalStateException(sim.simLastError());
        }
        Files.delete(scenario);
        sensor = NvmlSensors.builder().migDomains(false).build();
        readout = new SensorReadout(sensor.domains());
        Native.register(Bare.class, NativeLibrary.getInstance(lib));
        sim.nvmlInit_v2();
        PointerByReference h = new PointerByReference();
        sim.nvmlDeviceGetHandleByIndex_v2(0, h);
        device = h.getValue();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sensor.close();
        sim.nvmlShutdown();
    }

    /** One energy read of one board through NvmlSensor: the driver call, the error check, the readout. */
    @Benchmark
    public double sensorRead() {
        sensor.read(readout);
        return readout.value(0);
    }

    /** A bare JNA direct call to a C function that does nothing: the floor. */
    @Benchmark
    public int bareNoopCall() {
        return Bare.simNoop(device, out);
    }

    /** A bare JNA direct call to the simulator's energy function: the floor plus the simulator's own work. */
    @Benchmark
    public int bareEnergyCall() {
        return Bare.nvmlDeviceGetTotalEnergyConsumption(device, out);
    }
}
