package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.intensity.IntensitySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A step-function intensity for meter tests: value {@code values[i]} from {@code origin + i × step}. */
final class TestIntensity implements IntensitySource {

    private final Instant origin;
    private final Duration step;
    private final double[] values;

    TestIntensity(Instant origin, Duration step, double... gramsPerKwh) {
        this.origin = origin;
        this.step = step;
        this.values = gramsPerKwh;
    }

    static TestIntensity constant(double gramsPerKwh) {
        return new TestIntensity(Instant.EPOCH, Duration.ofDays(365 * 100L), gramsPerKwh);
    }

    int indexAt(Instant t) {
        long i = Duration.between(origin, t).toNanos() / step.toNanos();
        return (int) Math.max(0, Math.min(values.length - 1, i));
    }

    double valueAt(Instant t) {
        return values[indexAt(t)];
    }

    @Override
    public IntensityFactor at(Instant instant) {
        double v = valueAt(instant);
        return IntensityFactor.builder().value(CarbonIntensity.ofGramsPerKwh(v)).low(CarbonIntensity.ofGramsPerKwh(v * 0.5))
                .high(CarbonIntensity.ofGramsPerKwh(v * 2)).basis(IntensityBasis.LIFECYCLE).source("test").year(2024)
                .build();
    }

    @Override
    public List<Instant> changesBetween(Instant from, Instant to) {
        List<Instant> cuts = new ArrayList<>();
        for (int i = 1; i < values.length; i++) {
            Instant c = origin.plus(step.multipliedBy(i));
            if (c.isAfter(from) && c.isBefore(to)) {
                cuts.add(c);
            }
        }
        return cuts;
    }

    @Override
    public String description() {
        return "test steps";
    }
}
