package dev.greenslice.carbon.tune;

import dev.greenslice.carbon.Assumption;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a {@link FrequencyTuner} found for one GPU: the carbon-versus-clock curve (every clock evaluated,
 * ascending), the chosen clock — the one with the least total carbon among those where every model meets its
 * SLO — or, when no clock meets every SLO, the reason.
 *
 * <p>Immutable. The constructor checks that exactly one of the chosen clock and the reason is present, and
 * that a chosen clock is on the curve and meets every SLO, throwing {@link IllegalArgumentException}
 * otherwise.
 *
 * @param tuner          the tuner's name
 * @param curve          every clock evaluated, ascending by clock
 * @param chosenClockMhz the chosen clock, in MHz, or empty if no clock meets every SLO
 * @param reason         why no clock was chosen (which model misses its SLO even at its fastest clock), or
 *                       empty when one was
 * @param assumptions    how the curve was obtained (profiles or measurements, estimator, queueing, carbon)
 */
public record TuningResult(String tuner, List<ClockPoint> curve, OptionalInt chosenClockMhz, Optional<String> reason,
                           List<Assumption> assumptions) {

    /**
     * Checks the components.
     *
     * @param tuner the tuner's name
     * @param curve every clock evaluated, ascending by clock
     * @param chosenClockMhz the chosen clock, in MHz, or empty if no clock meets every SLO
     * @param reason why no clock was chosen (which model misses its SLO even at its fastest clock), or empty when one was
     * @param assumptions how the curve was obtained (profiles or measurements, estimator, queueing, carbon)
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    public TuningResult {
        Objects.requireNonNull(tuner, "tuner");
        curve = List.copyOf(curve);
        Objects.requireNonNull(chosenClockMhz, "chosenClockMhz");
        Objects.requireNonNull(reason, "reason");
        assumptions = List.copyOf(assumptions);
        if (chosenClockMhz.isPresent() == reason.isPresent()) {
            throw new IllegalArgumentException("A tuning result has either a chosen clock or a reason why none was"
                    + " chosen: clock " + chosenClockMhz + ", reason " + reason);
        }
        for (int i = 1; i < curve.size(); i++) {
            if (curve.get(i).clockMhz() <= curve.get(i - 1).clockMhz()) {
                throw new IllegalArgumentException("Curve clocks must ascend: " + curve.get(i - 1).clockMhz()
                        + " then " + curve.get(i).clockMhz() + " MHz");
            }
        }
        if (chosenClockMhz.isPresent()) {
            int c = chosenClockMhz.getAsInt();
            ClockPoint p = curve.stream().filter(x -> x.clockMhz() == c).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("Chosen clock " + c + " MHz is not on the curve"));
            if (!p.meetsSlos()) {
                throw new IllegalArgumentException("Chosen clock " + c + " MHz misses the SLO of " + p.missing());
            }
        }
    }

    /** @return the point of the chosen clock, if one was chosen */
    public Optional<ClockPoint> chosen() {
        if (chosenClockMhz.isEmpty()) {
            return Optional.empty();
        }
        int c = chosenClockMhz.getAsInt();
        return curve.stream().filter(x -> x.clockMhz() == c).findFirst();
    }

    /**
     * @param clockMhz the clock, in MHz
     * @return the point at {@code clockMhz}, if it was evaluated
     */
    public Optional<ClockPoint> at(int clockMhz) {
        return curve.stream().filter(x -> x.clockMhz() == clockMhz).findFirst();
    }

    /** @return the points where every model meets its SLO */
    public List<ClockPoint> feasible() {
        return curve.stream().filter(ClockPoint::meetsSlos).toList();
    }

    @Override
    public String toString() {
        return tuner + " tuner: " + (chosen().map(p -> "chose " + p).orElseGet(() -> "no clock: " + reason.orElse("")));
    }
}
