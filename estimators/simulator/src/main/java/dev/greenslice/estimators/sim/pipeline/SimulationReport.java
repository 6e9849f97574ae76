package dev.greenslice.estimators.sim.pipeline;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The totals of replaying one workload against one pipeline under one optimizer, with the per-interval
 * detail.
 *
 * <p>Immutable.
 *
 * @param pipeline             the pipeline's name
 * @param workload             the trace's name
 * @param optimizer            the optimizer's name
 * @param seconds              trace length
 * @param requests             requests that arrived
 * @param energy               energy of all stages over the run (active energy of the batches served plus
 *                             idle power of every provisioned replica)
 * @param carbon               operational carbon, with the intensity source's low/high range
 * @param accuracy             request-weighted pipeline accuracy
 * @param slaViolations        requests whose predicted end-to-end latency exceeded the SLA
 * @param reconfigurations     configuration changes after the initial deployment
 * @param optimizerTime        total wall time in the optimizer, on the simulator's clock
 * @param optimizerEvaluations total configurations the optimizer scored
 * @param meanScoreGap         mean over intervals of (reference score − proposed score) ÷ |reference score|,
 *                             if a reference optimizer was given and both found a feasible configuration
 * @param maxScoreGap          the largest such gap
 * @param intervals            per-interval detail
 */
public record SimulationReport(String pipeline, String workload, String optimizer, int seconds, double requests,
                               Energy energy, CarbonFigure carbon, double accuracy, double slaViolations,
                               int reconfigurations, Duration optimizerTime, long optimizerEvaluations,
                               OptionalDouble meanScoreGap, OptionalDouble maxScoreGap, List<IntervalReport> intervals) {

    /**
     * A report as the simulator assembles it; the intervals are copied.
     *
     * @param pipeline             the pipeline's name
     * @param workload             the trace's name
     * @param optimizer            the optimizer's name
     * @param seconds              trace length
     * @param requests             requests that arrived
     * @param energy               energy of all stages over the run (active energy of the batches served plus idle
     *                             power of every provisioned replica)
     * @param carbon               operational carbon, with the intensity source's low/high range
     * @param accuracy             request-weighted pipeline accuracy
     * @param slaViolations        requests whose predicted end-to-end latency exceeded the SLA
     * @param reconfigurations     configuration changes after the initial deployment
     * @param optimizerTime        total wall time in the optimizer, on the simulator's clock
     * @param optimizerEvaluations total configurations the optimizer scored
     * @param meanScoreGap         mean over intervals of (reference score − proposed score) ÷ |reference score|, if a
     *                             reference optimizer was given and both found a feasible configuration
     * @param maxScoreGap          the largest such gap
     * @param intervals            per-interval detail
     * @throws NullPointerException if the energy, carbon, optimizer time or interval list is null
     */
    public SimulationReport {
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(carbon, "carbon");
        Objects.requireNonNull(optimizerTime, "optimizerTime");
        intervals = List.copyOf(intervals);
    }

    /**
     * The SLA violations that fell in intervals whose busiest second brought more requests than the rate the
     * adapter provisioned for: bursts the predictor did not see coming. The rest fall in intervals that got what
     * was predicted (queues left over from a burst, or a configuration that misses the SLA at its load).
     *
     * @return violations in under-predicted intervals, {@code <= slaViolations()}
     */
    public double slaViolationsUnderPredicted() {
        double under = 0;
        for (IntervalReport i : intervals) {
            if (i.peakRequestsPerSecond() > i.predictedRequestsPerSecond()) {
                under += i.slaViolations();
            }
        }
        return under;
    }

    /** @return SLA violations as a fraction of requests (0 if none arrived) */
    public double slaViolationRate() {
        return requests > 0 ? slaViolations / requests : 0;
    }
}
