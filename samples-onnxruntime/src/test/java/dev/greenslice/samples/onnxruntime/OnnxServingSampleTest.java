package dev.greenslice.samples.onnxruntime;

import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.FunctionalUnitReport;
import dev.greenslice.carbon.sensor.CpuTimeSensor;
import dev.greenslice.carbon.sensor.ReadingKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX Runtime (its bundled native library) serving the model the sample builds, metered per request and batch. */
class OnnxServingSampleTest {

    private static final TinyMlp MODEL = TinyMlp.standard();
    private static OnnxServingSample sample;

    @BeforeAll
    static void load() throws Exception {
        sample = OnnxServingSample.load(MODEL);
    }

    @AfterAll
    static void close() {
        sample.close();
    }

    private static void assertMatchesReference(float[][] inputs, float[][] outputs) {
        float[][] expected = MODEL.forward(inputs);
        assertEquals(expected.length, outputs.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], outputs[i], 1e-5f, "row " + i);
        }
    }

    @Test
    void onnxRuntimeComputesTheSameFunctionAsTheJavaReference() throws Exception {
        float[][] x = sample.requests(9, 11);
        float[][] y = sample.infer(x);
        assertEquals(MODEL.outputs(), y[0].length);
        assertMatchesReference(x, y);
        assertTrue(sample.runtimeVersion().matches("\\d+\\.\\d+\\.\\d+.*"), sample.runtimeVersion());
    }

    @Test
    void aWindowPerRequestAndPerBatchWithPerRequestFigures() throws Exception {
        float[][] requests = sample.requests(64, 5);
        try (CarbonMeter meter = CarbonMeter.builder().sensor(OnnxServingSample.cpuTimeOf(Thread.currentThread()))
                .intensity(CarbonIntensities.of(EnergySource.GAS)).synchronous().build()) {
            ServingRun unbatched = sample.serve(meter, requests, 1);
            ServingRun batched = sample.serve(meter, requests, 16);
            assertEquals(64, unbatched.windows().size());
            assertTrue(unbatched.windowsJoules() > 0, "the request windows see the serving thread's CPU time");
            assertEquals(4, batched.windows().size());
            assertEquals("request 0", unbatched.windows().get(0).label());
            assertEquals("batch 3", batched.windows().get(3).label());
            assertMatchesReference(requests, unbatched.outputs());
            assertMatchesReference(requests, batched.outputs());
            for (ServingRun run : new ServingRun[] {unbatched, batched}) {
                CarbonReport loop = run.loop();
                assertEquals(ReadingKind.ESTIMATED_ENERGY, loop.domain("cpu:process").orElseThrow().kind());
                assertTrue(loop.complete(), loop.toString());
                assertTrue(loop.totalEnergy().joules() > 0, "64 inferences take CPU time on the serving thread: " + loop);
                FunctionalUnitReport per = run.perRequest();
                assertEquals(64, per.units());
                assertEquals("request", per.unit());
                assertEquals(loop.totalEnergy().joules() / 64, per.energyPerUnit().joules(), 1e-15);
                assertEquals(per.energyPerUnit().toKilowattHours() * 490, per.operationalPerUnit().value().grams(), 1e-15);
                assertTrue(run.windowsJoules() <= loop.totalEnergy().joules() + 1e-12, "windows lie inside the loop");
            }
        }
    }

    @Test
    void perRequestFiguresAddUpExactlyWithADeterministicSensor() throws Exception {
        // Every sensor read advances "CPU time" by 1 ms at 10 W: each window, read at its two edges, costs 10 mJ.
        AtomicLong cpuNanos = new AtomicLong();
        try (CarbonMeter meter = CarbonMeter.builder()
                .sensor(CpuTimeSensor.of(() -> cpuNanos.addAndGet(1_000_000), Power.ofWatts(10)))
                .intensity(CarbonIntensities.of(EnergySource.COAL)).synchronous().backgroundSampling(false).build()) {
            ServingRun run = sample.serve(meter, sample.requests(40, 9), 8);
            assertEquals(5, run.windows().size());
            for (CarbonReport w : run.windows()) {
                assertEquals(0.010, w.totalEnergy().joules(), 1e-12);
            }
            // The loop's edges enclose the five windows' ten reads: 11 ms of "CPU".
            assertEquals(0.110, run.loop().totalEnergy().joules(), 1e-12);
            assertEquals(0.110 / 40, run.perRequest().energyPerUnit().joules(), 1e-15);
            assertEquals(0.110 / 3.6e6 * 820 / 40, run.perRequest().carbonPerUnit().value().grams(), 1e-18);
        }
    }

    @Test
    void theSampleMainPrintsPerRequestFiguresForBothModes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OnnxServingSample.run(128, 32, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("ONNX Runtime " + sample.runtimeVersion()), out);
        assertTrue(out.matches("(?s).*unbatched\\s+128 requests,\\s+128 windows: .*/request.*"), out);
        assertTrue(out.matches("(?s).*batches of 32\\s+128 requests,\\s+4 windows: .*/request.*"), out);
    }

    @Test
    void badInputIsRejectedByName() {
        try (CarbonMeter meter = CarbonMeter.noop()) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> sample.serve(meter, new float[0][], 1))
                    .getMessage().contains("No requests"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> sample.serve(meter, sample.requests(2, 1), 0))
                    .getMessage().contains("Batch size must be >= 1, got 0"));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TinyMlp.of(16, 0, 4, 1)).getMessage().contains("hidden"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MODEL.forward(new float[][] {new float[3]}))
                .getMessage().contains("Row 0 has 3 values; the model takes 16"));
    }
}
