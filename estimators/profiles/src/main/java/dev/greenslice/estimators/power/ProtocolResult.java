package dev.greenslice.estimators.power;

import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.estimate.PowerTerm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the {@link ProfilingProtocol} measured at one SM clock: the board's baseline, each model's wake-up
 * power (shared, counted once) and its own power per instance size, the least-squares residual, and how
 * long profiling took. Immutable and thread-safe.
 */
public final class ProtocolResult {
    private final int clockMhz;
    private final Power baseline;
    private final Optional<Power> studyIdleAuxiliary;
    private final List<ModelCalibration> models;
    private final double rmsResidualWatts;
    private final int samples;
    private final int runs;
    private final Duration profilingTime;

    /**
     * One model's calibration.
     *
     * @param model          the model
     * @param batchSize      the batch size it was profiled at
     * @param wakeUp         power of shared logic its running keeps awake: {@code P(1 instance) − baseline −
     *                       (P(2 instances) − P(1 instance))}, i.e. the part that does not double with a second
     *                       instance
     * @param ownBySlices    per instance size (compute slices), the power the model adds on top of baseline
     *                       and wake-up
     * @param pairSlices     the instance size of the one- and two-instance runs
     */
    public record ModelCalibration(String model, int batchSize, Power wakeUp, Map<Integer, Power> ownBySlices,
                                   int pairSlices) {

        /**
         * Checks the parts and copies the power per size, sorted by slices.
         *
         * @param model       the model
         * @param batchSize   the batch size it was profiled at
         * @param wakeUp      power of shared logic its running keeps awake
         * @param ownBySlices per instance size (compute slices), its own power
         * @param pairSlices  the instance size of the one- and two-instance runs
         * @throws NullPointerException if the model, wake-up power or map is null
         */
        public ModelCalibration {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(wakeUp, "wakeUp");
            ownBySlices = java.util.Collections.unmodifiableMap(new TreeMap<>(ownBySlices));
        }
    }

    /**
     * Checks the parts and copies the calibrations.
     *
     * @param clockMhz           the SM clock profiled, in MHz
     * @param baseline           the board with MIG instances but nothing running
     * @param studyIdleAuxiliary the study's idle auxiliary power, or empty
     * @param models             per model, its calibration
     * @param rmsResidualWatts   root-mean-square residual of the fit, in W
     * @param samples            number of power samples fitted
     * @param runs               number of distinct configurations run
     * @param profilingTime      time the protocol took
     * @throws NullPointerException if the baseline, idle auxiliary power, models or time is null
     */
    ProtocolResult(int clockMhz, Power baseline, Optional<Power> studyIdleAuxiliary,
            List<ModelCalibration> models, double rmsResidualWatts, int samples, int runs,
            Duration profilingTime) {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(studyIdleAuxiliary, "studyIdleAuxiliary");
        Objects.requireNonNull(profilingTime, "profilingTime");
        models = List.copyOf(models);
        this.clockMhz = clockMhz;
        this.baseline = baseline;
        this.studyIdleAuxiliary = studyIdleAuxiliary;
        this.models = models;
        this.rmsResidualWatts = rmsResidualWatts;
        this.samples = samples;
        this.runs = runs;
        this.profilingTime = profilingTime;
    }

    /**
     * One model's calibration.
     *
     * @param model the model's name
     * @return the calibration of {@code model}
     * @throws IllegalArgumentException naming the model and the profiled ones if it was not profiled
     */
    public ModelCalibration model(String model) {
        for (ModelCalibration c : models) {
            if (c.model().equals(model)) {
                return c;
            }
        }
        throw new IllegalArgumentException("Model " + model + " was not profiled; profiled: "
                + models.stream().map(ModelCalibration::model).toList());
    }

