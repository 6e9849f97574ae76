package dev.greenslice.carbon.plan;

/**
 * How a model's requests arrive: closed loop at peak (a new request as soon as one completes, so the GPU
 * never waits for work), or Poisson at a share of the model's peak throughput.
 *
 * <p>The peak throughput a load share refers to is the model's <em>reference</em> throughput: the model
 * alone on the largest instance its profile has, at the highest clock, at the demand's batch size. So a
 * Poisson demand offers the same requests per second whatever slices and clock a plan gives it.
 *
 * <p>Immutable and thread-safe. {@link #poisson(double)} rejects a load share that is not a positive, finite
 * number with an {@link IllegalArgumentException} naming the value.
 */
public sealed interface Arrival permits Arrival.ClosedLoop, Arrival.Poisson {

    /** @return closed-loop arrival at peak load */
    static Arrival closedLoop() {
        return ClosedLoop.INSTANCE;
    }

    /**
     * @param loadShare offered load as a share of the model's reference peak throughput, {@code > 0}; above 1
     *                  the queue grows without bound
     * @return Poisson arrival at that share
     * @throws IllegalArgumentException unless {@code loadShare} is positive and finite
     */
    static Arrival poisson(double loadShare) {
        return new Poisson(loadShare);
    }

    /** Requests issued back to back: each request's latency is its batch's latency; no idle time. */
    record ClosedLoop() implements Arrival {
        static final ClosedLoop INSTANCE = new ClosedLoop();

        @Override
        public String toString() {
            return "closed-loop";
        }
    }

    /**
     * Poisson arrivals at {@code loadShare} × the reference peak throughput.
     *
     * @param loadShare share of the reference peak throughput, finite and {@code > 0}
     */
    record Poisson(double loadShare) implements Arrival {
        /**
         * Checks the load share.
         *
         * @param loadShare share of the reference peak throughput, finite and {@code > 0}
         * @throws IllegalArgumentException unless {@code loadShare} is positive and finite
         */
        public Poisson {
            if (!(loadShare > 0) || Double.isInfinite(loadShare)) {
                throw new IllegalArgumentException("Poisson load share must be a positive number (0.5 = half of peak"
                        + " throughput), got " + loadShare);
            }
        }

        @Override
        public String toString() {
            return "poisson(" + loadShare + ")";
        }
    }
}
