package dev.greenslice.carbon.intensity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** An intensity that never changes: one factor for every instant. */
record FixedIntensity(IntensityFactor factor, String description) implements IntensitySource {

    FixedIntensity {
        Objects.requireNonNull(factor, "factor");
        Objects.requireNonNull(description, "description");
    }

    @Override
    public IntensityFactor at(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return factor;
    }

    @Override
    public List<Instant> changesBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return List.of();
    }

    @Override
    public String toString() {
        return description;
    }
}
