package dev.greenslice.carbon.tune;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.plan.SloCheck;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One point of a carbon-versus-clock curve: the GPU's predicted (or measured) time, energy, operational and
 * embodied carbon at one SM clock, and every co-located model's latency against its SLO there. Immutable.
 *
 * @param clockMhz    the SM clock, in MHz
 * @param makespan    time until the last model completes
 * @param energy      the GPU's energy over the makespan, idle baseline included
 * @param operational operational carbon
 * @param embodied    embodied carbon
 * @param slos        each co-located model's latency against its SLO, in the request's order
 */
public record ClockPoint(int clockMhz, Duration makespan, Energy energy, CarbonFigure operational,
                         CarbonFigure embodied, List<SloCheck> slos) {

    /**
     * Checks the components.
     *
     * @param clockMhz the SM clock, in MHz
     * @param makespan time until the last model completes
     * @param energy the GPU's energy over the makespan, idle baseline included
     * @param operational operational carbon
     * @param embodied embodied carbon
     * @param slos each co-located model's latency against its SLO, in the request's order
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    public ClockPoint {
        Objects.requireNonNull(makespan, "makespan");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(operational, "operational");
        Objects.requireNonNull(embodied, "embodied");
        slos = List.copyOf(slos);
        if (clockMhz < 1) {
            throw new IllegalArgumentException("SM clock must be >= 1 MHz, got " + clockMhz);
        }
    }

    /** @return operational + embodied */
    public CarbonFigure total() {
        return operational.plus(embodied);
    }

    /** @return whether every co-located model meets its SLO at this clock */
    public boolean meetsSlos() {
        return slos.stream().allMatch(SloCheck::met);
    }

    /** @return the names of the models that miss their SLO at this clock */
    public List<String> missing() {
        return slos.stream().filter(s -> !s.met()).map(SloCheck::demand).toList();
    }

    @Override
    public String toString() {
        return clockMhz + " MHz: " + total() + (meetsSlos() ? "" : " (misses SLO: " + String.join(", ", missing()) + ")");
    }
}
