package dev.greenslice.estimators.reduction;

import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfilePoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Profile reduction: fits each model's whole (batch, slices, clock) grid from a small measured share of it
 * with a physically shaped model, so that a GPU type need not be profiled exhaustively.
 *
 * <p><b>The model.</b> Latency and the batch interval at peak load (1000 b / throughput) follow
 * {@code T = W_b (1/s + 1/(κ b^ν)) / f + m (b + b_m)/mem(s) + k (b + b_k)}, floored smoothly at {@code F}:
 * compute that spreads over the instance's slices and scales with the clock, its critical path (a small
 * batch cannot fill many SMs), a memory-bound share that scales with the instance's memory slots and not
 * with the clock, host time, and a launch/host floor. {@code W_b} is free per batch size (batch efficiency)
 * but smooth in {@code log b}. Dynamic power follows
 * {@code P = V(f)² (e b^η / I + g s f + h f) + q b / I + c}: switching energy per batch delivered once
 * per batch interval {@code I}, clocked SMs of the instance, clocked shared logic, memory traffic and a
 * constant, with the GPU's voltage curve {@code V(f) = 1 + β softplus(f − f_knee)} fitted jointly across all
 * models of the training set (it is the hardware's, not a model's). Both are fitted in log space — relative
 * errors — by Levenberg–Marquardt (Commons Math), with weak priors that keep under-determined terms at a
 * balanced split, so that even four points of a model give a usable curve.
 *
 * <p><b>Measured figures</b> (EnerTune A100 80GB; 10 % of each model's grid measured, 4 to 45 points; mean
 * absolute percentage error on the other 90 %, averaged over the 11 models). Dynamic power — board power less the
 * measured device baseline (44–73 W), the part this model predicts — leads; board power, which adds the shared
 * baseline to both sides, is beside it. Ten seeds each ({@code ProfileReductionEvaluationTest}): seeded random
 * samples — dynamic power 5.8 % (worst seed 6.4 %), board power 2.4 %, latency 4.5 % (worst 5.9 %), throughput
 * 3.9 %; stratified samples — 5.6 %, 2.3 %, 3.9 %, 3.3 %; the {@link ProfilingDesign} — 5.2 %, 2.2 %, 3.8 %, 3.0 %.
 * <b>On a new model</b> (the shape constants chosen on 6 models, scored on the other 5, all 462 splits;
 * {@code ProfileReductionOutOfSampleTest}): dynamic power 5.2 % (worst split 6.1 %), latency 3.7 % (worst 5.0 %) —
 * the same as the library's constants score, so they are not fitted to these models. The models measured on only
 * 36 cells (gpt, the two diffusion models) are the hardest: with four points a single unlucky draw reaches 12 %
 * dynamic power or 13 % latency. A cubic polynomial on the same samples gets about 10 % on board power and over 70 %
 * on latency.
 * <p><b>What to measure</b>: {@link ProfilingDesign} chooses the cells.
 *
 * <p>Stateless and thread-safe. Fails with {@link IllegalArgumentException} naming the model when a model
 * has fewer than {@value #MINIMUM_POINTS} training points.
 */
public final class ProfileReduction {

    /** The fewest measured points per model the reduction accepts. */
    public static final int MINIMUM_POINTS = 3;

    private ProfileReduction() {
    }

    /**
     * Fills the holes of each model's own grid (its batch sizes × slices × clocks) with predictions from a
     * fit on all its measured points, e.g. the few cells the EnerTune data lack (densenet161 at batch 16 and
     * 32 on 7 slices). Measured cells are kept as they are; filled ones are
     * {@link ProfilePoint.Origin#PREDICTED}. Nothing outside a model's own ranges is added.
     *
     * @param measured the measured profiles
     * @return the profiles with their holes filled
     * @throws IllegalArgumentException naming a model with fewer than {@value #MINIMUM_POINTS} points
     */
    public static ModelProfiles complete(ModelProfiles measured) {
        FittedProfiles fitted = fit(measured);
        List<ModelProfile> list = new ArrayList<>();
        for (ModelProfile p : measured) {
            List<dev.greenslice.estimators.profile.ProfileKey> missing = new ArrayList<>();
            for (var k : ProfileGrid.of(p).keys()) {
                if (p.point(k).isEmpty()) {
                    missing.add(k);
                }
            }
            list.add(missing.isEmpty() ? p : fitted.model(p.model()).predicted(missing).overlaidWith(p,
                    p.provenance() + "; " + missing.size() + " unmeasured cells predicted"));
        }
        return ModelProfiles.of(list, measured.source() + ", holes predicted");
    }

    /**
     * Fits every model of {@code training}; predictions cover its batch sizes (others are interpolated).
     *
     * @param training the measured profiles
     * @return one fit per model
     * @throws IllegalArgumentException for no profiles, or naming a model with fewer than
     *                                  {@value #MINIMUM_POINTS} points
     */
    public static FittedProfiles fit(ModelProfiles training) {
        return fit(training, Set.of());
    }

    /**
     * Fits every model of {@code training}.
     *
     * @param training   the measured profiles
     * @param batchSizes extra batch sizes the predictions must cover (e.g. those of a query); they join the
     *                   smoothness prior over batch sizes rather than being extrapolated afterwards
     * @return one fit per model
     * @throws IllegalArgumentException for no profiles, or naming a model with fewer than
     *                                  {@value #MINIMUM_POINTS} points
     */
    public static FittedProfiles fit(ModelProfiles training, Set<Integer> batchSizes) {
        return fit(training, batchSizes, ShapeConstants.DEFAULT);
    }

    /** {@link #fit(ModelProfiles, Set)} with other shape constants, to validate the chosen ones out of sample. */
    static FittedProfiles fit(ModelProfiles training, Set<Integer> batchSizes, ShapeConstants constants) {
        if (training.size() == 0) {
            throw new IllegalArgumentException("No training profiles in " + training.source());
        }
        List<ServiceTimeShape> latencies = new ArrayList<>();
        List<ServiceTimeShape> intervals = new ArrayList<>();
        List<DynamicPowerShape.Data> powerData = new ArrayList<>();
        for (ModelProfile p : training) {
            if (p.size() < MINIMUM_POINTS) {
                throw new IllegalArgumentException("Model " + p.model() + " has only " + p.size()
                        + " training point" + (p.size() == 1 ? "" : "s") + " in " + training.source()
                        + "; the reduction needs at least " + MINIMUM_POINTS
                        + ", spread over slices and clocks (see ProfilingDesign)");
            }
            TreeSet<Integer> levels = new TreeSet<>(p.batchSizes());
            levels.addAll(batchSizes);
            double[] batchLevels = levels.stream().mapToDouble(Integer::doubleValue).toArray();
            List<ProfilePoint> pts = p.points();
            int n = pts.size();
            int[] b = new int[n];
            int[] s = new int[n];
            int[] f = new int[n];
            double[] lat = new double[n];
            double[] gap = new double[n];
            double[] watts = new double[n];
            for (int i = 0; i < n; i++) {
                ProfilePoint pt = pts.get(i);
                b[i] = pt.batchSize();
                s[i] = pt.slices();
                f[i] = pt.clockMhz();
                lat[i] = pt.latencyMs();
                gap[i] = pt.batchIntervalMs();
                watts[i] = pt.dynamicPower().watts();
            }
            ServiceTimeShape latency = new ServiceTimeShape(batchLevels, constants).fit(b, s, f, lat);
            ServiceTimeShape interval = new ServiceTimeShape(batchLevels, constants).fit(b, s, f, gap);
            // Power is fitted against the *predicted* interval, the same one it will be evaluated with.
            double[] predictedGap = new double[n];
            for (int i = 0; i < n; i++) {
                predictedGap[i] = interval.predict(b[i], s[i], f[i]);
            }
            latencies.add(latency);
            intervals.add(interval);
            powerData.add(new DynamicPowerShape.Data(b, s, f, watts, predictedGap));
        }
        DynamicPowerShape.Fit power = DynamicPowerShape.fit(powerData, constants);
        Map<String, FittedProfile> out = new LinkedHashMap<>();
        int i = 0;
        for (ModelProfile p : training) {
            out.put(p.model(), new FittedProfile(p.model(), latencies.get(i), intervals.get(i), power.perModel().get(i),
                    power.beta(), power.kneeGhz(), constants.powerSoftplusWidthGhz(), p));
            i++;
        }
        return new FittedProfiles(out, power.beta(), power.kneeGhz() * 1000.0);
    }
}
