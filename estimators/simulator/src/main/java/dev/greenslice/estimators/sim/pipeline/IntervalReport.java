package dev.greenslice.estimators.sim.pipeline;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.estimators.pipeline.PipelineConfiguration;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What happened in one adaptation interval of a {@link PipelineSimulator} run.
 *
 * <p>Immutable.
 */
public final class IntervalReport {
    private final int index;
    private final int startSecond;
    private final int seconds;
    private final double predictedRequestsPerSecond;
    private final double meanRequestsPerSecond;
    private final double peakRequestsPerSecond;
    private final PipelineConfiguration configuration;
    private final boolean reconfigured;
    private final boolean feasibleAtPrediction;
    private final double requests;
    private final double slaViolations;
    private final double accuracy;
    private final Energy energy;
    private final CarbonFigure carbon;
    private final Duration optimizerTime;
    private final double proposedScore;
    private final OptionalDouble referenceScore;
    private final String reason;

    /**
     * One interval as the simulator reports it.
     *
     * @param index                      0-based interval number
     * @param startSecond                the trace second the interval starts at
     * @param seconds                    its length in seconds (the last may be short)
     * @param predictedRequestsPerSecond the predicted rate (plus any queue-draining rate) the adapter checked
     *                                   constraints at
     * @param meanRequestsPerSecond      the rate that arrived, on average
     * @param peakRequestsPerSecond      the busiest second's arrivals
     * @param configuration              what ran
     * @param reconfigured               whether it changed at the start of the interval (the initial deployment does
     *                                   not count)
     * @param feasibleAtPrediction       whether it met every constraint at the predicted rate
     * @param requests                   requests that arrived
     * @param slaViolations              requests that arrived in a second whose predicted end-to-end latency exceeded
     *                                   the SLA
     * @param accuracy                   pipeline accuracy of what ran
     * @param energy                     energy of all stages over the interval
     * @param carbon                     operational carbon of that energy
     * @param optimizerTime              time the optimizer took for this interval's decision
     * @param proposedScore              the optimizer's proposal's score at the predicted rate
     * @param referenceScore             the reference optimizer's score at the same demand, if one was given
     * @param reason                     why this configuration ran
     * @throws NullPointerException if the configuration, energy, carbon, optimizer time, reference score or reason is
     *                              null
     */
    IntervalReport(int index, int startSecond, int seconds, double predictedRequestsPerSecond,
            double meanRequestsPerSecond, double peakRequestsPerSecond, PipelineConfiguration configuration,
            boolean reconfigured, boolean feasibleAtPrediction, double requests, double slaViolations,
            double accuracy, Energy energy, CarbonFigure carbon, Duration optimizerTime, double proposedScore,
            OptionalDouble referenceScore, String reason) {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(carbon, "carbon");
        Objects.requireNonNull(optimizerTime, "optimizerTime");
        Objects.requireNonNull(referenceScore, "referenceScore");
        Objects.requireNonNull(reason, "reason");
        this.index = index;
        this.startSecond = startSecond;
        this.seconds = seconds;
        this.predictedRequestsPerSecond = predictedRequestsPerSecond;
        this.meanRequestsPerSecond = meanRequestsPerSecond;
        this.peakRequestsPerSecond = peakRequestsPerSecond;
        this.configuration = configuration;
        this.reconfigured = reconfigured;
        this.feasibleAtPrediction = feasibleAtPrediction;
        this.requests = requests;
        this.slaViolations = slaViolations;
        this.accuracy = accuracy;
        this.energy = energy;
        this.carbon = carbon;
        this.optimizerTime = optimizerTime;
        this.proposedScore = proposedScore;
        this.referenceScore = referenceScore;
        this.reason = reason;
    }

    /** @return 0-based interval number */
    public int index() {
        return index;
    }

    /** @return the trace second the interval starts at */
    public int startSecond() {
        return startSecond;
    }

    /** @return its length in seconds (the last may be short) */
    public int seconds() {
        return seconds;
    }

