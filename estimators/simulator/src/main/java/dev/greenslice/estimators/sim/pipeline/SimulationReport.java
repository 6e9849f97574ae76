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
 */
public final class SimulationReport {
    private final String pipeline;
    private final String workload;
    private final String optimizer;
    private final int seconds;
    private final double requests;
    private final Energy energy;
    private final CarbonFigure carbon;
    private final double accuracy;
    private final double slaViolations;
    private final int reconfigurations;
    private final Duration optimizerTime;
    private final long optimizerEvaluations;
    private final OptionalDouble meanScoreGap;
    private final OptionalDouble maxScoreGap;
    private final List<IntervalReport> intervals;

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
    SimulationReport(String pipeline, String workload, String optimizer, int seconds, double requests, Energy energy,
            CarbonFigure carbon, double accuracy, double slaViolations, int reconfigurations, Duration optimizerTime,
            long optimizerEvaluations, OptionalDouble meanScoreGap, OptionalDouble maxScoreGap,
            List<IntervalReport> intervals) {
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(carbon, "carbon");
        Objects.requireNonNull(optimizerTime, "optimizerTime");
        intervals = List.copyOf(intervals);
        this.pipeline = pipeline;
        this.workload = workload;
        this.optimizer = optimizer;
        this.seconds = seconds;
        this.requests = requests;
        this.energy = energy;
        this.carbon = carbon;
        this.accuracy = accuracy;
        this.slaViolations = slaViolations;
        this.reconfigurations = reconfigurations;
        this.optimizerTime = optimizerTime;
        this.optimizerEvaluations = optimizerEvaluations;
        this.meanScoreGap = meanScoreGap;
        this.maxScoreGap = maxScoreGap;
        this.intervals = intervals;
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

    /** @return the pipeline's name */
    public String pipeline() {
        return pipeline;
    }

    /** @return the trace's name */
    public String workload() {
        return workload;
    }

    /** @return the optimizer's name */
    public String optimizer() {
        return optimizer;
    }

    /** @return trace length */
    public int seconds() {
        return seconds;
    }

    /** @return requests that arrived */
    public double requests() {
        return requests;
    }

    /**
     * @return energy of all stages over the run (active energy of the batches served plus idle power of every
     *         provisioned replica)
     */
    public Energy energy() {
        return energy;
    }

    /** @return operational carbon, with the intensity source's low/high range */
    public CarbonFigure carbon() {
        return carbon;
    }

    /** @return request-weighted pipeline accuracy */
    public double accuracy() {
        return accuracy;
    }

    /** @return requests whose predicted end-to-end latency exceeded the SLA */
    public double slaViolations() {
        return slaViolations;
    }

    /** @return configuration changes after the initial deployment */
    public int reconfigurations() {
        return reconfigurations;
    }

    /** @return total wall time in the optimizer, on the simulator's clock */
    public Duration optimizerTime() {
        return optimizerTime;
    }

    /** @return total configurations the optimizer scored */
    public long optimizerEvaluations() {
        return optimizerEvaluations;
    }

    /**
     * @return mean over intervals of (reference score − proposed score) ÷ |reference score|, if a reference optimizer
     *         was given and both found a feasible configuration
     */
    public OptionalDouble meanScoreGap() {
        return meanScoreGap;
    }

    /** @return the largest such gap */
    public OptionalDouble maxScoreGap() {
        return maxScoreGap;
    }

    /** @return per-interval detail */
    public List<IntervalReport> intervals() {
        return intervals;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SimulationReport)) {
            return false;
        }
        SimulationReport o = (SimulationReport) other;
        return Objects.equals(pipeline, o.pipeline)
                && Objects.equals(workload, o.workload)
                && Objects.equals(optimizer, o.optimizer)
                && seconds == o.seconds
                && Double.compare(requests, o.requests) == 0
                && Objects.equals(energy, o.energy)
                && Objects.equals(carbon, o.carbon)
                && Double.compare(accuracy, o.accuracy) == 0
                && Double.compare(slaViolations, o.slaViolations) == 0
                && reconfigurations == o.reconfigurations
                && Objects.equals(optimizerTime, o.optimizerTime)
                && optimizerEvaluations == o.optimizerEvaluations
                && Objects.equals(meanScoreGap, o.meanScoreGap)
                && Objects.equals(maxScoreGap, o.maxScoreGap)
                && Objects.equals(intervals, o.intervals);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pipeline, workload, optimizer, seconds, requests, energy, carbon, accuracy, slaViolations,
                reconfigurations, optimizerTime, optimizerEvaluations, meanScoreGap, maxScoreGap, intervals);
    }

    @Override
    public String toString() {
        return "SimulationReport[pipeline=" + pipeline
                + ", workload=" + workload
                + ", optimizer=" + optimizer
                + ", seconds=" + seconds
                + ", requests=" + requests
                + ", energy=" + energy
                + ", carbon=" + carbon
                + ", accuracy=" + accuracy
                + ", slaViolations=" + slaViolations
                + ", reconfigurations=" + reconfigurations
                + ", optimizerTime=" + optimizerTime
                + ", optimizerEvaluations=" + optimizerEvaluations
                + ", meanScoreGap=" + meanScoreGap
                + ", maxScoreGap=" + maxScoreGap
                + ", intervals=" + intervals + "]";
    }
}
