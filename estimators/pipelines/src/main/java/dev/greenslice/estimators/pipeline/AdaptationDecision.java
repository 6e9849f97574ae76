package dev.greenslice.estimators.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * One adaptation step: the rate it planned for, the configuration to run next, whether that is a change,
 * and why.
 *
 * <p>Immutable.
 */
public final class AdaptationDecision {
    private final double predictedRequestsPerSecond;
    private final double plannedRequestsPerSecond;
    private final PipelineConfiguration configuration;
    private final ConfigurationAssessment assessment;
    private final boolean reconfigured;
    private final Duration optimizerTime;
    private final long optimizerEvaluations;
    private final double proposedScore;
    private final String reason;

    /**
     * A decision as the adaptation policy makes it.
     *
     * @param predictedRequestsPerSecond the predicted arrival rate (plus any queue-draining rate); constraints are
     *                                   checked at it
     * @param plannedRequestsPerSecond   the rate the optimizer was asked to plan for: the predicted rate × (1 +
     *                                   stability margin), or the predicted rate when nothing holds at the former
     * @param configuration              the configuration to run for the next interval
     * @param assessment                 that configuration assessed at the predicted rate
     * @param reconfigured               whether it differs from the configuration that was running
     * @param optimizerTime              wall time the optimizer took, measured on the injected clock
     * @param optimizerEvaluations       configurations the optimizer scored
     * @param proposedScore              the score of the optimizer's own proposal at the planned rate, before the
     *                                   keep-or-switch rule; negative infinity if it found nothing feasible
     * @param reason                     one sentence: why this configuration
     * @throws NullPointerException if the configuration, assessment, optimizer time or reason is null
     */
    AdaptationDecision(double predictedRequestsPerSecond, double plannedRequestsPerSecond,
            PipelineConfiguration configuration, ConfigurationAssessment assessment, boolean reconfigured,
            Duration optimizerTime, long optimizerEvaluations, double proposedScore, String reason) {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(assessment, "assessment");
        Objects.requireNonNull(optimizerTime, "optimizerTime");
        Objects.requireNonNull(reason, "reason");
        this.predictedRequestsPerSecond = predictedRequestsPerSecond;
        this.plannedRequestsPerSecond = plannedRequestsPerSecond;
        this.configuration = configuration;
        this.assessment = assessment;
        this.reconfigured = reconfigured;
        this.optimizerTime = optimizerTime;
        this.optimizerEvaluations = optimizerEvaluations;
        this.proposedScore = proposedScore;
        this.reason = reason;
    }

    /** @return whether the chosen configuration meets every constraint at the predicted rate */
    public boolean feasible() {
        return assessment.feasible();
    }

    /** @return the predicted arrival rate (plus any queue-draining rate); constraints are checked at it */
    public double predictedRequestsPerSecond() {
        return predictedRequestsPerSecond;
    }

    /** @return the rate the optimizer was asked to plan for: the predicted rate × (1 + stability margin), or the predicted rate when nothing holds at the former */
    public double plannedRequestsPerSecond() {
        return plannedRequestsPerSecond;
    }

    /** @return the configuration to run for the next interval */
    public PipelineConfiguration configuration() {
        return configuration;
    }

    /** @return that configuration assessed at the predicted rate */
    public ConfigurationAssessment assessment() {
        return assessment;
    }

    /** @return whether it differs from the configuration that was running */
    public boolean reconfigured() {
        return reconfigured;
    }

    /** @return wall time the optimizer took, measured on the injected clock */
    public Duration optimizerTime() {
        return optimizerTime;
    }

    /** @return configurations the optimizer scored */
    public long optimizerEvaluations() {
        return optimizerEvaluations;
    }

    /** @return the score of the optimizer's own proposal at the planned rate, before the keep-or-switch rule; negative infinity if it found nothing feasible */
    public double proposedScore() {
        return proposedScore;
    }

    /** @return one sentence: why this configuration */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof AdaptationDecision)) {
            return false;
        }
        AdaptationDecision o = (AdaptationDecision) other;
        return Double.compare(predictedRequestsPerSecond, o.predictedRequestsPerSecond) == 0
                && Double.compare(plannedRequestsPerSecond, o.plannedRequestsPerSecond) == 0
                && Objects.equals(configuration, o.configuration)
                && Objects.equals(assessment, o.assessment)
                && reconfigured == o.reconfigured
                && Objects.equals(optimizerTime, o.optimizerTime)
                && optimizerEvaluations == o.optimizerEvaluations
                && Double.compare(proposedScore, o.proposedScore) == 0
                && Objects.equals(reason, o.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(predictedRequestsPerSecond, plannedRequestsPerSecond, configuration, assessment, reconfigured, optimizerTime, optimizerEvaluations, proposedScore, reason);
    }

    @Override
    public String toString() {
        return "AdaptationDecision[predictedRequestsPerSecond=" + predictedRequestsPerSecond
                + ", plannedRequestsPerSecond=" + plannedRequestsPerSecond
                + ", configuration=" + configuration
                + ", assessment=" + assessment
                + ", reconfigured=" + reconfigured
                + ", optimizerTime=" + optimizerTime
                + ", optimizerEvaluations=" + optimizerEvaluations
                + ", proposedScore=" + proposedScore
                + ", reason=" + reason + "]";
    }
}
