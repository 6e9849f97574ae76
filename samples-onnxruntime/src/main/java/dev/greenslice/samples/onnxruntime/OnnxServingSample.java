package dev.greenslice.samples.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.FunctionalUnitReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.CpuTimeSensor;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Runnable sample: ONNX Runtime serving a model it builds itself ({@link TinyMlp}), metered with a
 * {@link CarbonMeter} window per request (unbatched) or per batch, reporting energy and carbon per request.
 *
 * <pre>
 * ./mvnw -q -pl samples-onnxruntime -am package -DskipTests
 * java -jar samples-onnxruntime/target/greenslice-onnxruntime.jar [REQUESTS] [BATCH]
 * </pre>
 *
 * <p>The session runs with one intra-op thread, so ONNX Runtime computes on the caller's thread, and
 * {@link #main} meters that thread's CPU time ({@link #cpuTimeOf(Thread)}: nanosecond resolution, where the
 * process-wide CPU time the JVM reports advances in 10 ms ticks on Linux and would read 0 J for most single
 * requests) in synchronous mode on a gas-fired grid. Pass a meter over RAPL or NVML sensors to {@link #serve}
 * where they are readable. ONNX Runtime's native library comes from its Maven artifact; nothing is downloaded.
 * In a JVM that also uses DJL's ONNX Runtime engine, let DJL create the ONNX Runtime environment first: it
 * refuses to start on one created before it.
 *
 * <p>Not thread-safe: one serving loop at a time. {@link #close()} releases the session; idempotent.
 */
public final class OnnxServingSample implements AutoCloseable {

    private final TinyMlp model;
    private final OrtEnvironment env;
    private final OrtSession session;
    private boolean closed;

    private OnnxServingSample(TinyMlp model, OrtEnvironment env, OrtSession session) {
        this.model = model;
        this.env = env;
        this.session = session;
    }

    /**
     * Loads {@code model} into an ONNX Runtime session.
     *
     * @param model the model to serve
     * @return the loaded sample
     * @throws OrtException if ONNX Runtime cannot load its native library or the model
     */
    public static OnnxServingSample load(TinyMlp model) throws OrtException {
        Objects.requireNonNull(model, "model");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            return new OnnxServingSample(model, env, env.createSession(model.toOnnx(), options));
        }
    }

    /** @return the version of the ONNX Runtime native library in use */
    public String runtimeVersion() {
        return env.getVersion();
    }

    /**
     * Runs the model on a batch.
     *
     * @param batch rows of {@link TinyMlp#inputs()} values
     * @return one output row per input row
     * @throws OrtException if ONNX Runtime fails
     */
    public float[][] infer(float[][] batch) throws OrtException {
        if (closed) {
            throw new IllegalStateException("The ONNX Runtime session is closed");
        }
        try (OnnxTensor x = OnnxTensor.createTensor(env, batch);
             OrtSession.Result result = session.run(Map.of(TinyMlp.INPUT, x))) {
            OnnxValue y = result.get(TinyMlp.OUTPUT).orElseThrow(
                    () -> new IllegalStateException("The model returned no output '" + TinyMlp.OUTPUT + "'"));
            return (float[][]) y.getValue();
        }
    }

    /**
     * Serves {@code requests} in order, {@code batchSize} per model call, with a metering window around each
     * call (so per request when {@code batchSize} is 1) and one around the whole loop.
     *
     * @param meter     the meter to open windows on
     * @param requests  one input row per request
     * @param batchSize requests per model call, {@code >= 1}; the last batch may be smaller
     * @return the windows' reports and the outputs
     * @throws IllegalArgumentException for an empty request list or a batch size below 1
     * @throws OrtException             if ONNX Runtime fails
     */
    public ServingRun serve(CarbonMeter meter, float[][] requests, int batchSize) throws OrtException {
        Objects.requireNonNull(meter, "meter");
        if (requests.length == 0) {
            throw new IllegalArgumentException("No requests to serve");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be >= 1, got " + batchSize);
        }
        String kind = batchSize == 1 ? "request" : "batch";
        List<Measurement> windows = new ArrayList<>();
        float[][] outputs = new float[requests.length][];
        Measurement loop = meter.start(batchSize == 1 ? "unbatched loop" : "batched loop (" + batchSize + ")");
        try (loop) {
            for (int from = 0; from < requests.length; from += batchSize) {
                float[][] batch = Arrays.copyOfRange(requests, from, Math.min(requests.length, from + batchSize));
                Measurement w = meter.start(kind + " " + windows.size());
                float[][] y;
                try (w) {
                    y = infer(batch);
                }
                windows.add(w);
                System.arraycopy(y, 0, outputs, from, y.length);
            }
        }
        List<CarbonReport> reports = windows.stream().map(Measurement::report).toList();
        return new ServingRun(batchSize, requests.length, loop.report(), reports, outputs);
    }

    /**
     * An energy sensor for the CPU time of {@code thread} (read from any thread, in nanoseconds) × the power
     * per hardware thread of this machine's CPU ({@link CpuTimeSensor.Builder}'s table or default).
     * An estimate, as every CPU-time sensor is; it sees only work done on that thread.
     *
     * @param thread the thread whose CPU time to read, e.g. the serving thread
     * @return a sensor with one domain, {@code cpu:process}
     * @throws IllegalStateException if this JVM cannot read a thread's CPU time
     */
    public static CpuTimeSensor cpuTimeOf(Thread thread) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("This JVM cannot read a thread's CPU time; use CpuTimeSensor.builder().open()");
        }
        if (!threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        long id = thread.getId();
        return CpuTimeSensor.builder().cpuNanos(() -> threads.getThreadCpuTime(id)).openOrThrow();
    }

    /**
     * Random requests for the model, from a seeded generator.
     *
     * @param count how many rows
     * @param seed  the generator's seed
     * @return {@code count} rows of {@link TinyMlp#inputs()} values in [-1, 1)
     */
    public float[][] requests(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] r = new float[count][model.inputs()];
        for (float[] row : r) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextDouble(-1, 1);
            }
        }
        return r;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                // Closing releases native memory; a failure leaves nothing for the caller to do.
            }
        }
    }

    /**
     * Serves requests unbatched and batched and prints energy and carbon per request.
     *
     * @param args optional request count (default 2048) and batch size (default 32)
     * @throws OrtException if ONNX Runtime fails
     */
    public static void main(String[] args) throws OrtException {
        int count = args.length > 0 ? parse(args[0], "request count", 1, 10_000_000) : 2048;
        int batch = args.length > 1 ? parse(args[1], "batch size", 1, 65_536) : 32;
        run(count, batch, System.out);
    }

    static void run(int count, int batch, PrintStream out) throws OrtException {
        TinyMlp model = TinyMlp.standard();
        CpuTimeSensor sensor = cpuTimeOf(Thread.currentThread());
        try (OnnxServingSample sample = load(model);
             CarbonMeter meter = CarbonMeter.builder().sensor(sensor)
                     .intensity(CarbonIntensities.of(EnergySource.GAS)).synchronous().build()) {
            out.println("ONNX Runtime " + sample.runtimeVersion() + ", model " + model + " built in-process, "
                    + "metered with the CPU time of the serving thread");
            float[][] requests = sample.requests(count, 1);
            sample.serve(meter, sample.requests(Math.min(count, 256), 2), batch); // warm-up, not reported
            for (int b : batch == 1 ? new int[] {1} : new int[] {1, batch}) {
                ServingRun run = sample.serve(meter, requests, b);
                FunctionalUnitReport per = run.perRequest();
                out.printf(Locale.ROOT, "%-14s %6d requests, %5d windows: %s/request, %s/request (operational %s)%n",
                        b == 1 ? "unbatched" : "batches of " + b, run.requests(), run.windows().size(),
                        per.energyPerUnit(), per.carbonPerUnit().value(), per.operationalPerUnit().value());
            }
            out.println("Energy is the serving thread's CPU time × " + sensor.powerPerThread()
                    + " per hardware thread (an estimate); use RAPL or NVML sensors where readable.");
        }
    }

    private static int parse(String value, String what, int min, int max) {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("The " + what + " must be a whole number from " + min + " to " + max
                + ", got '" + value + "'");
    }
}
