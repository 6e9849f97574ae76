package dev.greenslice.estimators.power;

import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfiles;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@link PowerEstimator}s of this library, built from isolated model profiles and the device's
 * baseline power.
 *
 * <ul>
 *   <li>{@link #additive}: the sum of each model's isolated board power. It counts the board's baseline
 *       once per model; the co-location study measured a 1.8× overestimate with it.</li>
 *   <li>{@link #decomposed(ModelProfiles, DevicePowerProfile, AuxiliaryRule)}: board static and idle
 *       auxiliary power once, each model's compute part, and its auxiliary part combined by a rule:
 *       {@link AuxiliaryRule#SUMMED} (the study's; 1.2× overestimate measured) or
 *       {@link AuxiliaryRule#SHARED_WAKE_UP} (this library's).</li>
 *   <li>{@link #best}: the decomposed estimator with the shared wake-up rule.</li>
 * </ul>
 *
 * <p><b>Why the shared wake-up rule.</b> Under MIG each model keeps its isolated compute, memory bandwidth
 * and therefore throughput; so whatever power follows a model's work (its kernels, its memory traffic) or
 * its instance's size (clocked SMs) is still drawn when other models run beside it, and adds. What does not
 * add is power of logic all instances share and that any running instance keeps awake. The isolated
 * profiles identify that part: fitted across every batch size and instance size at a clock, dynamic power
 * is {@code A + k·slices + w·throughput} to within 2–6 % on the EnerTune A100 data, and the intercept
 * {@code A} is power that neither slices nor work explain — the wake-up power — which is counted once at
 * the largest model's level. The study's slice-only intercept ("auxiliary") is mostly work that does not
 * scale with slices (a host-bound model does the same work on any instance), which is why adding it was not
 * the mistake the study suspected for all of it; counting the wake-up part once is what removes the
 * double count. Each model's attributable power is its own parts, its share of the board baseline in
 * proportion to its slices, and its Shapley share of the shared wake-up power.
 *
 * <p><b>What validates this and what does not.</b> The data set holds isolated runs only. What it
 * validates: the decomposition reproduces every isolated measurement exactly (one model alone is its
 * measured board power); the three-term fit explains each (model, clock) within a few percent; and the
 * wake-up terms it finds are small (0–10 W at most clocks), as the power of shared, otherwise idle logic
 * should be. What it cannot validate: the co-located total — no measurement of two models sharing the GPU
 * exists here, so the rule's error on co-located power is unknown, and on this data the rule lowers the
 * study's summed estimate by only a few watts. If real co-located power is well below that (the study saw
 * 1.2×), the missing power is not in any isolated run: most likely co-located models lose throughput to
 * host or PCIe contention that MIG does not isolate, and their work power with it. The
 * {@link ProfilingProtocol} measures the quantity the rules disagree on on a live device: its one- and
 * two-instance runs give the part of a model's power that does not double with a second instance.
 *
 * <p><b>Calibration.</b> {@link #calibrated} fits the rule's uncertain parameters to a few co-located
 * sets measured on the user's GPU (e.g. with {@link ProfilingProtocol#measureColocated}) and reports its
 * leave-one-out error. The simulated GPU has its own ground-truth law ({@code CoLocationLaw}), unlike any
 * estimator here, so that estimators and calibration are tested against physics they do not contain.
 *
 * <p>Estimators are immutable and thread-safe. They fail with {@link IllegalArgumentException} naming the
 * model, cell or clock they have no data for, or when the placements use more slices than the GPU has.
 */
public final class PowerEstimators {

    /** Compute slices of an A100 or H100: the default limit on the placements of one estimate. */
    public static final int A100_SLICES = 7;

    private PowerEstimators() {
    }

    /**
     * The naive additive estimator over the given profiles.
     *
     * @param profiles the models' isolated profiles
     * @param device   the GPU's baseline power per clock
     * @return the additive estimator, method {@code "additive"}
     */
    public static PowerEstimator additive(ModelProfiles profiles, DevicePowerProfile device) {
        return new AdditiveEstimator(Objects.requireNonNull(profiles), Objects.requireNonNull(device), A100_SLICES);
    }

    /**
     * The decomposed estimator with {@code rule}.
     *
     * @param profiles the models' isolated profiles
     * @param device   the GPU's baseline power per clock
     * @param rule     how the models' auxiliary parts combine
     * @return the decomposed estimator, method {@link AuxiliaryRule#method()}
     */
    public static PowerEstimator decomposed(ModelProfiles profiles, DevicePowerProfile device, AuxiliaryRule rule) {
        return new DecomposedEstimator(Objects.requireNonNull(profiles), Objects.requireNonNull(device),
                Objects.requireNonNull(rule), A100_SLICES);
    }

    /**
     * The decomposed estimator with the shared wake-up rule.
     *
     * @param profiles the models' isolated profiles
     * @param device   the GPU's baseline power per clock
     * @return the decomposed estimator with {@link AuxiliaryRule#SHARED_WAKE_UP}
     */
    public static PowerEstimator decomposed(ModelProfiles profiles, DevicePowerProfile device) {
        return decomposed(profiles, device, AuxiliaryRule.SHARED_WAKE_UP);
    }

    /**
     * The best estimator the library has: {@link #decomposed(ModelProfiles, DevicePowerProfile)}.
     *
     * @param profiles the models' isolated profiles
     * @param device   the GPU's baseline power per clock
     * @return the best estimator over these profiles
     */
    public static PowerEstimator best(ModelProfiles profiles, DevicePowerProfile device) {
        return decomposed(profiles, device);
    }

    /**
     * The best estimator over the embedded EnerTune A100 data.
     *
     * @return the best estimator over {@link EnerTuneA100#profiles()} and {@link EnerTuneA100#devicePower()}
     */
    public static PowerEstimator embedded() {
        return best(EnerTuneA100.profiles(), EnerTuneA100.devicePower());
    }

    /**
     * The decomposed rule of {@code base} with the parameters physics leaves uncertain fitted to measured
     * co-located sets of the user's own GPU (see {@link Calibration} for the parameters and their bounds):
     *
     * <pre>
     *   P = (1 + β)·B(f) + max wake-up + max activity + α·(Σ activity − max activity)
     *       + Σ compute_i · (1 − κ·o_i)
     * </pre>
     * with, per model, its isolated dynamic power split by {@link PowerDecomposition} into slice-proportional
     * compute, slice-independent activity and wake-up power, {@code o_i} the share of the board's slices the
     * other models hold and {@code B(f)} the device's baseline. At {@code (α, κ, β) = (1, 0, 0)} this is
     * {@code base} exactly. The fit minimises the squared relative error (bounded linear least squares, solved
     * with Commons Math's QR over every combination of free and bound-held parameters). It fits at most one
     * parameter fewer than there are sets (at least one), in the order α, κ, β, and only those the sets
     * identify (α and κ need a set of two or more models); the rest keep their uncalibrated values and
     * {@link Calibration#note()} says so.
     *
     * @param base         a decomposed estimator of this class ({@link #decomposed}, {@link #best} or
     *                     {@link #embedded}) over the profiles the sets' models come from
     * @param measurements the measured sets, at least one; each at a clock and on cells the profiles have
     * @param label        what to call the calibration in every estimate's provenance (e.g. the file's name)
     * @return the calibrated estimator, method {@code "decomposed-calibrated"}
     * @throws IllegalArgumentException for another kind of estimator, no sets, or a set the profiles cannot
     *                                  estimate (naming the set's origin and the missing model, cell or clock)
     */
    public static CalibratedPowerEstimator calibrated(PowerEstimator base, List<ColocatedMeasurement> measurements,
                                                      String label) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(label, "label");
        if (!(base instanceof DecomposedEstimator d)) {
            throw new IllegalArgumentException("Only a decomposed estimator can be calibrated (its rule has the"
                    + " parameters to fit); got the " + base.method() + " estimator");
        }
        return CalibratedEstimator.fit(d, List.copyOf(measurements), label);
    }

    /**
     * As {@link #calibrated(PowerEstimator, List, String)}, labelled "measured sets".
     *
     * @param base         a decomposed estimator of this class
     * @param measurements the measured sets, at least one
     * @return the calibrated estimator
     * @throws IllegalArgumentException as {@link #calibrated(PowerEstimator, List, String)}
     */
    public static CalibratedPowerEstimator calibrated(PowerEstimator base, List<ColocatedMeasurement> measurements) {
        return calibrated(base, measurements, "measured sets");
    }

    /**
     * An estimator by its method name: {@code additive}, {@code decomposed} (shared wake-up rule) or
     * {@code decomposed-summed-auxiliary} (the study's rule).
     *
     * @param method   the method's name, case and surrounding blanks ignored
     * @param profiles the models' isolated profiles
     * @param device   the GPU's baseline power per clock
     * @return the estimator of that method
     * @throws IllegalArgumentException naming the method and listing the known ones
     */
    public static PowerEstimator byMethod(String method, ModelProfiles profiles, DevicePowerProfile device) {
        String m = method.trim().toLowerCase(Locale.ROOT);
        if (m.equals("additive")) {
            return additive(profiles, device);
        }
        for (AuxiliaryRule r : AuxiliaryRule.values()) {
            if (r.method().equals(m)) {
                return decomposed(profiles, device, r);
            }
        }
        throw new IllegalArgumentException("Unknown estimation method '" + method
                + "'; use additive, decomposed or decomposed-summed-auxiliary");
    }
}
