package dev.greenslice.estimators.reduction;

import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfileKey;
import dev.greenslice.estimators.profile.ProfilePoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The acceptance check's procedure, in test code: per model pick a share of its measured cells (seeded),
 * fit only from those, and measure the mean absolute percentage error on the cells held out.
 */
final class ReductionEvaluation {

    /** Errors of one model on its held-out cells, as fractions. */
    record ModelErrors(String model, int trained, int heldOut, double boardPower, double dynamicPower, double latency,
                       double throughput) {
    }

    /** How the training cells are picked from a model's measured cells. */
    enum Sampler {
        /** Uniformly at random, seeded. */
        RANDOM,
        /** Cells ordered by (slices, clock, batch), cut into equal strata, one random cell per stratum. */
        STRATIFIED,
        /** {@link ProfilingDesign}: deterministic maximin design (the seed is ignored). */
        DESIGN
    }

    private ReductionEvaluation() {
    }

    static int sampleSize(int cells, double share) {
        return Math.max(ProfileReduction.MINIMUM_POINTS, (int) Math.round(share * cells));
    }

    static List<ProfilePoint> sample(ModelProfile p, double share, Sampler sampler, long seed) {
        List<ProfilePoint> all = p.points();
        int n = sampleSize(all.size(), share);
        Random rnd = new Random(seed);
        switch (sampler) {
            case RANDOM -> {
                List<ProfilePoint> copy = new ArrayList<>(all);
                Collections.shuffle(copy, rnd);
                return copy.subList(0, n);
            }
            case STRATIFIED -> {
                List<ProfilePoint> sorted = new ArrayList<>(all);
                sorted.sort(Comparator.comparingInt(ProfilePoint::slices).thenComparingInt(ProfilePoint::clockMhz)
                        .thenComparingInt(ProfilePoint::batchSize));
                List<ProfilePoint> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int from = (int) Math.floor((double) i * sorted.size() / n);
                    int to = (int) Math.floor((double) (i + 1) * sorted.size() / n);
                    out.add(sorted.get(from + rnd.nextInt(Math.max(1, to - from))));
                }
                return out;
            }
            default -> {
                List<ProfileKey> keys = ProfilingDesign.select(all.stream().map(ProfilePoint::key).toList(), n);
                return keys.stream().map(k -> p.point(k).orElseThrow()).toList();
            }
        }
    }

    /** Runs the procedure for every model of {@code data}; returns per-model errors in data order. */
    static List<ModelErrors> run(ModelProfiles data, DevicePowerProfile device, double share, Sampler sampler, long seed) {
        return run(data, device, share, sampler, seed, (training, batches) -> ProfileReduction.fit(training, batches));
    }

    static List<ModelErrors> run(ModelProfiles data, DevicePowerProfile device, double share, Sampler sampler, long seed,
                                 BiFunction<ModelProfiles, Set<Integer>, FittedProfiles> fitter) {
        List<ModelProfile> train = new ArrayList<>();
        Map<String, List<ProfilePoint>> held = new LinkedHashMap<>();
        Set<Integer> batches = new TreeSet<>();
        int i = 0;
        for (ModelProfile p : data) {
            List<ProfilePoint> chosen = sample(p, share, sampler, seed * 1000 + i++);
            Set<ProfileKey> keys = new TreeSet<>();
            chosen.forEach(c -> keys.add(c.key()));
            train.add(ModelProfile.of(p.model(), chosen, "sample"));
            held.put(p.model(), p.points().stream().filter(x -> !keys.contains(x.key())).toList());
            batches.addAll(p.batchSizes());
        }
        FittedProfiles fitted = fitter.apply(ModelProfiles.of(train, "training sample"), batches);
        List<ModelErrors> out = new ArrayList<>();
        for (ModelProfile p : data) {
            List<ProfilePoint> test = held.get(p.model());
            double board = 0;
            double dyn = 0;
            double lat = 0;
            double thr = 0;
            for (ProfilePoint m : test) {
                ProfilePoint x = fitted.model(p.model()).predict(m.key());
                double base = device.baseline(m.clockMhz()).watts();
                double mb = base + m.dynamicPower().watts();
                board += Math.abs(base + x.dynamicPower().watts() - mb) / mb;
                dyn += Math.abs(x.dynamicPower().watts() - m.dynamicPower().watts()) / m.dynamicPower().watts();
                lat += Math.abs(x.latencyMs() - m.latencyMs()) / m.latencyMs();
                thr += Math.abs(x.requestsPerSecond() - m.requestsPerSecond()) / m.requestsPerSecond();
            }
            int n = test.size();
            out.add(new ModelErrors(p.model(), p.size() - n, n, board / n, dyn / n, lat / n, thr / n));
        }
        return out;
    }

    static double mean(List<ModelErrors> errors, java.util.function.ToDoubleFunction<ModelErrors> f) {
        return errors.stream().mapToDouble(f).average().orElseThrow();
    }

    static String table(List<ModelErrors> errors) {
        StringBuilder sb = new StringBuilder(String.format("%-22s %5s %6s %8s %8s %8s %8s%n", "model", "train", "test",
                "board%", "dyn%", "lat%", "thr%"));
        for (ModelErrors e : errors) {
            sb.append(String.format("%-22s %5d %6d %8.2f %8.2f %8.2f %8.2f%n", e.model(), e.trained(), e.heldOut(),
                    100 * e.boardPower(), 100 * e.dynamicPower(), 100 * e.latency(), 100 * e.throughput()));
        }
        sb.append(String.format("%-22s %5s %6s %8.2f %8.2f %8.2f %8.2f%n", "mean over models", "", "",
                100 * mean(errors, ModelErrors::boardPower), 100 * mean(errors, ModelErrors::dynamicPower),
                100 * mean(errors, ModelErrors::latency), 100 * mean(errors, ModelErrors::throughput)));
        return sb.toString();
    }
}
