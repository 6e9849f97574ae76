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
 *
 * @param clockMhz            the SM clock profiled, in MHz
 * @param baseline            the board with MIG instances but nothing running
 * @param studyIdleAuxiliary  the study's idle auxiliary power: the reference model's 1/2/3-instance line
 *                            extrapolated to zero instances, minus the board's static and fan power; empty
 *                            when no device power profile was given (static and fan unknown)
 * @param models              per model, its calibration
 * @param rmsResidualWatts    root-mean-square residual of the least-squares fit over every sample, in W
 * @param samples             number of power samples fitted
 * @param runs                number of distinct configurations run
 * @param profilingTime       wall (or simulated) time the protocol took, settling included
 */
public record ProtocolResult(int clockMhz, Power baseline, Optional<Power> studyIdleAuxiliary,
                             List<ModelCalibration> models, double rmsResidualWatts, int samples, int runs,
                             Duration profilingTime) {

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
    public ProtocolResult {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(studyIdleAuxiliary, "studyIdleAuxiliary");
        Objects.requireNonNull(profilingTime, "profilingTime");
        models = List.copyOf(models);
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
}
