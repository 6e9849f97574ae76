package dev.greenslice.carbon.estimate;

import dev.greenslice.carbon.Power;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * Properties of {@link PowerEstimate} as a final class built through its builder: equal settings give equal
 * estimates with equal hash codes, the shares sum to 1, and the builder refuses a missing part or a count of
 * attributable powers that differs from the placements, as the record's constructor did.
 */
class PowerEstimatePropertiesTest {

    private static PowerEstimate.Builder estimate(int n, double watts, int clock) {
        List<ModelPlacement> placements = new ArrayList<>();
        List<Power> per = new ArrayList<>();
        List<PowerTerm> terms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            placements.add(new ModelPlacement("m" + i, 1 + i, 1));
            per.add(Power.ofWatts(watts * (i + 1)));
            terms.add(new PowerTerm("dynamic", "m" + i, Power.ofWatts(watts * (i + 1)), "test"));
        }
        double total = watts * n * (n + 1) / 2.0;
        return PowerEstimate.builder().method("test").clockMhz(clock).placements(placements)
                .total(Power.ofWatts(total)).terms(terms).perPlacement(per);
    }

    @Test
    void equalSettingsGiveEqualEstimatesWhoseSharesSumToOne() {
        qt().forAll(integers().between(1, 7), doubles().between(0, 400), integers().between(210, 1980))
                .checkAssert((n, w, clock) -> {
                    PowerEstimate a = estimate(n, w, clock).build();
                    PowerEstimate b = estimate(n, w, clock).build();
                    assertEquals(a, b);
                    assertEquals(a.hashCode(), b.hashCode());
                    assertNotEquals(a, estimate(n, w, clock + 1).build());
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += a.shareOf(i);
                    }
                    assertEquals(1.0, sum, 1e-9);
                });
    }

    @Test
    void theBuilderRefusesAMismatchedAttributionAndMissingParts() {
        qt().forAll(integers().between(1, 7), integers().between(0, 8)).assuming((n, k) -> !n.equals(k))
                .checkAssert((n, k) -> {
                    List<Power> per = new ArrayList<>();
                    for (int i = 0; i < k; i++) {
                        per.add(Power.ofWatts(1));
                    }
                    assertThrows(IllegalArgumentException.class, () -> estimate(n, 10, 1410).perPlacement(per).build());
                });
        assertThrows(NullPointerException.class, () -> estimate(1, 10, 1410).method(null).build());
        assertThrows(NullPointerException.class, () -> estimate(1, 10, 1410).total(null).build());
        assertThrows(NullPointerException.class, () -> estimate(1, 10, 1410).terms(null).build());
    }
}
