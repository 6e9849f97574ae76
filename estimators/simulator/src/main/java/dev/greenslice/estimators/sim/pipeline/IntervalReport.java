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
 *
 * @param index                          0-based interval number
 * @param startSecond                    the trace second the interval starts at
 * @param seconds                        its length in seconds (the last may be short)
 * @param predictedRequestsPerSecond     the predicted rate (plus any queue-draining rate) the adapter checked
 *                                       constraints at
 * @param meanRequestsPerSecond          the rate that arrived, on average
 * @param peakRequestsPerSecond          the busiest second's arrivals
 * @param configuration                  what ran
 * @param reconfigured                   whether it changed at the start of the interval (the initial
 *                                       deployment does not count)
 * @param feasibleAtPrediction           whether it met every constraint at the predicted rate
 * @param requests                       requests that arrived
 * @param slaViolations                  requests that arrived in a second whose predicted end-to-end latency
 *                                       exceeded the SLA
 * @param accuracy                       pipeline accuracy of what ran
 * @param energy                         energy of all stages over the interval
 * @param carbon                         operational carbon of that energy
 * @param optimizerTime                  time the optimizer took for this interval's decision
 * @param proposedScore                  the optimizer's proposal's score at the predicted rate
 * @param referenceScore                 the reference optimizer's score at the same demand, if one was given
 * @param reason                         why this configuration ran
 */
public record IntervalReport(int index, int startSecond, int seconds, double predictedRequestsPerSecond,
                             double meanRequestsPerSecond, double peakRequestsPerSecond,
                             PipelineConfiguration configuration, boolean reconfigured, boolean feasibleAtPrediction,
                             double requests, double slaViolations, double accuracy, Energy energy, CarbonFigure carbon,
                             Duration optimizerTime, double proposedScore, OptionalDouble referenceScore, String reason) {

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
    public IntervalReport {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(carbon, "carbon");
        Objects.requireNonNull(optimizerTime, "optimizerTime");
        Objects.requireNonNull(referenceScore, "referenceScore");
        Objects.requireNonNull(reason, "reason");
    }
}
