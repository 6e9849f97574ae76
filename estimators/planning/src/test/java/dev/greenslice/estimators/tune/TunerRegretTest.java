package dev.greenslice.estimators.tune;

import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.tune.ClockPoint;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.carbon.tune.TuningRequest;
import dev.greenslice.carbon.tune.TuningResult;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfileKey;
import dev.greenslice.estimators.profile.ProfilePoint;
import dev.greenslice.estimators.reduction.FittedProfiles;
import dev.greenslice.estimators.reduction.ProfileGrid;
import dev.greenslice.estimators.reduction.ProfileReduction;
import dev.greenslice.estimators.reduction.ProfilingDesign;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regret on the real data, over every case: for every (model, batch, slices) group of the EnerTune A100-80GB
 * data set (215 groups), at gas and at wind (430 choices), the clock the offline tuner chooses from profiles
 * predicted with 10 % of each model's grid measured ({@link ProfileReduction}), scored on the measured grid. Each
 * group serves 1,000 batches closed loop on its instance alone; its SLO is 5 × its measured isolated latency, in ms,
 * given to both tuners alike (as a user states an SLO). Every choice lands in exactly one class, and all count:
 * <ul>
 *   <li>scored: both choose; regret = carbon at the chosen clock on the measured grid / the measured optimum − 1;</li>
 *   <li>no clock: the measured grid has no clock that meets the SLO and the tuner says so (a correct answer);</li>
 *   <li>missed feasible clock: the measured grid has one, the tuner finds none (a failure);</li>
 *   <li>SLO miss: the chosen clock misses the SLO on the measured grid, or the grid has no clock that meets it
 *       (a failure).</li>
 * </ul>
 * The tuner asks its predicted latencies to meet the SLO with the margin the fit's own errors call for
 * ({@link FittedProfiles#latencySloMargin(double)} at 0.95: 10.1 % for the design's fit, 7.5–10.6 % for random draws).
 *
 * <p><b>Findings</b> (printed on every build). With the library's {@link ProfilingDesign}: 410 scored, 20 no
 * clock, 0 missed, 0 SLO misses; regret mean 0.65 %, median 0, p90 2.28 %, max 17.8 %. Without the margin the mean
 * is 0.54 % and p90 2.08 %, but 4 choices miss their SLO (resnet152 b8 and vgg11 b2 on one slice, gas and wind,
 * whose measured grid meets the SLO at no clock): the margin costs 0.12 points of mean regret. The targets of
 * a mean of at most 0.5 % and a p90 of at most 2 % are not met. The max is bounded by the measured grid's own
 * non-monotone noise (adjacent clocks of one group differ by up to ±5 %, e.g. resnet152 batch 1 on 7 slices:
 * 1.031, 1.000, 1.069, 1.034 × the optimum at 690–960 MHz), and by tight SLOs where the margin forces a faster
 * clock (densenet161 b8 on one slice at gas: 1,320 instead of 1,140 MHz, +17.8 %). Random 10 % draws over ten
 * seeds (4,300 choices): 4,100 scored, 190 no clock, 0 missed, 10 SLO misses (vgg11 b2 and densenet169 b32 on
 * one slice, all at 1,410 MHz where the measured grid meets the SLO at no clock and the fit's latency is more than
 * its margin too low); regret mean 0.56 %, p90 1.94 %, max 17.8 %. Ten times that sample, seeds 11-110 (43,000
 * choices, {@link #randomDrawsOverAHundredOtherSeeds}): 76 SLO misses, mean 0.58 %, p90 2.08 %, max 32.2 %.
 *
 * <p>Two ideas measured and not taken: laying the measured 10 % over the prediction raises the regret
 * ({@link #layingTheMeasuredTenthOverThePredictionDoesNotCutRegret}); a margin per model saves at most 0.03 points
 * of mean regret and misses more SLOs on random draws ({@link #aMarginPerModelSavesLittle}).
 */
class TunerRegretTest {

    private static final DevicePowerProfile DEVICE = EnerTuneA100.devicePower();
    static final double MARGIN_QUANTILE = 0.95;

    /** How the measured 10 % is picked. */
    enum Sampling { DESIGN, RANDOM }

    enum Kind { SCORED, NO_CLOCK, MISSED_FEASIBLE_CLOCK, SLO_MISS }

    record Choice(String name, Kind kind, double regret) {
    }

    record Prediction(ModelProfiles profiles, double sloMargin, Map<String, double[]> errorsByModel) {
        Prediction(ModelProfiles profiles, double sloMargin) {
            this(profiles, sloMargin, Map.of());
        }

        /** The {@code q} quantile of the latency errors at the measured points of {@code models}, pooled. */
        double pooledMargin(List<String> models, double q) {
            double[] e = models.stream().flatMapToDouble(m -> Arrays.stream(errorsByModel.get(m))).sorted().toArray();
            return e[Math.min(e.length - 1, Math.max(0, (int) Math.ceil(q * e.length) - 1))];
        }

        /** The {@code q} quantile of one model's own latency errors at its measured points. */
        double modelMargin(String model, double q) {
            double[] e = errorsByModel.get(model).clone();
            Arrays.sort(e);
            return e[Math.min(e.length - 1, Math.max(0, (int) Math.ceil(q * e.length) - 1))];
        }
    }

    record Outcome(List<Choice> choices, double sloMargin) {
        List<Double> regrets() {
            List<Double> s = new ArrayList<>();
            for (Choice c : choices) {
                if (c.kind() == Kind.SCORED) {
                    s.add(c.regret());
                }
            }
            Collections.sort(s);
            return s;
        }

        double quantile(double q) {
            List<Double> s = regrets();
            return s.get(Math.min(s.size() - 1, (int) Math.floor(q * s.size())));
        }

        double mean() {
            return regrets().stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        long count(Kind k) {
            return choices.stream().filter(c -> c.kind() == k).count();
        }

        List<String> failures() {
            return choices.stream().filter(c -> c.kind() == Kind.MISSED_FEASIBLE_CLOCK || c.kind() == Kind.SLO_MISS)
                    .map(c -> c.kind() + " " + c.name()).toList();
        }

        String summary(String label) {
            String margin = Double.isNaN(sloMargin) ? "per model or per draw"
                    : String.format(Locale.ROOT, "%.1f %%", 100 * sloMargin);
            return String.format(Locale.ROOT, "%s (SLO margin %s): %d choices: %d scored, %d no clock meets the"
                            + " measured SLO (and the tuner says so), %d missed feasible clock, %d SLO miss %s;"
                            + " regret over scored: mean %.3f %%, median %.3f %%, p90 %.3f %%, max %.3f %%",
                    label, margin, choices.size(), count(Kind.SCORED), count(Kind.NO_CLOCK),
                    count(Kind.MISSED_FEASIBLE_CLOCK), count(Kind.SLO_MISS), failures(), 100 * mean(),
                    100 * quantile(0.5), 100 * quantile(0.9), 100 * quantile(1.0));
        }
    }

    static Prediction predictedFromATenth(ModelProfiles measured, Sampling sampling, long seed) {
        return predictedFromATenth(measured, sampling, seed, false);
    }

    static Prediction predictedFromATenth(ModelProfiles measured, Sampling sampling, long seed, boolean overlay) {
        List<ModelProfile> train = new ArrayList<>();
        Set<Integer> batches = new TreeSet<>();
        Random rnd = new Random(seed);
        for (ModelProfile p : measured) {
            List<ProfileKey> keys = p.points().stream().map(ProfilePoint::key).toList();
            int n = Math.max(ProfileReduction.MINIMUM_POINTS, (int) Math.round(0.10 * keys.size()));
            List<ProfileKey> chosen;
            if (sampling == Sampling.DESIGN) {
                chosen = ProfilingDesign.select(keys, n);
            } else {
                List<ProfileKey> copy = new ArrayList<>(keys);
                Collections.shuffle(copy, rnd);
                chosen = copy.subList(0, n);
            }
            train.add(ModelProfile.of(p.model(), chosen.stream().map(k -> p.point(k).orElseThrow()).toList(),
                    "10 % of the measured grid"));
            batches.addAll(p.batchSizes());
        }
        FittedProfiles fitted = ProfileReduction.fit(ModelProfiles.of(train, "10 % sample"), batches);
        List<ModelProfile> predicted = new ArrayList<>();
        for (ModelProfile m : measured) {
            ModelProfile guess = fitted.model(m.model()).predicted(ProfileGrid.of(m));
            if (overlay) {
                ModelProfile measuredTenth = train.stream().filter(t -> t.model().equals(m.model())).findFirst()
                        .orElseThrow();
                guess = guess.overlaidWith(measuredTenth, guess.provenance() + ", the measured 10 % laid over it");
            }
            predicted.add(guess);
        }
        Map<String, double[]> errors = new HashMap<>();
        for (String m : fitted.models()) {
            errors.put(m, fitted.model(m).latencyErrors());
        }
        return new Prediction(ModelProfiles.of(predicted, "predicted from 10 % of each grid"),
                fitted.latencySloMargin(MARGIN_QUANTILE), errors);
    }

    /** The measured batch latency on the largest instance at the highest clock at this batch size. */
    static double isolatedLatencyMs(ModelProfile p, int batch) {
        ProfilePoint best = null;
        for (ProfilePoint x : p.points()) {
            if (x.batchSize() == batch && (best == null || x.slices() > best.slices()
                    || x.slices() == best.slices() && x.clockMhz() > best.clockMhz())) {
                best = x;
            }
        }
        return best.latencyMs();
    }

    static Outcome regret(ModelProfiles measured, Prediction prediction) {
        return new Outcome(regret(measured, prediction, m -> prediction.sloMargin()).choices(),
                prediction.sloMargin());
    }

    /** As {@link #regret(ModelProfiles, Prediction)}, each model's choices tuned with its own SLO margin. */
    static Outcome regret(ModelProfiles measured, Prediction prediction, ToDoubleFunction<String> marginOf) {
        FrequencyTuner truth = FrequencyTuners.offline(measured, DEVICE);
        var estimator = PowerEstimators.best(prediction.profiles(), DEVICE);
        // Each choice has one tenant, so a tuner per margin value gives every model its own margin.
        Map<Double, FrequencyTuner> tuners = new HashMap<>();
        List<Choice> choices = new ArrayList<>();
        for (ModelProfile p : measured) {
            FrequencyTuner guess = tuners.computeIfAbsent(marginOf.applyAsDouble(p.model()),
                    mg -> FrequencyTuners.offline(prediction.profiles(), DEVICE, estimator, mg));
            Set<List<Integer>> seen = new TreeSet<>((a, b) -> a.get(0).equals(b.get(0))
                    ? Integer.compare(a.get(1), b.get(1)) : Integer.compare(a.get(0), b.get(0)));
            for (ProfilePoint pt : p.points()) {
                if (!seen.add(List.of(pt.batchSize(), pt.slices()))) {
                    continue;
                }
                ModelDemand d = ModelDemand.closedLoop(p.model(), pt.batchSize(), 1000L * pt.batchSize())
                        .withSloMs(5 * isolatedLatencyMs(p, pt.batchSize()));
                for (EnergySource source : List.of(EnergySource.GAS, EnergySource.WIND)) {
                    String name = p.model() + " b" + pt.batchSize() + " " + pt.slices() + "g " + source;
                    TuningRequest r = TuningRequest.builder(GpuCatalog.A100_SXM4_80GB, CarbonIntensities.of(source),
                            EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB)).tenant(d, pt.slices()).build();
                    TuningResult t = truth.tune(r);
                    TuningResult g = guess.tune(r);
                    if (g.chosen().isEmpty()) {
                        choices.add(new Choice(name, t.chosen().isEmpty() ? Kind.NO_CLOCK : Kind.MISSED_FEASIBLE_CLOCK,
                                Double.NaN));
                        continue;
                    }
                    Optional<ClockPoint> at = t.at(g.chosenClockMhz().getAsInt());
                    if (t.chosen().isEmpty() || at.isEmpty() || !at.get().meetsSlos()) {
                        choices.add(new Choice(name + " at " + g.chosenClockMhz().getAsInt() + " MHz", Kind.SLO_MISS,
                                Double.NaN));
                        continue;
                    }
                    double best = t.chosen().get().total().value().grams();
                    choices.add(new Choice(name, Kind.SCORED, at.get().total().value().grams() / best - 1));
                }
            }
        }
        return new Outcome(choices, Double.NaN);
    }

    @Test
    void everyChoiceFromTheDesignMeetsItsMeasuredSloAndStaysNearTheOptimum() {
        ModelProfiles measured = EnerTuneA100.profiles();
        Outcome o = regret(measured, predictedFromATenth(measured, Sampling.DESIGN, 0));
        String what = o.summary("ProfilingDesign 10 %");
        System.out.println(what);
        assertEquals(430, o.choices().size(), "every (model, batch, slices) group at gas and wind");
        assertEquals(List.of(), o.failures(), what);
        assertEquals(410, o.count(Kind.SCORED), what);
        assertTrue(o.quantile(0.5) <= 0.005, "median: " + what);
        // Targets 0.5 % and 2 % are not met (0.65 %, 2.28 %); these bounds guard against getting worse.
        assertTrue(o.mean() <= 0.007, "mean: " + what);
        assertTrue(o.quantile(0.9) <= 0.024, "p90: " + what);
    }

    /**
     * Laying the measured 10 % over the prediction (as {@link ProfileReduction#complete} does for holes) makes the
     * choice worse, not better: no failure more or less, but mean 0.86 % and p90 2.79 % against 0.65 % and 2.28 %
     * (random draws, ten seeds: mean 0.66 % against 0.56 %, 10 SLO misses either way). The measured cells carry the
     * grid's own non-monotone noise beside smooth predicted neighbours; that this is why is likely but not shown.
     */
    @Test
    void layingTheMeasuredTenthOverThePredictionDoesNotCutRegret() {
        ModelProfiles measured = EnerTuneA100.profiles();
        Outcome base = regret(measured, predictedFromATenth(measured, Sampling.DESIGN, 0));
        Outcome laid = regret(measured, predictedFromATenth(measured, Sampling.DESIGN, 0, true));
        System.out.println(laid.summary("ProfilingDesign 10 %, measured 10 % laid over the prediction"));
        assertEquals(List.of(), laid.failures(), laid.summary("laid over"));
        assertTrue(laid.mean() > base.mean(), laid.summary("laid over") + " against " + base.summary("predicted"));
    }

    /**
     * A margin per model, the 0.95 quantile of that model's own in-sample latency errors (0.9 % for gpt to 34.5 % for
     * resnet50; 4 to 45 points per model), instead of the pooled 10.1 %: as it is, mean 0.66 %, p90 2.21 %; capped at
     * the pooled margin (the smaller of the two), mean 0.62 %, p90 2.21 %, both without failures. Neither meets the
     * targets, and on random draws the capped one misses more SLOs (see {@link #randomDrawsOverTenSeedsCountEveryFailure}).
     */
    @Test
    void aMarginPerModelSavesLittle() {
        ModelProfiles measured = EnerTuneA100.profiles();
        Prediction d = predictedFromATenth(measured, Sampling.DESIGN, 0);
        Outcome own = regret(measured, d, m -> d.modelMargin(m, MARGIN_QUANTILE));
        Outcome capped = regret(measured, d, m -> Math.min(d.sloMargin(), d.modelMargin(m, MARGIN_QUANTILE)));
        System.out.println(own.summary("ProfilingDesign 10 %, each model's own margin"));
        System.out.println(capped.summary("ProfilingDesign 10 %, each model's own margin capped at the pooled one"));
        assertEquals(List.of(), own.failures(), own.summary("own margin"));
        assertEquals(List.of(), capped.failures(), capped.summary("capped margin"));
        assertTrue(capped.mean() > 0.005, "the 0.5 % target is not met: " + capped.summary("capped margin"));
    }

    /**
     * The pooled margin carried to models it was not taken from: the margin is the 0.95 quantile of the latency
     * errors of 6 models (the first six of the data set) and scores the other 5 choices, and the reverse. The
     * profile fit itself is not split (each model is fitted on its own 10 %; only the voltage curve is shared).
     * Measured: margin 9.8 % from the first six, on the other five: design 270 choices, 0 failures, mean 0.69 %,
     * p90 2.46 %; random seeds 1-10: 18 SLO misses in 2,700 (vgg11 b2, resnet152 b8, densenet169 b32 on one
     * slice), mean 0.57 %. Margin 10.3 % from the last five, on the first six: design 160 choices, 0 failures,
     * mean 0.52 %, p90 1.56 %; random: 0 failures in 1,600, mean 0.51 %.
     */
    @Test
    void aPooledMarginTakenFromOtherModelsHoldsOut() {
        ModelProfiles measured = EnerTuneA100.profiles();
        List<String> models = new ArrayList<>();
        for (ModelProfile p : measured) {
            models.add(p.model());
        }
        List<List<String>> halves = List.of(models.subList(0, 6), models.subList(6, models.size()));
        for (int h = 0; h < 2; h++) {
            List<String> from = halves.get(h);
            List<String> to = halves.get(1 - h);
            List<Choice> design = new ArrayList<>();
            List<Choice> random = new ArrayList<>();
            double designMargin = Double.NaN;
            for (long seed = 0; seed <= 10; seed++) {
                Prediction r = predictedFromATenth(measured, seed == 0 ? Sampling.DESIGN : Sampling.RANDOM, seed);
                double margin = r.pooledMargin(from, MARGIN_QUANTILE);
                designMargin = seed == 0 ? margin : designMargin;
                for (Choice c : regret(measured, r, m -> margin).choices()) {
                    if (to.stream().anyMatch(m -> c.name().startsWith(m + " b"))) {
                        (seed == 0 ? design : random).add(c);
                    }
                }
            }
            Outcome d = new Outcome(design, designMargin);
            Outcome r = new Outcome(random, Double.NaN);
            System.out.println(d.summary("held out: margin from " + from + ", scored on " + to + ", design"));
            System.out.println(r.summary("held out: margin from " + from + ", scored on " + to + ", random seeds 1-10"));
            assertEquals(List.of(), d.failures(), d.summary("held out"));
            assertEquals(0, r.count(Kind.MISSED_FEASIBLE_CLOCK), r.summary("held out"));
            assertEquals(10 * design.size(), random.size());
        }
    }

    @Test
    void withoutTheMarginFourChoicesMissTheirSlo() {
        ModelProfiles measured = EnerTuneA100.profiles();
        Prediction p = predictedFromATenth(measured, Sampling.DESIGN, 0);
        Outcome o = regret(measured, new Prediction(p.profiles(), 0));
        System.out.println(o.summary("ProfilingDesign 10 %, no margin"));
        assertEquals(4, o.count(Kind.SLO_MISS), o.summary("no margin"));
        assertTrue(o.failures().stream().allMatch(f -> f.contains("resnet152 b8 1g") || f.contains("vgg11 b2 1g")),
                o.failures().toString());
        assertTrue(p.sloMargin() > 0.05 && p.sloMargin() < 0.15, "margin " + p.sloMargin());
    }

    @Test
    void randomDrawsOverTenSeedsCountEveryFailure() {
        ModelProfiles measured = EnerTuneA100.profiles();
        List<Choice> all = new ArrayList<>();
        List<Choice> capped = new ArrayList<>();
        for (long seed = 1; seed <= 10; seed++) {
            Prediction r = predictedFromATenth(measured, Sampling.RANDOM, seed);
            Outcome o = regret(measured, r);
            System.out.println(o.summary("random 10 %, seed " + seed));
            assertEquals(430, o.choices().size());
            all.addAll(o.choices());
            capped.addAll(regret(measured, r, m -> Math.min(r.sloMargin(), r.modelMargin(m, MARGIN_QUANTILE)))
                    .choices());
        }
        Outcome pooled = new Outcome(all, Double.NaN);
        Outcome perModel = new Outcome(capped, Double.NaN);
        System.out.println(pooled.summary("random 10 %, seeds 1-10 pooled"));
        System.out.println(perModel.summary("random 10 %, seeds 1-10, each model's margin capped at the pooled one"));
        // The per-model margin buys 0.02 points of mean regret with 4 more SLO misses: not worth it.
        assertTrue(perModel.count(Kind.SLO_MISS) > pooled.count(Kind.SLO_MISS), perModel.summary("per model"));
        assertEquals(4300, all.size());
        assertEquals(0, pooled.count(Kind.MISSED_FEASIBLE_CLOCK), pooled.summary("pooled"));
        assertTrue(pooled.count(Kind.SLO_MISS) <= 10, pooled.summary("pooled"));
        assertTrue(pooled.mean() <= 0.007, pooled.summary("pooled"));
    }

    /**
     * Ten times the random sample, other seeds (11-110, 43,000 choices; about a minute, so only on request:
     * {@code -Dgreenslice.regret.tenfold=true}). Measured: 41,000 scored, 1,924 no clock, 0 missed feasible clock,
     * 76 SLO misses (vgg11 b2, resnet152 b8 and densenet169 b32 on one slice, at 1,320 or 1,410 MHz); regret mean
     * 0.58 %, p90 2.08 %, max 32.2 %. Each model's margin capped at the pooled one: 160 SLO misses, mean 0.58 %.
     */
    @Test
    @EnabledIfSystemProperty(named = "greenslice.regret.tenfold", matches = "true")
    void randomDrawsOverAHundredOtherSeeds() {
        ModelProfiles measured = EnerTuneA100.profiles();
        List<Choice> all = new ArrayList<>();
        List<Choice> capped = new ArrayList<>();
        for (long seed = 11; seed <= 110; seed++) {
            Prediction r = predictedFromATenth(measured, Sampling.RANDOM, seed);
            all.addAll(regret(measured, r).choices());
            capped.addAll(regret(measured, r, m -> Math.min(r.sloMargin(), r.modelMargin(m, MARGIN_QUANTILE)))
                    .choices());
        }
        Outcome pooled = new Outcome(all, Double.NaN);
        Outcome perModel = new Outcome(capped, Double.NaN);
        System.out.println(pooled.summary("random 10 %, seeds 11-110 pooled"));
        System.out.println(perModel.summary("random 10 %, seeds 11-110, each model's margin capped at the pooled one"));
        assertEquals(43_000, all.size());
        assertEquals(0, pooled.count(Kind.MISSED_FEASIBLE_CLOCK), pooled.summary("pooled"));
        assertTrue(pooled.count(Kind.SLO_MISS) <= 100, pooled.summary("pooled"));
        assertTrue(pooled.mean() <= 0.007, pooled.summary("pooled"));
    }
}
