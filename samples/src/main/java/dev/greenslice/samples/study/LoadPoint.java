package dev.greenslice.samples.study;

import dev.greenslice.carbon.plan.Arrival;

import java.util.Locale;

/**
 * A load of the study: closed loop at peak (requests back to back, the GPU never waits), or Poisson
 * arrivals at a share of each model's reference peak throughput (the model alone on the whole GPU at the
 * highest clock). Immutable.
 *
 * @param loadShare the Poisson load share, e.g. 0.25; {@code 0} for closed loop
 */
public record LoadPoint(double loadShare) {

    /**
     * Checks the share.
     *
     * @param loadShare the Poisson load share, e.g. 0.25; {@code 0} for closed loop
     * @throws IllegalArgumentException for a negative or non-finite share
     */
    public LoadPoint {
        if (!(loadShare >= 0) || Double.isInfinite(loadShare)) {
            throw new IllegalArgumentException("Load share must be 0 (closed loop) or a positive number (0.25 = 25% of"
                    + " peak), got " + loadShare);
        }
    }

    /** @return closed-loop load at peak */
    public static LoadPoint closedLoop() {
        return new LoadPoint(0);
    }

    /**
     * Poisson arrivals at a share of peak.
     *
     * @param share the load share, positive (0.25 = 25 % of peak)
     * @return Poisson arrivals at {@code share} × the reference peak throughput
     * @throws IllegalArgumentException for a share that is not positive
     */
    public static LoadPoint poisson(double share) {
        if (!(share > 0)) {
            throw new IllegalArgumentException("Poisson load share must be positive, got " + share);
        }
        return new LoadPoint(share);
    }

    /** @return whether this is closed loop at peak */
    public boolean isClosedLoop() {
        return loadShare == 0;
    }

    /** @return the arrival process of the library's workload model */
    public Arrival arrival() {
        return isClosedLoop() ? Arrival.closedLoop() : Arrival.poisson(loadShare);
    }

    /** @return {@code "peak (closed loop)"} or e.g. {@code "Poisson 25%"} */
    public String label() {
        return isClosedLoop() ? "peak (closed loop)" : String.format(Locale.ROOT, "Poisson %.0f%%", loadShare * 100);
    }

    /** @return {@code "closed-loop"} or e.g. {@code "poisson-25"}, for file names and JSON */
    public String id() {
        return isClosedLoop() ? "closed-loop" : String.format(Locale.ROOT, "poisson-%.0f", loadShare * 100);
    }

    @Override
    public String toString() {
        return label();
    }
}
