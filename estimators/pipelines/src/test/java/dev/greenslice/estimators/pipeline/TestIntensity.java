package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.intensity.IntensitySource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Intensity sources for the tests, written inline until the shared implementations land on main: a fixed
 * value, and a step trace that changes at given instants.
 */
public final class TestIntensity implements IntensitySource {

    private final List<Instant> starts;
    private final List<IntensityFactor> factors;

    private TestIntensity(List<Instant> starts, List<IntensityFactor> factors) {
        this.starts = starts;
        this.factors = factors;
    }

    /** IPCC AR5 lifecycle gas: 490 (410–650) gCO2e/kWh. */
    public static TestIntensity gas() {
        return new TestIntensity(List.of(Instant.MIN), List.of(IntensityFactor.builder()
                .value(CarbonIntensity.ofGramsPerKwh(490)).low(CarbonIntensity.ofGramsPerKwh(410))
                .high(CarbonIntensity.ofGramsPerKwh(650)).basis(IntensityBasis.LIFECYCLE)
                .source("IPCC AR5 gas (test)").year(2014).build()));
    }

    public static TestIntensity fixed(double gramsPerKwh) {
        return new TestIntensity(List.of(Instant.MIN), List.of(factor(gramsPerKwh)));
    }

    /** {@code before} until {@code at}, {@code after} from then on. */
    public static TestIntensity step(double before, Instant at, double after) {
        return new TestIntensity(List.of(Instant.MIN, at), List.of(factor(before), factor(after)));
    }

    private static IntensityFactor factor(double g) {
        return IntensityFactor.exact(CarbonIntensity.ofGramsPerKwh(g), IntensityBasis.LIFECYCLE, "test", 0);
    }

    @Override
    public IntensityFactor at(Instant instant) {
        int i = 0;
        while (i + 1 < starts.size() && !instant.isBefore(starts.get(i + 1))) {
            i++;
        }
        return factors.get(i);
    }

    @Override
    public List<Instant> changesBetween(Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        for (Instant s : starts) {
            if (s.isAfter(from) && s.isBefore(to)) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public String description() {
        return "test intensity " + factors;
    }
}
