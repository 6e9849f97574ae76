package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.Power;
import org.quicktheories.core.Gen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/** QuickTheories generators of small random pipeline problems (small enough to brute-force). */
final class Problems {

    /** A pipeline, an objective and a demand. */
    record Problem(Pipeline pipeline, Objective objective, Demand demand) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(objective + " at " + demand.requestsPerSecond() + "/s, SLA "
                    + pipeline.latencySla().toMillis() + " ms");
            for (Stage s : pipeline.stages()) {
                sb.append("\n  ").append(s.name()).append(" replicas [").append(s.minReplicas()).append(", ")
                        .append(s.maxReplicas()).append("] batch [").append(s.minBatch()).append(", ").append(s.maxBatch())
                        .append("] wait ").append(s.maxBatchWait().map(Duration::toMillis).orElse(-1L));
                for (Variant v : s.variants()) {
                    sb.append("\n    ").append(v.name()).append(" acc ").append(v.accuracy()).append(" res ")
                            .append(v.resourceUnitsPerReplica()).append(" idle ").append(v.idlePowerPerReplica());
                    for (BatchProfile b : v.batches()) {
                        sb.append("\n      b").append(b.batchSize()).append(' ').append(b.latencySeconds() * 1000)
                                .append(" ms ").append(b.throughputRequestsPerSecond()).append("/s ")
                                .append(b.energyPerBatch());
                    }
                }
            }
            return sb.toString();
        }
    }

    private static final int[] SIZES = {1, 2, 4, 8};

    private Problems() {
    }

    static Gen<BatchProfile> profile(int size) {
        return doubles().between(0.5, 150).zip(doubles().between(2, 400), doubles().between(0, 5),
                (ms, thr, j) -> Pipelines.batch(size, ms, thr * Math.sqrt(size), j * size));
    }

    static Gen<Variant> variant(int index) {
        Gen<List<BatchProfile>> profiles = integers().between(1, 15).flatMap(mask -> {
            Gen<List<BatchProfile>> acc = lists().of(profile(1)).ofSize(0);
            for (int i = 0; i < SIZES.length; i++) {
                if ((mask & (1 << i)) != 0) {
                    Gen<BatchProfile> p = profile(SIZES[i]);
                    acc = acc.zip(p, (list, b) -> {
                        List<BatchProfile> next = new ArrayList<>(list);
                        next.add(b);
                        return next;
                    });
                }
            }
            return acc;
        });
        return doubles().between(0, 1).zip(doubles().between(0.5, 4), doubles().between(0, 50), profiles,
                (acc, res, idle, batches) -> new Variant("v" + index, "m" + index, acc, res, Power.ofWatts(idle), batches,
                        "generated"));
    }

    static Gen<Stage> stage(int index) {
        Gen<List<Variant>> variants = integers().between(1, 3).flatMap(n -> {
            Gen<List<Variant>> acc = lists().of(variant(0)).ofSize(0);
            for (int i = 0; i < n; i++) {
                acc = acc.zip(variant(i), (list, v) -> {
                    List<Variant> next = new ArrayList<>(list);
                    next.add(v);
                    return next;
                });
            }
            return acc;
        });
        Gen<int[]> bounds = integers().between(1, 2).zip(integers().between(0, 2), integers().between(1, 2),
                integers().between(0, 3), (minR, extraR, minB, spanB) -> new int[] {minR, minR + extraR, minB, minB << spanB});
        Gen<Integer> waitMillis = integers().between(-60, 60); // negative: no timeout
        return variants.zip(bounds, waitMillis, (vs, b, w) -> {
            try {
                return new Stage("s" + index, vs, b[0], b[1], b[2], b[3],
                        w > 0 ? java.util.Optional.of(Duration.ofMillis(w)) : java.util.Optional.empty());
            } catch (IllegalArgumentException noBatchInBounds) {
                return new Stage("s" + index, vs, b[0], b[1], 1, 8);
            }
        });
    }

    static Gen<Pipeline> pipeline() {
        Gen<List<Stage>> stages = integers().between(1, 3).flatMap(n -> {
            Gen<List<Stage>> acc = lists().of(stage(0)).ofSize(0);
            for (int i = 0; i < n; i++) {
                acc = acc.zip(stage(i), (list, s) -> {
                    List<Stage> next = new ArrayList<>(list);
                    next.add(s);
                    return next;
                });
            }
            return acc;
        });
        return stages.zip(integers().between(20, 1500), (list, sla) -> {
            Pipeline.Builder b = Pipeline.builder("generated").latencySla(Duration.ofMillis(sla));
            list.forEach(b::stage);
            return b.build();
        });
    }

    static Gen<Objective> objective() {
        return doubles().between(0, 2).zip(doubles().between(0, 0.1), doubles().between(0, 0.01),
                doubles().between(0, 0.2), booleans().all(),
                (a, b, g, d, carbon) -> new Objective(a, b, g, carbon ? d * 1000 : d,
                        carbon ? Objective.Footprint.CARBON : Objective.Footprint.ENERGY));
    }

    static Gen<Problem> problems() {
        return pipeline().zip(objective(), doubles().between(0.5, 600), doubles().between(0, 900),
                (p, o, rate, g) -> new Problem(p, o, Demand.of(rate, CarbonIntensity.ofGramsPerKwh(g))));
    }
}
