package dev.greenslice.samples.djl;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.Utils;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.samples.onnxruntime.OnnxServingSample;
import dev.greenslice.samples.onnxruntime.TinyMlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metered DJL predictor on DJL's ONNX Runtime engine, offline, with the model the samples build. */
class MeteredPredictorTest {

    @TempDir
    Path dir;

    private static CarbonMeter meter() {
        return CarbonMeter.builder().sensor(OnnxServingSample.cpuTimeOf(Thread.currentThread()))
                .intensity(CarbonIntensities.of(EnergySource.GAS)).synchronous().build();
    }

    @Test
    void everyCallOnDjlsOnnxRuntimeEngineIsMeteredOffline() throws Exception {
        assertTrue(Utils.isOfflineMode(), "the build runs DJL offline (ai.djl.offline=true)");
        try (CarbonMeter meter = meter()) {
            DjlSample.Result r = DjlSample.run(dir, meter, 8);
            assertTrue(Engine.getAllEngines().contains("OnnxRuntime"), Engine.getAllEngines().toString());
            float[][] expected = TinyMlp.standard().forward(r.inputs());
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(expected[i], r.outputs().get(i), 1e-5f, "row " + i);
            }
            assertEquals(8, r.single().size());
            for (MeteredPrediction call : r.single()) {
                assertEquals("tiny-mlp", call.label());
                assertEquals(1, call.items());
                assertFalse(call.failed());
                assertTrue(call.report().domain("cpu:process").orElseThrow().isAvailable());
                assertTrue(call.report().total().isPresent());
            }
            assertTrue(r.single().stream().mapToDouble(c -> c.report().totalEnergy().joules()).sum() > 0,
                    "eight predictions take CPU time on the calling thread");
            MeteredPrediction batch = r.batch();
            assertEquals(8, batch.items());
            assertEquals(batch.report().totalEnergy().joules() / 8, batch.perItem().energyPerUnit().joules(), 1e-15);
            assertEquals("prediction", batch.perItem().unit());
        }
    }

    @Test
    void aFailingCallIsMeteredAndItsExceptionRethrown() throws Exception {
        Path file = Files.write(dir.resolve("m.onnx"), TinyMlp.standard().toOnnx());
        Translator<float[], float[]> broken = new Translator<>() {
            @Override
            public NDList processInput(TranslatorContext ctx, float[] input) {
                throw new IllegalStateException("bad request");
            }

            @Override
            public float[] processOutput(TranslatorContext ctx, NDList list) {
                return list.singletonOrThrow().toFloatArray();
            }
        };
        Criteria<float[], float[]> criteria = Criteria.builder().setTypes(float[].class, float[].class)
                .optModelPath(file).optEngine("OnnxRuntime").optTranslator(new FloatRowsTranslator(16)).build();
        List<MeteredPrediction> calls = new ArrayList<>();
        try (CarbonMeter meter = meter();
             ZooModel<float[], float[]> model = criteria.loadModel();
             MeteredPredictor<float[], float[]> p = MeteredPredictor.wrap(model.newPredictor(broken, model.getNDManager().getDevice()),
                     meter, "broken", calls::add)) {
            TranslateException e = assertThrows(TranslateException.class, () -> p.predict(new float[16]));
            assertEquals("bad request", e.getCause().getMessage(), "the predictor's own exception, unchanged");
            assertEquals(1, calls.size());
            assertTrue(calls.get(0).failed());
            assertTrue(calls.get(0).measurement().isClosed());
        }
    }

    @Test
    void aFailingListenerNeverBreaksThePrediction() throws Exception {
        Path file = Files.write(dir.resolve("m.onnx"), TinyMlp.standard().toOnnx());
        Criteria<float[], float[]> criteria = Criteria.builder().setTypes(float[].class, float[].class)
                .optModelPath(file).optEngine("OnnxRuntime").optTranslator(new FloatRowsTranslator(16)).build();
        try (CarbonMeter meter = meter();
             ZooModel<float[], float[]> model = criteria.loadModel();
             Predictor<float[], float[]> raw = model.newPredictor();
             MeteredPredictor<float[], float[]> p = MeteredPredictor.wrap(raw, meter, "m", call -> {
                 throw new IllegalStateException("listener bug");
             })) {
            float[] x = new float[16];
            x[3] = 1;
            assertArrayEquals(TinyMlp.standard().forward(new float[][] {x})[0], p.predict(x), 1e-5f);
            assertEquals(raw, p.unwrap());
        }
    }

    @Test
    void wrappingRejectsMissingPartsByName() {
        try (CarbonMeter meter = CarbonMeter.noop()) {
            assertEquals("predictor", assertThrows(NullPointerException.class,
                    () -> MeteredPredictor.wrap(null, meter, "m", c -> { })).getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FloatRowsTranslator(0)).getMessage().contains("0"));
    }
}
