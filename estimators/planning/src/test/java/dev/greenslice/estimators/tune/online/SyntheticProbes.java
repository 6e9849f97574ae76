package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.meter.Attribution;
import dev.greenslice.carbon.meter.CarbonReport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Probe points with given figures, for testing searches on curves of any shape without a GPU. */
final class SyntheticProbes {

    private SyntheticProbes() {
    }

    /**
     * A probe of one request that used {@code joules} and emitted {@code embodiedGrams} of embodied carbon, whose
     * model meets its 100 ms SLO if {@code meetsSlo}.
     */
    static ProbePoint probe(int clockMhz, double joules, double embodiedGrams, boolean meetsSlo) {
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        Duration d = Duration.ofMillis(100);
        CarbonFigure embodied = CarbonFigure.exact(CarbonMass.ofGrams(embodiedGrams));
        CarbonFigure operational = CarbonFigure.ZERO;
        CarbonReport report = new CarbonReport("synthetic", start, start.plus(d), d, "synthetic", Attribution.DEVICE_TOTAL,
                List.of(), Energy.ofJoules(joules), true, Optional.empty(), Optional.of(operational), List.of(),
                Optional.of(embodied), Optional.of(operational.plus(embodied)), List.of(), List.of());
        ServedWork served = ServedWork.of("m", 1, meetsSlo ? 50 : 150, OptionalDouble.of(100));
        return new ProbePoint(clockMhz, served, report);
    }
}
