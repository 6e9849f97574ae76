package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.tune.TuningResult;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One run of an {@link OnlineFrequencyTuner}: the probes it metered, the carbon-versus-clock curve they make
 * (as a {@link TuningResult}, like the offline tuner's), and what it did with the GPU's clock. Immutable.
 *
 * <p><b>The curve is per request.</b> Each {@link dev.greenslice.carbon.tune.ClockPoint} of {@link #result()} is
 * one probed clock with figures per request served: {@code makespan} is the probe's duration per request,
 * {@code energy} the GPU's energy per request, {@code operational} that energy priced at
 * {@link #referenceIntensity()} (so all probes compare on equal terms; the metered figure is in each
 * {@link ProbePoint#report()}), {@code embodied} the GPU's embodied carbon per request. The chosen clock is
 * the one with the least carbon per request among probes meeting every SLO.
 */
public final class OnlineTuning {
    private final String trigger;
    private final Instant at;
    private final CarbonIntensity referenceIntensity;
    private final String search;
    private final int candidates;
    private final List<ProbePoint> probes;
    private final TuningResult result;
    private final Action action;
    private final OptionalInt clockMhz;
    private final Optional<TuningResult> prediction;
    private final List<String> notes;

    /** What the tuner did with the GPU's clock. */
    public enum Action {
        /** Locked the chosen clock. */
        APPLIED,
        /** Re-tuned, but kept the clock in use: the new best saves less than the switch margin. */
        KEPT,
        /** No probed clock meets every SLO: the clock lock was released (the driver's default, the fastest). */
        NO_CLOCK_MEETS_SLOS,
        /** The device refused clock control (no permission): nothing was changed; see the notes and clockMhz. */
        DRY_RUN
    }

    /**
     * Checks the parts and copies the lists.
     *
     * @param trigger            why the tuner ran
     * @param at                 when the run started, on the tuner's clock
     * @param referenceIntensity the intensity probes were priced at
     * @param search             the search's description
     * @param candidates         how many candidate clocks there were, {@code >= 1}
     * @param probes             the probes in the order taken
     * @param result             the curve over the probed clocks
     * @param action             what the tuner did with the clock
     * @param clockMhz           the clock locked now, or the clock it would have set, or empty
     * @param prediction         for a dry run, the prior tuner's curve, or empty
     * @param notes              anything the figures leave out, in words
     * @throws NullPointerException     if a part is null
     * @throws IllegalArgumentException for fewer than one candidate clock
     */
    OnlineTuning(String trigger, Instant at, CarbonIntensity referenceIntensity, String search, int candidates,
            List<ProbePoint> probes, TuningResult result, Action action, OptionalInt clockMhz,
            Optional<TuningResult> prediction, List<String> notes) {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(referenceIntensity, "referenceIntensity");
        Objects.requireNonNull(search, "search");
        probes = List.copyOf(probes);
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(clockMhz, "clockMhz");
        Objects.requireNonNull(prediction, "prediction");
        notes = List.copyOf(notes);
        if (candidates < 1) {
            throw new IllegalArgumentException("An online tuning has at least one candidate clock, got " + candidates);
        }
        this.trigger = trigger;
        this.at = at;
        this.referenceIntensity = referenceIntensity;
        this.search = search;
        this.candidates = candidates;
        this.probes = probes;
        this.result = result;
        this.action = action;
        this.clockMhz = clockMhz;
        this.prediction = prediction;
        this.notes = notes;
    }

    /** @return how many probes the run took */
    public int probeCount() {
        return probes.size();
    }

    /** @return whether the GPU's clock is locked at {@link #clockMhz()} now */
    public boolean applied() {
        return action == Action.APPLIED || action == Action.KEPT;
    }

    /**
     * The probe at one clock.
     *
     * @param clockMhz the SM clock, in MHz
     * @return the probe at {@code clockMhz}, if this run took one
     */
    public Optional<ProbePoint> probeAt(int clockMhz) {
        return probes.stream().filter(p -> p.clockMhz() == clockMhz).findFirst();
    }

    /** @return carbon per request of the chosen clock at the reference intensity, if one was chosen */
    public Optional<CarbonMass> chosenCarbonPerRequest() {
        return result.chosen().map(p -> p.total().value());
    }

    @Override
    public String toString() {
        return "online tuning (" + trigger + "): " + action + clockMhz.stream().mapToObj(c -> " " + c + " MHz")
                .findFirst().orElse("") + " after " + probes.size() + " of " + candidates + " probes";
    }

    /** @return why the tuner ran, e.g. {@code "requested"} or {@code "intensity moved from 490 to 11 gCO2e/kWh"} */
    public String trigger() {
        return trigger;
    }

    /** @return when the run started, on the tuner's clock */
    public Instant at() {
        return at;
    }

    /** @return the intensity probes were priced at: the intensity in effect at {@code at} */
    public CarbonIntensity referenceIntensity() {
        return referenceIntensity;
    }

    /** @return the search's description */
    public String search() {
        return search;
    }

    /** @return how many candidate clocks there were: what an exhaustive sweep would probe */
    public int candidates() {
        return candidates;
    }

    /** @return the probes in the order taken */
    public List<ProbePoint> probes() {
        return probes;
    }

    /** @return the curve over the probed clocks, the chosen clock or why none was chosen */
    public TuningResult result() {
        return result;
    }

    /** @return what the tuner did with the clock */
    public Action action() {
        return action;
    }

    /**
     * @return the clock locked now ({@link Action#APPLIED}, {@link Action#KEPT}), or the clock it would have set
     *         ({@link Action#DRY_RUN}, when it can tell); empty otherwise
     */
    public OptionalInt clockMhz() {
        return clockMhz;
    }

    /** @return for a dry run, the prior tuner's curve (from profiles) the would-be clock comes from */
    public Optional<TuningResult> prediction() {
        return prediction;
    }

    /** @return anything the figures leave out or the user should do, in words */
    public List<String> notes() {
        return notes;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof OnlineTuning)) {
            return false;
        }
        OnlineTuning o = (OnlineTuning) other;
        return Objects.equals(trigger, o.trigger)
                && Objects.equals(at, o.at)
                && Objects.equals(referenceIntensity, o.referenceIntensity)
                && Objects.equals(search, o.search)
                && candidates == o.candidates
                && Objects.equals(probes, o.probes)
                && Objects.equals(result, o.result)
                && Objects.equals(action, o.action)
                && Objects.equals(clockMhz, o.clockMhz)
                && Objects.equals(prediction, o.prediction)
                && Objects.equals(notes, o.notes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(trigger, at, referenceIntensity, search, candidates, probes, result, action, clockMhz,
                prediction, notes);
    }
}
