package dev.greenslice.samples.pipeline;

import dev.greenslice.estimators.sim.pipeline.ExamplePipelines;
import dev.greenslice.estimators.sim.pipeline.IntervalReport;
import dev.greenslice.estimators.sim.pipeline.SimulationReport;
import dev.greenslice.estimators.sim.pipeline.WorkloadShape;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineAuditTest {

    @Test
    void burstyViolationsFallWhereTheArrivalsOutranThePredictionAndTheTrendModeIsMeasured() {
        List<PipelineAudit.Cell> cells = PipelineAudit.run(ExamplePipelines.imageClassification(),
                List.of(WorkloadShape.BURSTY), List.of("exact", "static-accurate"), 2, true);
        assertEquals(3, cells.size());
        PipelineAudit.Cell exact = cells.get(0);
        PipelineAudit.Cell trend = cells.get(2);
        assertEquals("exact", trend.optimizer());
        assertTrue(trend.predictor().contains("trend"), trend.predictor());
        for (PipelineAudit.Cell c : cells) {
            assertEquals(2, c.runs().size());
            for (SimulationReport r : c.runs()) {
                double share = PipelineAudit.underPredictedShare(r);
                assertTrue(share >= 0 && share <= 1, c + ": " + share);
                // The share recomputed by hand from the intervals.
                double all = r.intervals().stream().mapToDouble(IntervalReport::slaViolations).sum();
                assertEquals(r.slaViolations(), all, 1e-6 * Math.max(1, all), "violations add up over intervals");
            }
        }
        // On bursts the exact optimizer's violations sit where the arrivals outran the prediction.
        for (double s : exact.underPredictedShareOfViolations()) {
            assertTrue(s > 0.5, "share of violations in under-predicted intervals: " + s);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PipelineAudit.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), cells);
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("bursty") && table.contains("trend") && table.contains("reactive"), table);
        System.out.println(table);
    }
}
