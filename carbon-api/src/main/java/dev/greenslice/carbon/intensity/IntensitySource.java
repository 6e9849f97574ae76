package dev.greenslice.carbon.intensity;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.Energy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the grid's carbon intensity comes from: a fixed value, a per-energy-source figure, an hourly (or
 * finer) time series, or a live provider.
 *
 * <p>Intensity may change over time; {@link #changesBetween} says where, so that operational carbon can
 * be integrated piecewise: a window spanning an hour boundary of a trace uses both hours.
 *
 * <p>Implementations are thread-safe. They fail with {@link IllegalArgumentException} for instants they
 * have no data for (outside a trace), naming the instant and the covered range.
 */
public interface IntensitySource {

    /**
     * The factor in effect at one instant.
     *
     * @param instant when
     * @return the factor in effect at {@code instant}
     * @throws IllegalArgumentException if the source has no data for {@code instant}
     */
    IntensityFactor at(Instant instant);

    /**
     * Where the factor changes inside an interval.
     *
     * @param from the interval's start
     * @param to   the interval's end, not before {@code from}
     * @return the instants strictly inside {@code (from, to)} where the factor changes, ascending
     */
    List<Instant> changesBetween(Instant from, Instant to);

    /** @return a one-line description for reports, e.g. {@code "gas (IPCC AR5 median)"} */
    String description();

    /**
     * Operational carbon of {@code energy} consumed at a uniform rate over {@code [from, to]}, split at
     * every change of intensity in between. Use a finer split (energy per sub-interval) where it is known.
     *
     * @param energy the energy consumed in the interval
     * @param from   the interval's start
     * @param to     the interval's end
     * @return the carbon, with the range the factors carry
     * @throws IllegalArgumentException if {@code to} is before {@code from}
     */
    default CarbonFigure carbonOf(Energy energy, Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Interval end " + to + " is before its start " + from);
        }
        long totalNanos = Duration.between(from, to).toNanos();
        if (totalNanos == 0) {
            return carbonAt(energy, from);
        }
        List<Instant> cuts = new ArrayList<>();
        cuts.add(from);
        cuts.addAll(changesBetween(from, to));
        cuts.add(to);
        CarbonFigure sum = CarbonFigure.ZERO;
        for (int i = 0; i + 1 < cuts.size(); i++) {
            double share = Duration.between(cuts.get(i), cuts.get(i + 1)).toNanos() / (double) totalNanos;
            sum = sum.plus(carbonAt(energy.times(share), cuts.get(i)));
        }
        return sum;
    }

    /**
     * Operational carbon of {@code energy} consumed at one instant's intensity.
     *
     * @param energy  the energy
     * @param instant whose factor applies
     * @return the carbon, with the range the factor carries
     */
    default CarbonFigure carbonAt(Energy energy, Instant instant) {
        IntensityFactor f = at(instant);
        return new CarbonFigure(f.value().times(energy), f.low().times(energy), f.high().times(energy));
    }
}
