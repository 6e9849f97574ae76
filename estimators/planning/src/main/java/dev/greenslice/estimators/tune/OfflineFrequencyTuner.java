package dev.greenslice.estimators.tune;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.plan.SloCheck;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.carbon.tune.ClockPoint;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.carbon.tune.TuningRequest;
import dev.greenslice.carbon.tune.TuningResult;
import dev.greenslice.estimators.deployment.DeploymentEstimate;
import dev.greenslice.estimators.deployment.DeploymentModel;
import dev.greenslice.estimators.deployment.GpuDeployment;
import dev.greenslice.estimators.deployment.TenantEstimate;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** Every common clock predicted with {@link DeploymentModel}; the least carbon among those meeting every SLO. */
final class OfflineFrequencyTuner implements FrequencyTuner {

    /** Relative difference under which two totals are a tie. */
    static final double TIE = 1e-12;

    private final ModelProfiles profiles;
    private final DevicePowerProfile device;
    private final PowerEstimator estimator;
    private final double sloMargin;

    OfflineFrequencyTuner(ModelProfiles profiles, DevicePowerProfile device, PowerEstimator estimator,
                          double sloMargin) {
        this.profiles = profiles;
        this.device = device;
        this.estimator = estimator;
        this.sloMargin = sloMargin;
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public TuningResult tune(TuningRequest request) {
        Assumption gpu = device.requireFor(request.gpu());
        List<Integer> clocks = new ArrayList<>(FrequencyTuners.commonClocksMhz(profiles, device, request.tenants()));
        if (!request.candidateClocksMhz().isEmpty()) {
            List<Integer> all = List.copyOf(clocks);
            clocks.retainAll(request.candidateClocksMhz());
            if (clocks.isEmpty()) {
                throw new IllegalArgumentException("None of the candidate clocks " + request.candidateClocksMhz()
                        + " MHz is one every co-located model has: " + all + " MHz");
            }
        }
        DeploymentModel model = DeploymentModel.builder(profiles, device).estimator(estimator)
                .intensity(request.intensity()).embodied(request.embodied()).accounting(request.accounting())
                .start(request.start())
                .gpuSlices(request.gpu().migGeometry().map(g -> g.computeSlices()).orElse(7)).build();
        List<TenantDemand> tenants = request.tenants();
        List<ClockPoint> curve = new ArrayList<>();
        List<Assumption> assumptions = new ArrayList<>();
        assumptions.add(gpu);
        assumptions.add(Assumption.of("clocks", clocks.toString() + " MHz",
                "every clock each co-located model's profile has at its batch and instance size"));
        for (int clock : clocks) {
            DeploymentEstimate e = model.estimate(new GpuDeployment(clock, tenants));
            List<SloCheck> slos = new ArrayList<>();
            for (int i = 0; i < tenants.size(); i++) {
                TenantEstimate t = e.tenants().get(i);
                slos.add(new SloCheck(request.tenants().get(i).demand().name(), t.serving().meanLatencyMs(),
                        t.serving().sloMs(), t.serving().isolatedLatencyMs()));
            }
            curve.add(ClockPoint.builder().clockMhz(clock).makespan(e.makespan()).energy(e.energy())
                    .operational(e.operational()).embodied(e.embodied()).slos(slos).build());
            if (curve.size() == 1) {
                assumptions.addAll(e.assumptions());
            }
        }
        if (sloMargin > 0) {
            assumptions.add(Assumption.of("SLO margin", String.format(Locale.ROOT, "%.1f%%", 100 * sloMargin),
                    "a clock is chosen only where every predicted latency x (1 + margin) meets its SLO"));
        }
        ClockPoint best = null;
        for (ClockPoint p : curve) {
            if (meetsWithMargin(p) && (best == null || better(p, best))) {
                best = p;
            }
        }
        if (best != null) {
            return new TuningResult(name(), curve, OptionalInt.of(best.clockMhz()), Optional.empty(), assumptions);
        }
        String reason = reason(request.tenants(), curve);
        if (sloMargin > 0 && curve.stream().anyMatch(ClockPoint::meetsSlos)) {
            reason = String.format(Locale.ROOT, "no clock meets every SLO with the %.1f%% margin the predictions"
                    + " call for; without it %s", 100 * sloMargin,
                    curve.stream().filter(ClockPoint::meetsSlos).map(p -> p.clockMhz() + " MHz").toList());
        }
        return new TuningResult(name(), curve, OptionalInt.empty(), Optional.of(reason), assumptions);
    }

    private boolean meetsWithMargin(ClockPoint p) {
        for (SloCheck s : p.slos()) {
            if (!(s.meanLatencyMs() * (1 + sloMargin) <= s.sloMs())) {
                return false;
            }
        }
        return true;
    }

    /** Less total carbon; on a tie less energy; then the lower clock (the curve is ascending, so keep the first). */
    static boolean better(ClockPoint p, ClockPoint best) {
        double a = p.total().value().grams();
        double b = best.total().value().grams();
        if (Math.abs(a - b) > TIE * Math.max(Math.abs(a), Math.abs(b))) {
            return a < b;
        }
        return p.energy().joules() < best.energy().joules();
    }

    private static String reason(List<TenantDemand> tenants, List<ClockPoint> curve) {
        List<String> never = new ArrayList<>();
        List<String> some = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i++) {
            SloCheck bestCheck = null;
            int bestClock = 0;
            List<Integer> meets = new ArrayList<>();
            for (ClockPoint p : curve) {
                SloCheck s = p.slos().get(i);
                if (s.met()) {
                    meets.add(p.clockMhz());
                }
                if (bestCheck == null || s.meanLatencyMs() < bestCheck.meanLatencyMs()) {
                    bestCheck = s;
                    bestClock = p.clockMhz();
                }
            }
            String name = tenants.get(i).demand().name();
            if (meets.isEmpty()) {
                never.add(String.format(Locale.ROOT, "%s on %d slices misses its SLO of %.1f ms at every clock"
                                + " (best %.1f ms at %d MHz)", name, tenants.get(i).computeSlices(), bestCheck.sloMs(),
                        bestCheck.meanLatencyMs(), bestClock));
            } else {
                some.add(name + " meets it only at " + meets + " MHz");
            }
        }
        if (!never.isEmpty()) {
            return "no clock meets every SLO: " + String.join("; ", never)
                    + "; give it more slices, a looser SLO or less load";
        }
        return "no single clock meets every SLO at once: " + String.join("; ", some);
    }
}
