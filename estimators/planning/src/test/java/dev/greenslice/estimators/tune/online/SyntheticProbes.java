package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.embodied.EmbodiedFootprint;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.test.sensor.ScriptedSensor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Probe points with given figures, for testing searches on curves of any shape without a GPU. Each report comes
 * from a real meter window (reports are built by the meter only): a scripted sensor at the power that gives the
 * energy, a 0 g/kWh grid, and a footprint amortised over exactly the window's length so that the embodied figure
 * is the footprint itself.
 */
final class SyntheticProbes {

    private static final Duration WINDOW = Duration.ofMillis(100);

    private SyntheticProbes() {
    }

    /**
     * A probe of one request that used {@code joules} and emitted {@code embodiedGrams} of embodied carbon, whose
     * model meets its 100 ms SLO if {@code meetsSlo}.
     */
    static ProbePoint probe(int clockMhz, double joules, double embodiedGrams, boolean meetsSlo) {
        MockClock clock = new MockClock(Instant.parse("2024-01-01T00:00:00Z"));
        CarbonReport report;
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                .sensor(new ScriptedSensor("synthetic", clock).constantPower("gpu:0", joules / 0.1)).synchronous()
                .intensity(CarbonIntensities.fixed(CarbonIntensity.ofGramsPerKwh(0), "synthetic"))
                .embodied(footprint(embodiedGrams)).build()) {
            Measurement window = meter.start("synthetic");
            clock.advance(WINDOW);
            window.close();
            report = window.report();
        }
        ServedWork served = ServedWork.of("m", 1, meetsSlo ? 50 : 150, OptionalDouble.of(100));
        return new ProbePoint(clockMhz, served, report);
    }

    private static EmbodiedCarbon footprint(double grams) {
        EmbodiedFootprint f = EmbodiedFootprint.builder().device("synthetic")
                .carbon(CarbonFigure.exact(CarbonMass.ofGrams(grams))).model("synthetic").parameterSet("synthetic")
                .boundary("synthetic").parameters(List.of(Assumption.of("footprint", grams + " g", "given"))).build();
        return new EmbodiedCarbon() {
            @Override
            public EmbodiedFootprint footprint() {
                return f;
            }

            @Override
            public Duration lifetime() {
                return WINDOW;
            }
        };
    }
}
