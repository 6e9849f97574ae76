package dev.greenslice.samples.tune;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.estimators.sim.SimulatedGpu;
import dev.greenslice.estimators.tune.online.ClockSearch;
import dev.greenslice.estimators.tune.online.OnlineFrequencyTuner;
import dev.greenslice.estimators.tune.online.OnlineTuning;
import dev.greenslice.estimators.tune.online.ProbePoint;
import dev.greenslice.estimators.sim.SimulatedTraffic;
import dev.greenslice.carbon.plan.ModelDemand;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Tunes the simulated A100's SM clock online for a co-located model set — resnet50 and whisper sharing the GPU
 * on 4 + 3 MIG slices, closed loop — on a gas-fired and on a wind-powered grid: prints each probe and the choice,
 * then checks the choice against an exhaustive sweep of every clock. Runs in simulated time, in well under a
 * second.
 */
public final class OnlineTunerSample {

    /** The model set: resnet50 (batch 8) on a 4-slice instance, whisper (batch 8) on a 3-slice one. */
    public static final List<TenantDemand> MODELS = List.of(
            TenantDemand.of(ModelDemand.closedLoop("resnet50", 8, 400), 4),
            TenantDemand.of(ModelDemand.closedLoop("whisper", 8, 200), 3));

    /**
     * One grid's result.
     *
     * @param source the grid's energy source
     * @param tuned  the online tuner's run (at most 5 probes)
     * @param sweep  the exhaustive sweep of every clock, for comparison
     */
    public record Outcome(EnergySource source, OnlineTuning tuned, OnlineTuning sweep) {

        /** @return how much more carbon per request the tuner's clock costs than the sweep's best, as a share */
        public double gap() {
            double best = sweep.chosenCarbonPerRequest().orElseThrow().grams();
            return (tuned.chosenCarbonPerRequest().orElseThrow().grams() - best) / best;
        }
    }

    private OnlineTunerSample() {
    }

    /**
     * Runs the sample and prints it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Tunes on gas and on wind, printing to {@code out}.
     *
     * @param out where to print
     * @return the outcome on gas, then on wind
     */
    public static List<Outcome> run(PrintStream out) {
        return List.of(tune(EnergySource.GAS, out), tune(EnergySource.WIND, out));
    }

    private static Outcome tune(EnergySource source, PrintStream out) {
        OnlineTuning tuned = onSimulatedA100(source, ClockSearch.fibonacci());
        OnlineTuning sweep = onSimulatedA100(source, ClockSearch.exhaustive());
        Outcome o = new Outcome(source, tuned, sweep);
        out.printf(Locale.ROOT, "%s (%.0f gCO2e/kWh): %s, %d candidate clocks%n", source.cliName(),
                tuned.referenceIntensity().gramsPerKwh(), tuned.search(), tuned.candidates());
        int n = 1;
        for (ProbePoint p : tuned.probes()) {
            out.printf(Locale.ROOT, "  probe %d: %4d MHz  %.4e gCO2e/request (operational %.4e, embodied %.4e)"
                            + "  %.3f J/request%s%n", n++, p.clockMhz(), p.carbonPerRequest().value().grams(),
                    p.operationalPerRequest().value().grams(), p.embodiedPerRequest().value().grams(),
                    p.energyPerRequest().joules(), p.meetsSlo() ? "" : "  misses an SLO");
        }
        out.printf(Locale.ROOT, "  chose %d MHz (%s); the sweep of all %d clocks chose %d MHz: %.3f %% more carbon%n",
                tuned.clockMhz().getAsInt(), tuned.action(), sweep.probeCount(), sweep.clockMhz().getAsInt(),
                100 * o.gap());
        return o;
    }

    /** One online tuning of {@link #MODELS} on a fresh simulated A100; the clock is released at the end. */
    static OnlineTuning onSimulatedA100(EnergySource source, ClockSearch search) {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock);
             OnlineFrequencyTuner tuner = OnlineFrequencyTuner.builder(gpu, SimulatedTraffic.on(gpu, MODELS, 1))
                     .intensity(CarbonIntensities.of(source))
                     .clock(clock)
                     .search(search)
                     .build()) {
            return tuner.tune();
        }
    }
}
