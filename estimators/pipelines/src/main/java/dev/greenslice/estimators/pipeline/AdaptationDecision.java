package dev.greenslice.estimators.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * One adaptation step: the rate it planned for, the configuration to run next, whether that is a change,
 * and why.
 *
 * <p>Immutable.
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
 * @param proposedScore              the score of the optimizer's own proposal at the planned rate, before
 *                                   the keep-or-switch rule; negative infinity if it found nothing feasible
 * @param reason                     one sentence: why this configuration
 */
public record AdaptationDecision(double predictedRequestsPerSecond, double plannedRequestsPerSecond,
                                 PipelineConfiguration configuration,
                                 ConfigurationAssessment assessment, boolean reconfigured, Duration optimizerTime,
                                 long optimizerEvaluations, double proposedScore, String reason) {

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
    public AdaptationDecision {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(assessment, "assessment");
        Objects.requireNonNull(optimizerTime, "optimizerTime");
        Objects.requireNonNull(reason, "reason");
    }

    /** @return whether the chosen configuration meets every constraint at the predicted rate */
    public boolean feasible() {
        return assessment.feasible();
    }
}
