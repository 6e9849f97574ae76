package dev.greenslice.estimators.sim;

import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.estimators.power.PowerDecomposition;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated GPU's ground truth for the board power of models sharing it: a law of its own, deliberately
 * different from every {@link dev.greenslice.carbon.estimate.PowerEstimator} of this library, so that an
 * estimator tested against the simulator is tested against something it does not contain.
 *
 * <p>Each running model's isolated dynamic power at its placement and clock is split by the slice
 * regression of {@link PowerDecomposition} into a slice-proportional compute part {@code c_i} and a
 * slice-independent auxiliary part {@code a_i}. With {@code n} models on a board of {@code G} compute
 * slices, the law is
 *
 * <pre>
 *   P = (1 + boardOffset) · B(f)  +  (Σ a_i^p)^(1/p)  +  Σ c_i · (1 − ι_i · o_i)
 * </pre>
 *
 * <ul>
 *   <li>{@code B(f)}: the device's baseline (static + fan + idle) at the SM clock; {@code boardOffset}
 *       (default 0) makes the simulated board draw more or less than the profiled one, as another unit of
 *       the same product does.</li>
 *   <li><b>Partly shared auxiliary power, concave sum</b>: the auxiliary parts combine as their
 *       {@code p}-norm, {@code p >= 1} (default 1.6): {@code p = 1} adds them all (the study's rule), a
 *       large {@code p} keeps only the largest; two equal parts give {@code 2^(1/p)} times one.</li>
 *   <li><b>Per-model interference</b>: a co-located model loses some throughput to what MIG does not
 *       isolate (host, PCIe), and the compute power that goes with it: {@code o_i} is the share of the
 *       board's slices the other models hold, {@code ι_i} the model's sensitivity. By default
 *       {@code ι_i = interferenceScale · a_i / (a_i + c_i)} (scale 0.25): the more of a model's power does
 *       not scale with its slices (host- or latency-bound work), the more it suffers; a fixed value per
 *       model overrides it.</li>
 * </ul>
 *
 * <p>One model alone gets exactly its profiled board power (with {@code boardOffset = 0}): {@code o = 0}
 * and the norm of one part is the part. The defaults are not measurements of real co-location — no data
 * here shows two models sharing a GPU — but a plausible physics chosen to be unlike the estimators'
 * (which add or share auxiliary parts linearly and know no interference).
 *
 * <p>Immutable and thread-safe (decompositions are cached). Evaluating a placement or clock the profiles
 * lack fails with {@link IllegalArgumentException} naming it.
 */
public final class CoLocationLaw {

    private final double exponent;
    private final double interferenceScale;
    private final Map<String, Double> interference;
    private final double boardOffset;
    private final Map<Key, PowerDecomposition> cache = new ConcurrentHashMap<>();

    private record Key(ModelProfiles profiles, ModelPlacement placement, int clockMhz) {
    }

    private CoLocationLaw(Builder b) {
        this.exponent = b.exponent;
        this.interferenceScale = b.interferenceScale;
        this.interference = Map.copyOf(b.interference);
        this.boardOffset = b.boardOffset;
    }

    /** @return the default law: exponent 1.6, interference scale 0.25, no board offset */
    public static CoLocationLaw defaults() {
        return builder().build();
    }

    /** @return a builder with the default parameters */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link CoLocationLaw}. Not thread-safe. */
    public static final class Builder {
        private double exponent = 1.6;
        private double interferenceScale = 0.25;
        private final Map<String, Double> interference = new HashMap<>();
        private double boardOffset;

        private Builder() {
        }

        /**
         * The exponent {@code p} of the auxiliary parts' norm; default 1.6.
         *
         * @param p at least 1 and finite (1: auxiliary parts add up)
         * @return this builder
         * @throws IllegalArgumentException for a value below 1, NaN or infinite
         */
        public Builder auxiliaryExponent(double p) {
            if (!(p >= 1) || Double.isInfinite(p)) {
                throw new IllegalArgumentException("Auxiliary exponent must be a finite number >= 1, got " + p);
            }
            this.exponent = p;
            return this;
        }

        /**
         * The scale of the default interference {@code ι_i = scale · a_i / (a_i + c_i)}; default 0.25.
         *
         * @param scale in [0, 1]
         * @return this builder
         * @throws IllegalArgumentException outside [0, 1] or NaN
         */
        public Builder interferenceScale(double scale) {
            if (!(scale >= 0 && scale <= 1)) {
                throw new IllegalArgumentException("Interference scale must be in [0, 1], got " + scale);
            }
            this.interferenceScale = scale;
            return this;
        }

        /**
         * A fixed interference sensitivity for one model, overriding the default.
         *
         * @param model the model's name
         * @param iota  in [0, 1]: the share of its compute power lost per unit share of the board others hold
         * @return this builder
         * @throws IllegalArgumentException outside [0, 1] or NaN
         */
        public Builder interference(String model, double iota) {
            Objects.requireNonNull(model, "model");
            if (!(iota >= 0 && iota <= 1)) {
                throw new IllegalArgumentException("Interference of " + model + " must be in [0, 1], got " + iota);
            }
            interference.put(model, iota);
            return this;
        }

        /**
         * The simulated board's baseline relative to the profiled one; default 0.
         *
         * @param offset in [-0.5, 0.5]: 0.05 draws 5 % more baseline power than the profiles' device
         * @return this builder
         * @throws IllegalArgumentException outside [-0.5, 0.5] or NaN
         */
        public Builder boardOffset(double offset) {
            if (!(offset >= -0.5 && offset <= 0.5)) {
                throw new IllegalArgumentException("Board offset must be in [-0.5, 0.5], got " + offset);
            }
            this.boardOffset = offset;
            return this;
        }

        /** @return the law */
        public CoLocationLaw build() {
            return new CoLocationLaw(this);
        }
    }

    /** @return the exponent {@code p} of the auxiliary parts' norm */
    public double auxiliaryExponent() {
        return exponent;
    }

    /** @return the scale of the default interference */
    public double interferenceScale() {
        return interferenceScale;
    }

    /** @return the board offset: the simulated baseline is {@code (1 + offset)} times the profiled one */
    public double boardOffset() {
        return boardOffset;
    }

    /**
     * The interference sensitivity {@code ι} of one placement at one clock.
     *
     * @param profiles the profiles
     * @param placement the model, batch size and slices
     * @param clockMhz the SM clock, in MHz
     * @return its {@code ι}, fixed or from the default rule
     */
    public double interferenceOf(ModelProfiles profiles, ModelPlacement placement, int clockMhz) {
        Double fixed = interference.get(placement.model());
        if (fixed != null) {
            return fixed;
        }
        PowerDecomposition d = decomposition(profiles, placement, clockMhz);
        double dyn = d.dynamic().watts();
        return dyn <= 0 ? 0.0 : interferenceScale * d.sliceIndependent().watts() / dyn;
    }

    /**
     * The board power of a GPU of {@code gpuSlices} compute slices serving {@code running} at {@code clockMhz}.
     *
     * @param profiles  the models' isolated profiles
     * @param device    the device's baseline power per clock
     * @param gpuSlices compute slices of the whole board
     * @param clockMhz  the SM clock, in MHz
     * @param running   the models running (may be empty: the baseline)
     * @return the board power, in W
     * @throws IllegalArgumentException for a model, cell or clock the profiles or device lack
     */
    public double boardWatts(ModelProfiles profiles, DevicePowerProfile device, int gpuSlices, int clockMhz,
                             List<ModelPlacement> running) {
        double total = (1 + boardOffset) * device.baseline(clockMhz).watts();
        if (running.isEmpty()) {
            return total;
        }
        int slices = 0;
        for (ModelPlacement m : running) {
            slices += m.slices();
        }
        double norm = 0;
        double largest = 0;
        double[] aux = new double[running.size()];
        for (int i = 0; i < running.size(); i++) {
            aux[i] = decomposition(profiles, running.get(i), clockMhz).sliceIndependent().watts();
            largest = Math.max(largest, aux[i]);
        }
        if (largest > 0) {
            // Scaled by the largest part so that the power never overflows.
            for (double a : aux) {
                norm += Math.pow(a / largest, exponent);
            }
            norm = largest * Math.pow(norm, 1.0 / exponent);
        }
        total += norm;
        for (int i = 0; i < running.size(); i++) {
            ModelPlacement m = running.get(i);
            PowerDecomposition d = decomposition(profiles, m, clockMhz);
            double others = (double) (slices - m.slices()) / gpuSlices;
            total += d.compute().watts() * (1 - interferenceOf(profiles, m, clockMhz) * others);
        }
        return total;
    }

    private PowerDecomposition decomposition(ModelProfiles profiles, ModelPlacement m, int clockMhz) {
        // Keyed by the profiles' identity too: one law may serve simulators over different data.
        return cache.computeIfAbsent(new Key(profiles, m, clockMhz),
                k -> PowerDecomposition.of(profiles.profile(m.model()), m, clockMhz));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CoLocationLaw[auxiliary %.2f-norm, interference %s, board offset %+.3f]",
                exponent, interference.isEmpty() ? "scale " + interferenceScale
                        : "scale " + interferenceScale + " except " + interference, boardOffset);
    }
}
