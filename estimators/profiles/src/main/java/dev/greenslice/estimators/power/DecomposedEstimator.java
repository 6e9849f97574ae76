package dev.greenslice.estimators.power;

import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.estimate.PowerTerm;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.greenslice.estimators.power.AdditiveEstimator.fmt;

/**
 * Board static power counted once, idle auxiliary power counted once, and per model its compute and
 * auxiliary parts, combined by an {@link AuxiliaryRule}. Decompositions are computed once per
 * (placement, clock) and cached.
 */
final class DecomposedEstimator implements PowerEstimator {

    private final ModelProfiles profiles;
    private final DevicePowerProfile device;
    private final AuxiliaryRule rule;
    private final int gpuSlices;
    private record Key(ModelPlacement placement, int clockMhz) {
    }

    private record ModelClock(String model, int clockMhz) {
    }

    private final Map<Key, PowerDecomposition> cache = new ConcurrentHashMap<>();
    private final Map<ModelClock, Double> wakeUp = new ConcurrentHashMap<>();

    DecomposedEstimator(ModelProfiles profiles, DevicePowerProfile device, AuxiliaryRule rule, int gpuSlices) {
        this.profiles = profiles;
        this.device = device;
        this.rule = rule;
        this.gpuSlices = gpuSlices;
    }

    @Override
    public String method() {
        return rule.method();
    }

    ModelProfiles profiles() {
        return profiles;
    }

    DevicePowerProfile device() {
        return device;
    }

    AuxiliaryRule rule() {
        return rule;
    }

    int gpuSlices() {
        return gpuSlices;
    }

    PowerDecomposition decomposition(ModelPlacement m, int clockMhz) {
        Key key = new Key(m, clockMhz);
        PowerDecomposition d = cache.get(key);
        if (d == null) {
            var profile = profiles.profile(m.model());
            double wake = wakeUp.computeIfAbsent(new ModelClock(m.model(), clockMhz),
                    k -> PowerDecomposition.wakeUpPower(profile, clockMhz));
            d = PowerDecomposition.of(profile, m, clockMhz, wake);
            cache.put(key, d);
        }
        return d;
    }

    /* The same sums as estimate(), in the same order (so the totals are equal to the last bit), without terms. */
    @Override
    public Power totalPower(int clockMhz, List<ModelPlacement> models) {
        Placements.check(models, gpuSlices);
        DevicePowerProfile.Baseline base = device.at(clockMhz);
        int n = models.size();
        double sharedAux = 0;
        double[] own = new double[n];
        double maxWake = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            PowerDecomposition d = decomposition(models.get(i), clockMhz);
            if (rule == AuxiliaryRule.SHARED_WAKE_UP) {
                double w = d.wakeUp().watts();
                if (w > maxWake) {
                    maxWake = w;
                }
                own[i] = d.own().watts();
            } else {
                own[i] = d.dynamic().watts();
            }
        }
        if (rule == AuxiliaryRule.SHARED_WAKE_UP) {
            sharedAux = maxWake;
        }
        double total = base.total().watts() + sharedAux;
        for (int i = 0; i < n; i++) {
            total += own[i];
        }
        return Power.ofWatts(total);
    }

    @Override
    public PowerEstimate estimate(int clockMhz, List<ModelPlacement> models) {
        Placements.check(models, gpuSlices);
        DevicePowerProfile.Baseline base = device.at(clockMhz);
        int n = models.size();
        List<PowerDecomposition> parts = new ArrayList<>(n);
        for (ModelPlacement m : models) {
            parts.add(decomposition(m, clockMhz));
        }
        List<PowerTerm> terms = new ArrayList<>();
        terms.add(new PowerTerm("static", "", base.staticAndFan(), "board static " + fmt(base.staticPower())
                + " + fan " + fmt(base.fanPower()) + " at " + clockMhz + " MHz, counted once"));
        terms.add(new PowerTerm("idle auxiliary", "", base.idlePower(), "idle auxiliary power at " + clockMhz
                + " MHz, counted once"));
        double[] own = new double[n];
        double[] wake = new double[n];
        double sharedAux = 0;
        if (rule == AuxiliaryRule.SHARED_WAKE_UP) {
            int argmax = 0;
            for (int i = 0; i < n; i++) {
                wake[i] = parts.get(i).wakeUp().watts();
                if (wake[i] > wake[argmax]) {
                    argmax = i;
                }
            }
            sharedAux = wake[argmax];
            terms.add(new PowerTerm("auxiliary wake-up", "", Power.ofWatts(sharedAux),
                    "power of shared logic awake while any instance runs: the largest wake-up power among the models ("
                            + models.get(argmax).model() + "), counted once"));
        }
        for (int i = 0; i < n; i++) {
            PowerDecomposition d = parts.get(i);
            String model = models.get(i).model();
            terms.add(new PowerTerm("compute", model, d.compute(), "slice-proportional part of its isolated dynamic power "
                    + fmt(d.dynamic()) + " on " + d.placement().slices() + " slices (slope " + fmt(d.computePerSlice())
                    + " per slice across " + d.slicesUsed() + " instance sizes)"));
            if (rule == AuxiliaryRule.SUMMED) {
                terms.add(new PowerTerm("auxiliary", model, d.sliceIndependent(),
                        "slice-independent part of its isolated dynamic power, added for every model (the study's rule)"));
                own[i] = d.dynamic().watts();
            } else {
                terms.add(new PowerTerm("auxiliary activity", model, d.auxiliaryActivity(),
                        "slice-independent part that follows its own work (" + fmt(d.sliceIndependent())
                                + " slice-independent minus " + fmt(d.wakeUp()) + " wake-up); adds up"));
                own[i] = d.own().watts();
            }
        }
        double shared = base.total().watts();
        double total = shared + sharedAux;
        int slices = 0;
        for (int i = 0; i < n; i++) {
            total += own[i];
            slices += models.get(i).slices();
        }
        double[] wakeShare = rule == AuxiliaryRule.SHARED_WAKE_UP ? Placements.shapleyOfMax(wake) : new double[n];
        List<Power> per = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            per.add(Power.ofWatts(shared * models.get(i).slices() / slices + own[i] + wakeShare[i]));
        }
        return PowerEstimate.builder().method(method()).clockMhz(clockMhz).placements(models)
                .total(Power.ofWatts(total)).terms(terms).perPlacement(per).build();
    }
}
