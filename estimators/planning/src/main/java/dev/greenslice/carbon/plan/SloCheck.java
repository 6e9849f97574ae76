package dev.greenslice.carbon.plan;

import java.util.Locale;
import java.util.Objects;

/**
 * One model's predicted mean latency against its SLO, in a plan or at one clock of a tuning curve.
 * Immutable.
 *
 * @param demand            the demand's name
 * @param meanLatencyMs     predicted mean per-request latency (batch fill + queueing + batch latency), in ms
 * @param sloMs             the SLO on mean latency, in ms
 * @param isolatedLatencyMs the model's isolated batch latency the SLO factor refers to, in ms
 */
public record SloCheck(String demand, double meanLatencyMs, double sloMs, double isolatedLatencyMs) {

    /**
     * Checks the components.
     *
     * @param demand the demand's name
     * @param meanLatencyMs predicted mean per-request latency (batch fill + queueing + batch latency), in ms
     * @param sloMs the SLO on mean latency, in ms
     * @param isolatedLatencyMs the model's isolated batch latency the SLO factor refers to, in ms
     * @throws IllegalArgumentException for a component outside its range (see above), naming it
     */
    public SloCheck {
        Objects.requireNonNull(demand, "demand");
        if (!(meanLatencyMs >= 0) || !(sloMs > 0) || !(isolatedLatencyMs > 0)) {
            throw new IllegalArgumentException("SLO check of " + demand + ": latency " + meanLatencyMs + " ms, SLO "
                    + sloMs + " ms and isolated latency " + isolatedLatencyMs + " ms must be positive numbers");
        }
    }

    /** @return whether the mean latency is within the SLO */
    public boolean met() {
        return meanLatencyMs <= sloMs;
    }

    /** @return mean latency / SLO: at most 1 when met */
    public double sloUse() {
        return meanLatencyMs / sloMs;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %.1f ms vs SLO %.1f ms (%s)", demand, meanLatencyMs, sloMs,
                met() ? "met" : "missed");
    }
}
