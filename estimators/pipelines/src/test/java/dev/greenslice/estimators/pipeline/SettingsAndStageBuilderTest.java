package dev.greenslice.estimators.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/** The builders that replaced the public record constructors of QLearningSettings and Stage. */
class SettingsAndStageBuilderTest {

    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
            -1e-300, 1.0, Math.nextUp(1.0), -1000, Double.MAX_VALUE, -Double.MAX_VALUE};

    @Test
    void settingsBuilderDefaultsAreTheIpaDefaults() {
        qt().forAll(longs().all()).checkAssert(seed -> {
            QLearningSettings built = QLearningSettings.builder().seed(seed).build();
            assertEquals(QLearningSettings.defaults(seed), built);
            assertEquals(QLearningSettings.defaults(seed).hashCode(), built.hashCode());
            assertEquals(QLearningSettings.defaults(seed).toString(), built.toString());
            assertEquals(built, built.toBuilder().build());
            assertNotEquals(built, built.toBuilder().discount(0.5).build());
        });
    }

    @Test
    void settingsRefuseWhatTheRecordRefused() {
        qt().forAll(doubles().any()).checkAssert(SettingsAndStageBuilderTest::checkRates);
        for (double x : SPECIAL) {
            checkRates(x);
        }
        qt().forAll(integers().all()).checkAssert(n -> {
            if (n >= 1) {
                assertEquals(n, QLearningSettings.builder().episodes(n).stepsPerEpisode(n).build().episodes());
            } else {
                assertThrows(IllegalArgumentException.class, () -> QLearningSettings.builder().episodes(n).build());
                assertThrows(IllegalArgumentException.class,
                        () -> QLearningSettings.builder().stepsPerEpisode(n).build());
            }
        });
    }

    private static void checkRates(double x) {
        boolean unit = x >= 0 && x <= 1;
        check(unit, () -> QLearningSettings.builder().learningRate(x).build());
        check(unit, () -> QLearningSettings.builder().discount(x).build());
        check(unit, () -> QLearningSettings.builder().minEpsilon(x).build());
        check(x >= 0 && !Double.isInfinite(x), () -> QLearningSettings.builder().epsilonDecay(x).build());
        check(x < 0 && !Double.isInfinite(x), () -> QLearningSettings.builder().violationReward(x).build());
    }

    private static void check(boolean accepted, Runnable build) {
        if (accepted) {
            build.run();
        } else {
            assertThrows(IllegalArgumentException.class, build::run);
        }
    }

    @Test
    void stageBuilderDefaultsAreStageOf() {
        Stage detect = Pipelines.twoStage().stages().get(0);
        Stage built = Stage.builder().name("s").variants(detect.variants()).maxReplicas(3).build();
        assertEquals(Stage.of("s", 3, detect.variants()), built);
        assertEquals(Stage.of("s", 3, detect.variants()).toString(), built.toString());
        assertEquals(built, built.toBuilder().build());
        assertEquals(built.withMaxBatchWait(Duration.ofMillis(5)),
                built.toBuilder().maxBatchWait(Optional.of(Duration.ofMillis(5))).build());
    }

    @Test
    void stageBuilderRefusesBadBounds() {
        List<Variant> variants = Pipelines.twoStage().stages().get(0).variants();
        qt().forAll(integers().between(-5, 10), integers().between(-5, 10), integers().between(-5, 10),
                integers().between(-5, 10)).checkAssert((minR, maxR, minB, maxB) -> {
                    // The detect variants are measured at batch 1 and 4: some size must lie within the bounds.
                    boolean ok = minR >= 1 && maxR >= minR && minB >= 1 && maxB >= minB
                            && ((minB <= 1 && 1 <= maxB) || (minB <= 4 && 4 <= maxB));
                    check(ok, () -> Stage.builder().name("s").variants(variants).minReplicas(minR).maxReplicas(maxR)
                            .minBatch(minB).maxBatch(maxB).build());
                });
        assertThrows(IllegalArgumentException.class, () -> Stage.builder().name("s").variants(variants).maxReplicas(1)
                .maxBatchWait(Optional.of(Duration.ofMillis(-1))).build());
        assertThrows(IllegalArgumentException.class, () -> Stage.builder().name(" ").variants(variants).maxReplicas(1)
                .build());
        assertThrows(NullPointerException.class, () -> Stage.builder().name("s").maxReplicas(1).build());
    }
}
