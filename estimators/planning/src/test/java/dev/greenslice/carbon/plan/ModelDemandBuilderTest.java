package dev.greenslice.carbon.plan;

import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/** The builder that replaced ModelDemand's public record constructor: defaults, round trip, what it refuses. */
class ModelDemandBuilderTest {

    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
            -1.0, -Double.MIN_VALUE, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, 5.0};

    private static ModelDemand.Builder base() {
        return ModelDemand.builder().model("whisper").batchSize(16).requests(1000);
    }

    private static boolean positiveFinite(double x) {
        return x > 0 && !Double.isInfinite(x);
    }

    @Test
    void defaultsAreTheClosedLoopFactorys() {
        ModelDemand built = base().build();
        ModelDemand factory = ModelDemand.closedLoop("whisper", 16, 1000);
        assertEquals(factory, built);
        assertEquals(factory.hashCode(), built.hashCode());
        assertEquals(factory.toString(), built.toString());
        assertEquals("whisper", built.name());
        assertEquals(ModelDemand.DEFAULT_SLO_FACTOR, built.sloFactor());
        assertTrue(built.sloMs().isEmpty() && built.memoryNeedGb().isEmpty());
    }

    @Test
    void toBuilderRoundTripsAndEqualityTracksEveryComponent() {
        qt().forAll(integers().between(1, 10_000), longs().between(1, Long.MAX_VALUE), doubles().between(0.01, 1e6))
                .checkAssert((batch, requests, slo) -> {
                    ModelDemand d = ModelDemand.builder().name("eu").model("gpt").batchSize(batch).requests(requests)
                            .arrival(Arrival.poisson(0.5)).sloFactor(3).sloMs(OptionalDouble.of(slo))
                            .memoryNeedGb(OptionalDouble.of(20)).build();
                    assertEquals(d, d.toBuilder().build());
                    assertEquals(d.hashCode(), d.toBuilder().build().hashCode());
                    assertEquals(batch, d.batchSize());
                    assertEquals(requests, d.requests());
                    assertEquals(slo, d.sloMs().getAsDouble());
                    assertEquals(d.withSloMs(slo), d);
                    assertNotEquals(d, d.toBuilder().name("us").build());
                    assertNotEquals(d, d.toBuilder().requests(requests == 1 ? 2 : requests - 1).build());
                    assertNotEquals(d, d.toBuilder().memoryNeedGb(OptionalDouble.empty()).build());
                });
    }

    @Test
    void batchSizeAndRequestsBelowOneAreRefused() {
        qt().forAll(integers().all()).checkAssert(b -> {
            if (b >= 1) {
                assertEquals(b, base().batchSize(b).build().batchSize());
            } else {
                assertThrows(IllegalArgumentException.class, () -> base().batchSize(b).build());
            }
        });
        qt().forAll(longs().all()).checkAssert(r -> {
            if (r >= 1) {
                assertEquals(r, base().requests(r).build().requests());
            } else {
                assertThrows(IllegalArgumentException.class, () -> base().requests(r).build());
            }
        });
    }

    @Test
    void sloAndMemoryMustBePositiveFiniteNumbers() {
        qt().forAll(doubles().any()).checkAssert(this::checkPositiveFinite);
        for (double x : SPECIAL) {
            checkPositiveFinite(x);
        }
    }

    private void checkPositiveFinite(double x) {
        if (positiveFinite(x)) {
            assertEquals(x, base().sloFactor(x).build().sloFactor());
            assertEquals(x, base().sloMs(OptionalDouble.of(x)).build().sloMs().getAsDouble());
            assertEquals(x, base().memoryNeedGb(OptionalDouble.of(x)).build().memoryNeedGb().getAsDouble());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> base().name("w-eu").sloFactor(x).build());
            assertTrue(e.getMessage().contains("w-eu"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> base().sloMs(OptionalDouble.of(x)).build());
            assertThrows(IllegalArgumentException.class, () -> base().memoryNeedGb(OptionalDouble.of(x)).build());
        }
    }

    @Test
    void missingOrBlankModelIsRefused() {
        assertThrows(NullPointerException.class, () -> ModelDemand.builder().batchSize(1).requests(1).build());
        assertThrows(IllegalArgumentException.class, () -> base().model(" ").build());
        assertThrows(IllegalArgumentException.class, () -> base().name("").build());
        assertThrows(NullPointerException.class, () -> base().arrival(null).build());
    }
}
