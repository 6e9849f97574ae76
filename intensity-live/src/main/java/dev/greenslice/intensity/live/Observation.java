package dev.greenslice.intensity.live;

import dev.greenslice.carbon.CarbonIntensity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One value a provider published: the intensity that held over {@code [start, start + length)}.
 *
 * @param start  when the value starts to hold
 * @param length how long it holds (the provider's resolution: 1 h, 30 min, 5 min)
 * @param value  the intensity
 * @param detail what kind of value it is, for the factor's source text ({@code "estimated"}, {@code "forecast"}),
 *               or empty
 */
record Observation(Instant start, Duration length, CarbonIntensity value, String detail) {

    Observation {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(detail, "detail");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("Observation length must be positive, got " + length);
        }
    }

    Instant end() {
        return start.plus(length);
    }

    boolean covers(Instant t) {
        return !t.isBefore(start) && t.isBefore(end());
    }
}
