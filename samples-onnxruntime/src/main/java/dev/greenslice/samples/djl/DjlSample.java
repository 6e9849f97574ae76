package dev.greenslice.samples.djl;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.samples.onnxruntime.OnnxServingSample;
import dev.greenslice.samples.onnxruntime.TinyMlp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Runnable sample: DJL with its ONNX Runtime engine serving the sample's {@link TinyMlp}, every call metered by
 * a {@link MeteredPredictor}.
 *
 * <pre>
 * java -cp samples-onnxruntime/target/greenslice-onnxruntime.jar dev.greenslice.samples.djl.DjlSample [REQUESTS]
 * </pre>
 *
 * <p>The model runs with one ONNX Runtime thread, on the caller's thread, whose CPU time the sample meters
 * ({@link OnnxServingSample#cpuTimeOf(Thread)}). DJL runs offline here ({@code ai.djl.offline=true} unless set otherwise): its ONNX Runtime engine uses the
 * native library bundled in the {@code com.microsoft.onnxruntime:onnxruntime} jar and the model is loaded from
 * a local file, so nothing is downloaded.
 */
public final class DjlSample {

    private DjlSample() {
    }

    /** What {@link #run} measured. */
    record Result(List<MeteredPrediction> single, MeteredPrediction batch, List<float[]> outputs, float[][] inputs) {
    }

    /**
     * Serves {@code requests} random rows one call each, then all of them in one {@code batchPredict}, on DJL's
     * ONNX Runtime engine, with {@code meter}'s windows around every call.
     *
     * @param modelDir a writable directory for the model file
     */
    static Result run(Path modelDir, CarbonMeter meter, int requests)
            throws IOException, ModelNotFoundException, MalformedModelException, TranslateException {
        Objects.requireNonNull(meter, "meter");
        if (requests < 1) {
            throw new IllegalArgumentException("Serve at least one request, got " + requests);
        }
        TinyMlp mlp = TinyMlp.standard();
        Criteria<float[], float[]> criteria = criteria(modelDir, mlp);
        float[][] inputs = inputs(mlp, requests);
        List<MeteredPrediction> calls = new ArrayList<>();
        List<float[]> outputs = new ArrayList<>();
        try (ZooModel<float[], float[]> model = criteria.loadModel();
             Predictor<float[], float[]> raw = model.newPredictor();
             MeteredPredictor<float[], float[]> predictor = MeteredPredictor.wrap(raw, meter, "tiny-mlp", calls::add)) {
            for (float[] row : inputs) {
                outputs.add(predictor.predict(row));
            }
            List<float[]> batched = predictor.batchPredict(List.of(inputs));
            if (batched.size() != requests) {
                throw new IllegalStateException("batchPredict returned " + batched.size() + " rows for " + requests);
            }
        }
        return new Result(calls.subList(0, requests), calls.get(requests), outputs, inputs);
    }

    /** DJL criteria for {@code mlp} on the ONNX Runtime engine, the model written to {@code modelDir}. */
    static Criteria<float[], float[]> criteria(Path modelDir, TinyMlp mlp) throws IOException {
        // A new file only, never through a link someone planted at the name.
        Path file = Files.write(modelDir.resolve("greenslice-tiny-mlp.onnx"), mlp.toOnnx(), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return Criteria.builder()
                .setTypes(float[].class, float[].class)
                .optModelPath(file)
                .optEngine("OnnxRuntime")
                .optTranslator(new FloatRowsTranslator(mlp.inputs()))
                // One ONNX Runtime thread: the model runs on the calling thread, whose CPU time the sample meters.
                .optOption("intraOpNumThreads", "1")
                .optOption("interOpNumThreads", "1")
                .build();
    }

    /** {@code requests} seeded random rows for {@code mlp}. */
    static float[][] inputs(TinyMlp mlp, int requests) {
        SplittableRandom random = new SplittableRandom(3);
        float[][] inputs = new float[requests][mlp.inputs()];
        for (float[] row : inputs) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextDouble(-1, 1);
            }
        }
        return inputs;
    }

    /**
     * Runs the sample and prints energy and carbon per call and per prediction.
     *
     * @param args optional request count (default 256)
     * @throws Exception if DJL cannot load or run the model
     */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        Path dir = privateModelDirectory("djl-sample-");
        // With one ONNX Runtime thread the model runs on this thread: meter its CPU time (nanosecond resolution).
        try (CarbonMeter meter = CarbonMeter.builder().sensor(OnnxServingSample.cpuTimeOf(Thread.currentThread()))
                .intensity(CarbonIntensities.of(EnergySource.GAS)).synchronous().build()) {
            print(run(dir, meter, requests), System.out);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A fresh private directory (random name, 0700) in the user's cache, not in the shared temporary directory,
     * where another local user could plant a link at the model's name.
     */
    static Path privateModelDirectory(String prefix) throws IOException {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg, "greenslice")
                : Path.of(System.getProperty("user.home"), ".cache", "greenslice");
        return Files.createTempDirectory(Files.createDirectories(cache), prefix);
    }

    static void print(Result r, PrintStream out) {
        double joules = r.single().stream().mapToDouble(c -> c.report().totalEnergy().joules()).sum() / r.single().size();
        double grams = r.single().stream().mapToDouble(c -> c.report().total().orElseThrow().value().grams()).sum()
                / r.single().size();
        out.printf(Locale.ROOT, "DJL + ONNX Runtime, %d predict calls: %s and %.3g gCO2e per call on average%n",
                r.single().size(), Energy.ofJoules(joules), grams);
        out.printf(Locale.ROOT, "one batchPredict of %d: %s and %s per prediction%n", r.batch().items(),
                r.batch().perItem().energyPerUnit(), r.batch().perItem().carbonPerUnit().value());
    }
}
