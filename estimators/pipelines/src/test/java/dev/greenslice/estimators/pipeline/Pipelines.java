package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.Power;

import java.time.Duration;
import java.util.List;

/** Small hand-made pipelines for the tests. */
public final class Pipelines {

    private Pipelines() {
    }

    public static BatchProfile batch(int size, double latencyMillis, double throughput, double joulesPerBatch) {
        return new BatchProfile(size, Duration.ofNanos(Math.round(latencyMillis * 1e6)), throughput,
                Energy.ofJoules(joulesPerBatch));
    }

    /**
     * Two stages: detect (small: fast, less accurate; big: slow, accurate) → classify (one variant).
     * Latency SLA 200 ms, replicas 1–4, batch 1 or 4.
     */
    public static Pipeline twoStage() {
        Variant small = Variant.builder("small", "det-s").accuracy(0.6).resourceUnitsPerReplica(1)
                .idlePowerPerReplica(Power.ofWatts(10))
                .batch(batch(1, 10, 100, 1.0)).batch(batch(4, 20, 200, 2.0)).build();
        Variant big = Variant.builder("big", "det-l").accuracy(0.9).resourceUnitsPerReplica(2)
                .idlePowerPerReplica(Power.ofWatts(20))
                .batch(batch(1, 40, 25, 4.0)).batch(batch(4, 80, 50, 8.0)).build();
        Variant cls = Variant.builder("cls", "cls").accuracy(0.8).resourceUnitsPerReplica(1)
                .idlePowerPerReplica(Power.ofWatts(5))
                .batch(batch(1, 5, 200, 0.5)).batch(batch(4, 8, 500, 1.2)).build();
        return Pipeline.builder("two-stage").latencySla(Duration.ofMillis(200)).resourceUnit("cores")
                .stage(new Stage("detect", List.of(small, big), 1, 4, 1, 4))
                .stage(new Stage("classify", List.of(cls), 1, 4, 1, 4))
                .build();
    }
}
