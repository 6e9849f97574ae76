package dev.greenslice.samples.study;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Carbon of one shared GPU against its SM clock (all MIG instances share one clock), as the frequency tuner
 * computed it: per clock,
 * the energy, operational and embodied carbon of the run and whether every model meets its SLO. Immutable.
 *
 * @param points one per clock, ascending
 * @param chosenClockMhz the tuner's choice: the lowest-carbon clock at which every model meets its SLO, or empty
 *                       if no clock does
 */
public record ClockCurve(List<ClockCurve.Point> points, OptionalInt chosenClockMhz) {

    /**
     * The run at one clock.
     *
     * @param clockMhz    the SM clock, in MHz
     * @param energy      energy of the run, idle baseline included
     * @param operational operational carbon
     * @param embodied    embodied carbon (the whole GPU over the makespan)
     * @param meetsSlo    whether every model meets its SLO at this clock
     */
    public record Point(int clockMhz, Energy energy, CarbonFigure operational, CarbonFigure embodied,
                        boolean meetsSlo) {

        /**
         * Checks that no figure is null.
         *
         * @param clockMhz    the SM clock, in MHz
         * @param energy      energy of the run, idle baseline included
         * @param operational operational carbon
         * @param embodied    embodied carbon (the whole GPU over the makespan)
         * @param meetsSlo    whether every model meets its SLO at this clock
         * @throws NullPointerException for a missing figure
         */
        public Point {
            Objects.requireNonNull(energy, "energy");
            Objects.requireNonNull(operational, "operational");
            Objects.requireNonNull(embodied, "embodied");
        }

        /** @return operational + embodied, in grams */
        public double totalGrams() {
            return operational.plus(embodied).value().grams();
        }
    }

    /**
     * Sorts the points by clock and checks the choice.
     *
     * @param points one per clock, ascending
     * @param chosenClockMhz the tuner's choice: the lowest-carbon clock at which every model meets its SLO, or empty
     *                       if no clock does
     * @throws IllegalArgumentException for an empty curve, or a chosen clock not on it or missing an SLO
     */
    public ClockCurve {
        points = points.stream().sorted(Comparator.comparingInt(Point::clockMhz)).toList();
        Objects.requireNonNull(chosenClockMhz, "chosenClockMhz");
        if (points.isEmpty()) {
            throw new IllegalArgumentException("A clock curve needs at least one clock");
        }
        if (chosenClockMhz.isPresent()) {
            int c = chosenClockMhz.getAsInt();
            if (points.stream().noneMatch(p -> p.clockMhz() == c && p.meetsSlo())) {
                throw new IllegalArgumentException("Chosen clock " + c + " MHz is not an SLO-keeping point of the curve");
            }
        }
    }

    /** @return the chosen clock's point, if a clock was chosen */
    public Optional<Point> best() {
        if (chosenClockMhz.isEmpty()) {
            return Optional.empty();
        }
        return at(chosenClockMhz.getAsInt());
    }

    /**
     * The point at one clock.
     *
     * @param clockMhz the SM clock, in MHz
     * @return the point at {@code clockMhz}, if the curve has it
     */
    public Optional<Point> at(int clockMhz) {
        return points.stream().filter(p -> p.clockMhz() == clockMhz).findFirst();
    }
}
