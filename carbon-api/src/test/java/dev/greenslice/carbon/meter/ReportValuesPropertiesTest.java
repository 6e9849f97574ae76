package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.test.sensor.ScriptedSensor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * Properties of the meter's report values as final classes ({@link CarbonReport}, {@link DomainEnergy},
 * {@link EmbodiedShare}, {@link FunctionalUnitReport}, {@link MeterTotals}, {@link DomainTotal}): two identical
 * deterministic runs give equal values with equal hash codes and the same text, and a run that differs in one figure
 * gives values that differ. Equality is what callers comparing reports relied on when these were records.
 */
class ReportValuesPropertiesTest {

    private record Run(CarbonReport report, MeterTotals totals) {
    }

    private static Run run(double watts, double hostWatts, int millis, double intensity) {
        MockClock clock = new MockClock(Instant.parse("2024-01-01T00:00:00Z"));
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                .sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", watts)
                        .constantPower("cpu:package-0", hostWatts))
                .intensity(TestIntensity.constant(intensity))
                .embodied(CarbonMeterTest.footprint(21.56, Duration.ofDays(5 * 365))).build()) {
            meter.sampleNow();
            Measurement w = meter.start("w");
            clock.advance(Duration.ofMillis(millis));
            meter.sampleNow();
            w.close();
            return new Run(w.report(), meter.totals());
        }
    }

    @Test
    void identicalRunsGiveEqualValuesWithEqualHashCodesAndText() {
        qt().forAll(doubles().between(0, 700), doubles().between(0, 300), integers().between(1, 60_000),
                doubles().between(0, 1000)).checkAssert((gpu, host, ms, g) -> {
                    Run a = run(gpu, host, ms, g);
                    Run b = run(gpu, host, ms, g);
                    assertEquals(a.report(), b.report());
                    assertEquals(a.report().hashCode(), b.report().hashCode());
                    assertEquals(a.report().toJson(), b.report().toJson());
                    assertEquals(a.report().toString(), b.report().toString());
                    assertEquals(a.report().per(7, "request"), b.report().per(7, "request"));
                    assertEquals(a.report().per(7, "request").hashCode(), b.report().per(7, "request").hashCode());
                    assertEquals(a.totals(), b.totals());
                    assertEquals(a.totals().hashCode(), b.totals().hashCode());
                    assertEquals(a.totals().toJson(), b.totals().toJson());
                    for (int i = 0; i < a.report().domains().size(); i++) {
                        DomainEnergy x = a.report().domains().get(i);
                        assertEquals(x, b.report().domains().get(i));
                        assertEquals(x.hashCode(), b.report().domains().get(i).hashCode());
                    }
                    assertTrue(!a.report().embodied().isEmpty());
                    EmbodiedShare e = a.report().embodied().get(0);
                    assertEquals(e, b.report().embodied().get(0));
                    assertEquals(e.hashCode(), b.report().embodied().get(0).hashCode());
                    assertEquals(a.totals().domains(), b.totals().domains());
                });
    }

    @Test
    void runsThatDifferInOneFigureGiveValuesThatDiffer() {
        qt().forAll(doubles().between(1, 700), integers().between(1, 60_000), doubles().between(1, 1000))
                .checkAssert((gpu, ms, g) -> {
                    Run a = run(gpu, 50, ms, g);
                    Run more = run(gpu * 2, 50, ms, g);
                    Run dirtier = run(gpu, 50, ms, g * 2);
                    assertNotEquals(a.report(), more.report());
                    assertNotEquals(a.report().domains(), more.report().domains());
                    assertNotEquals(a.totals(), more.totals());
                    assertNotEquals(a.report(), dirtier.report());
                    assertNotEquals(a.report().per(1, "request"), dirtier.report().per(1, "request"));
                    assertNotEquals(a.report().per(1, "request"), a.report().per(1, "token"));
                    assertNotEquals(List.of(a.report()), List.of(dirtier.report()));
                });
    }
}