    /**
     * A power estimator calibrated by this run, valid at {@link #clockMhz()} for the profiled models,
     * batch sizes and instance sizes: baseline once, the largest wake-up power once, and each model's own
     * power. Method name {@code "calibrated"}.
     *
     * @return the calibrated estimator; it throws {@link IllegalArgumentException} for another clock or an
     *         unprofiled model, batch size or instance size
     */
    public PowerEstimator estimator() {
        return new PowerEstimator() {
            @Override
            public String method() {
                return "calibrated";
            }

            @Override
            public PowerEstimate estimate(int clock, List<ModelPlacement> placements) {
                if (clock != clockMhz) {
                    throw new IllegalArgumentException("This calibration was measured at " + clockMhz
                            + " MHz, not " + clock + " MHz; run the protocol at that clock");
                }
                if (placements.isEmpty()) {
                    throw new IllegalArgumentException("Give at least one model to estimate");
                }
                List<PowerTerm> terms = new ArrayList<>();
                terms.add(new PowerTerm("baseline", "", baseline, "measured with instances but no load, once"));
                double[] wake = new double[placements.size()];
                double[] own = new double[placements.size()];
                int slices = 0;
                for (int i = 0; i < placements.size(); i++) {
                    ModelPlacement p = placements.get(i);
                    ModelCalibration c = model(p.model());
                    if (c.batchSize() != p.batchSize()) {
                        throw new IllegalArgumentException(p.model() + " was profiled at batch " + c.batchSize()
                                + ", not " + p.batchSize());
                    }
                    Power o = c.ownBySlices().get(p.slices());
                    if (o == null) {
                        throw new IllegalArgumentException(p.model() + " was not profiled on " + p.slices()
                                + " slices; profiled sizes: " + c.ownBySlices().keySet());
                    }
                    wake[i] = c.wakeUp().watts();
                    own[i] = o.watts();
                    slices += p.slices();
                    terms.add(new PowerTerm("own", p.model(), o, "measured on " + p.slices() + " slices"));
                }
                double[] share = Placements.shapleyOfMax(wake);
                double max = 0;
                for (double w : wake) {
                    max = Math.max(max, w);
                }
                terms.add(new PowerTerm("wake-up", "", Power.ofWatts(max), "largest measured wake-up power, once"));
                double total = baseline.watts() + max;
                List<Power> per = new ArrayList<>();
                for (int i = 0; i < placements.size(); i++) {
                    total += own[i];
                    per.add(Power.ofWatts(baseline.watts() * placements.get(i).slices() / slices + own[i] + share[i]));
                }
                return PowerEstimate.builder().method(method()).clockMhz(clock).placements(placements)
                        .total(Power.ofWatts(total)).terms(terms).perPlacement(per).build();
            }
        };
    }

    /** @return the SM clock profiled, in MHz */
    public int clockMhz() {
        return clockMhz;
    }

    /** @return the board with MIG instances but nothing running */
    public Power baseline() {
        return baseline;
    }

    /** @return the study's idle auxiliary power: the reference model's 1/2/3-instance line extrapolated to zero instances, minus the board's static and fan power; empty when no device power profile was given (static and fan unknown) */
    public Optional<Power> studyIdleAuxiliary() {
        return studyIdleAuxiliary;
    }

    /** @return per model, its calibration */
    public List<ModelCalibration> models() {
        return models;
    }

    /** @return root-mean-square residual of the least-squares fit over every sample, in W */
    public double rmsResidualWatts() {
        return rmsResidualWatts;
    }

    /** @return number of power samples fitted */
    public int samples() {
        return samples;
    }

    /** @return number of distinct configurations run */
    public int runs() {
        return runs;
    }

    /** @return wall (or simulated) time the protocol took, settling included */
    public Duration profilingTime() {
        return profilingTime;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ProtocolResult)) {
            return false;
        }
        ProtocolResult o = (ProtocolResult) other;
        return clockMhz == o.clockMhz
                && Objects.equals(baseline, o.baseline)
                && Objects.equals(studyIdleAuxiliary, o.studyIdleAuxiliary)
                && Objects.equals(models, o.models)
                && Double.compare(rmsResidualWatts, o.rmsResidualWatts) == 0
                && samples == o.samples
                && runs == o.runs
                && Objects.equals(profilingTime, o.profilingTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clockMhz, baseline, studyIdleAuxiliary, models, rmsResidualWatts, samples, runs, profilingTime);
    }

    @Override
    public String toString() {
        return "ProtocolResult[clockMhz=" + clockMhz
                + ", baseline=" + baseline
                + ", studyIdleAuxiliary=" + studyIdleAuxiliary
                + ", models=" + models
                + ", rmsResidualWatts=" + rmsResidualWatts
                + ", samples=" + samples
                + ", runs=" + runs
                + ", profilingTime=" + profilingTime + "]";
    }
}