    /** @return the predicted rate (plus any queue-draining rate) the adapter checked constraints at */
    public double predictedRequestsPerSecond() {
        return predictedRequestsPerSecond;
    }

    /** @return the rate that arrived, on average */
    public double meanRequestsPerSecond() {
        return meanRequestsPerSecond;
    }

    /** @return the busiest second's arrivals */
    public double peakRequestsPerSecond() {
        return peakRequestsPerSecond;
    }

    /** @return what ran */
    public PipelineConfiguration configuration() {
        return configuration;
    }

    /** @return whether it changed at the start of the interval (the initial deployment does not count) */
    public boolean reconfigured() {
        return reconfigured;
    }

    /** @return whether it met every constraint at the predicted rate */
    public boolean feasibleAtPrediction() {
        return feasibleAtPrediction;
    }

    /** @return requests that arrived */
    public double requests() {
        return requests;
    }

    /** @return requests that arrived in a second whose predicted end-to-end latency exceeded the SLA */
    public double slaViolations() {
        return slaViolations;
    }

    /** @return pipeline accuracy of what ran */
    public double accuracy() {
        return accuracy;
    }

    /** @return energy of all stages over the interval */
    public Energy energy() {
        return energy;
    }

    /** @return operational carbon of that energy */
    public CarbonFigure carbon() {
        return carbon;
    }

    /** @return time the optimizer took for this interval's decision */
    public Duration optimizerTime() {
        return optimizerTime;
    }

    /** @return the optimizer's proposal's score at the predicted rate */
    public double proposedScore() {
        return proposedScore;
    }

    /** @return the reference optimizer's score at the same demand, if one was given */
    public OptionalDouble referenceScore() {
        return referenceScore;
    }

    /** @return why this configuration ran */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof IntervalReport)) {
            return false;
        }
        IntervalReport o = (IntervalReport) other;
        return index == o.index
                && startSecond == o.startSecond
                && seconds == o.seconds
                && Double.compare(predictedRequestsPerSecond, o.predictedRequestsPerSecond) == 0
                && Double.compare(meanRequestsPerSecond, o.meanRequestsPerSecond) == 0
                && Double.compare(peakRequestsPerSecond, o.peakRequestsPerSecond) == 0
                && Objects.equals(configuration, o.configuration)
                && reconfigured == o.reconfigured
                && feasibleAtPrediction == o.feasibleAtPrediction
                && Double.compare(requests, o.requests) == 0
                && Double.compare(slaViolations, o.slaViolations) == 0
                && Double.compare(accuracy, o.accuracy) == 0
                && Objects.equals(energy, o.energy)
                && Objects.equals(carbon, o.carbon)
                && Objects.equals(optimizerTime, o.optimizerTime)
                && Double.compare(proposedScore, o.proposedScore) == 0
                && Objects.equals(referenceScore, o.referenceScore)
                && Objects.equals(reason, o.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, startSecond, seconds, predictedRequestsPerSecond, meanRequestsPerSecond,
                peakRequestsPerSecond, configuration, reconfigured, feasibleAtPrediction, requests, slaViolations,
                accuracy, energy, carbon, optimizerTime, proposedScore, referenceScore, reason);
    }

    @Override
    public String toString() {
        return "IntervalReport[index=" + index
                + ", startSecond=" + startSecond
                + ", seconds=" + seconds
                + ", predictedRequestsPerSecond=" + predictedRequestsPerSecond
                + ", meanRequestsPerSecond=" + meanRequestsPerSecond
                + ", peakRequestsPerSecond=" + peakRequestsPerSecond
                + ", configuration=" + configuration
                + ", reconfigured=" + reconfigured
                + ", feasibleAtPrediction=" + feasibleAtPrediction
                + ", requests=" + requests
                + ", slaViolations=" + slaViolations
                + ", accuracy=" + accuracy
                + ", energy=" + energy
                + ", carbon=" + carbon
                + ", optimizerTime=" + optimizerTime
                + ", proposedScore=" + proposedScore
                + ", referenceScore=" + referenceScore
                + ", reason=" + reason + "]";
    }
}
