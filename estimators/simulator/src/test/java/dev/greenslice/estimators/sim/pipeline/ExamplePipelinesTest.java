package dev.greenslice.estimators.sim.pipeline;

import dev.greenslice.estimators.pipeline.BatchProfile;
import dev.greenslice.estimators.pipeline.Demand;
import dev.greenslice.estimators.pipeline.ModelChoice;
import dev.greenslice.estimators.pipeline.Optimization;
import dev.greenslice.estimators.pipeline.Pipeline;
import dev.greenslice.estimators.pipeline.PipelineOptimizers;
import dev.greenslice.estimators.pipeline.Stage;
import dev.greenslice.estimators.pipeline.Variant;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExamplePipelinesTest {

    @Test
    void shippedDataIsReadWhole() {
        // The examples read the estimators' shared loader of the data set.
        assertEquals(3150, EnerTuneA100.profiles().all().stream().mapToInt(ModelProfile::size).sum());
        DevicePowerProfile baseline = EnerTuneA100.devicePower();
        assertEquals(15, baseline.clocksMhz().size());
        assertEquals(44.7 + 20.4 + 8.333536788990841, baseline.baseline(1410).watts(), 1e-12);
    }

    @Test
    void variantsCarryTheMeasuredFigures() {
        Pipeline p = ExamplePipelines.imageClassification().pipeline();
        Variant r50 = p.stage("classify").variant("resnet50@2g").orElseThrow();
        assertEquals(0.76130, r50.accuracy(), 0);
        assertEquals(2, r50.resourceUnitsPerReplica(), 0);
        double baseline = 44.7 + 20.4 + 8.333536788990841;
        assertEquals(baseline * 2 / 7, r50.idlePowerPerReplica().toWatts(), 1e-9);
        // model_datastore.csv: resnet50,8,2,1410,132.385...,58.95194260843940,710.600846852326,11.32965087890625
        BatchProfile b8 = r50.batch(8).orElseThrow();
        assertEquals(11.32965087890625, b8.latencySeconds() * 1000, 1e-6);
        assertEquals(710.600846852326, b8.throughputRequestsPerSecond(), 1e-9);
        assertEquals(58.9519426084394 * 8 / 710.600846852326, b8.energyPerBatch().toJoules(), 1e-9);
        // resnet50 and vgg19 were not measured on 1g instances; the others on all five sizes
        assertEquals(33, p.stage("classify").variants().size());
        assertTrue(p.stage("classify").variant("resnet50@1g").isEmpty());
    }

    @Test
    void accuraciesAreTheCitedOnes() {
        Pipeline p = ExamplePipelines.imageClassification().pipeline();
        Map<String, Double> expected = Map.of("mobilenet_v3_large", 0.74042, "resnet50", 0.76130, "resnet152", 0.78312,
                "densenet161", 0.77138, "densenet169", 0.75600, "vgg11", 0.69020, "vgg19", 0.72376);
        for (Variant v : p.stage("classify").variants()) {
            assertEquals(expected.get(v.model()), v.accuracy(), 0, v.name());
        }
        Pipeline audio = ExamplePipelines.audioSummary().pipeline();
        assertEquals(List.of("transcribe", "summarize"), audio.stages().stream().map(Stage::name).toList());
        assertEquals(0.966, audio.stage("transcribe").variants().get(0).accuracy(), 1e-12);
        assertEquals(0.697, audio.stage("summarize").variants().get(0).accuracy(), 1e-12);
        assertEquals(List.of(1), audio.stage("summarize").variant("gpt@7g").orElseThrow().batches().stream()
                .map(BatchProfile::batchSize).toList(), "GPT-J was measured at batch 1 only");
    }

    @Test
    void otherClocksUseTheirOwnMeasurementsAndUnknownClocksAreNamed() {
        Variant slow = ExamplePipelines.imageClassification(960).pipeline().stage("classify").variant("vgg11@7g")
                .orElseThrow();
        Variant fast = ExamplePipelines.imageClassification().pipeline().stage("classify").variant("vgg11@7g")
                .orElseThrow();
        assertTrue(slow.batch(32).orElseThrow().latencySeconds() > fast.batch(32).orElseThrow().latencySeconds());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExamplePipelines.imageClassification(1000));
        assertTrue(e.getMessage().contains("No EnerTune measurements at 1000 MHz; measured clocks are [210, 240"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExamplePipelines.byName("video"));
    }

    @Test
    void theOptimumMovesToLighterModelsAsLoadGrows() {
        ExamplePipeline ex = ExamplePipelines.imageClassification();
        String low = PipelineOptimizers.exact().optimize(ex.pipeline(), ex.objective(), Demand.energyOnly(200))
                .configuration().orElseThrow().stage(0).variant();
        String high = PipelineOptimizers.exact().optimize(ex.pipeline(), ex.objective(), Demand.energyOnly(6000))
                .configuration().orElseThrow().stage(0).variant();
        assertTrue(low.startsWith("resnet152@"), low);
        assertTrue(high.startsWith("mobilenet_v3_large@"), high);
    }

    @Test
    void staticBaselinesPinTheLightestAndTheMostAccurateModel() {
        Stage classify = ExamplePipelines.imageClassification().pipeline().stage("classify");
        assertEquals("mobilenet_v3_large", ModelChoice.LIGHTEST.modelFor(classify));
        assertEquals("resnet152", ModelChoice.MOST_ACCURATE.modelFor(classify));
        ExamplePipeline ex = ExamplePipelines.imageClassification();
        Optimization light = PipelineOptimizers.pinned(ModelChoice.LIGHTEST).optimize(ex.pipeline(), ex.objective(),
                Demand.energyOnly(1000));
        assertTrue(light.configuration().orElseThrow().stage(0).variant().startsWith("mobilenet_v3_large@"));
        assertTrue(light.score() <= PipelineOptimizers.exact().optimize(ex.pipeline(), ex.objective(),
                Demand.energyOnly(1000)).score());
    }
}
