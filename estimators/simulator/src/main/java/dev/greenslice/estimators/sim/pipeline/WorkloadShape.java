package dev.greenslice.estimators.sim.pipeline;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.util.Locale;
import java.util.Optional;

/**
 * The four workload shapes the IPA work evaluated on (segments of the 2018 Twitter stream trace: steady
 * low, steady high, bursty, fluctuating), as seeded synthetic generators of per-second arrival counts.
 *
 * <p>Each shape is a rate curve in fractions of a peak rate; each second's count is a Poisson draw at
 * that rate, so short-term noise is that of independent arrivals.
 * <ul>
 *   <li>{@link #STEADY_LOW} — 20 % of peak, with a slow ±10 % drift (AR(1) noise, 0.95 per second).</li>
 *   <li>{@link #STEADY_HIGH} — 70 % of peak, with the same drift.</li>
 *   <li>{@link #BURSTY} — 20 % of peak, with bursts to 75–100 % of peak lasting 20–60 s, arriving on
 *       average every 180 s (exponential gaps), ramping up in 3 s and down in 10 s.</li>
 *   <li>{@link #FLUCTUATING} — {@code 0.5 + 0.3·sin(2πt/400 s + φ₁) + 0.12·sin(2πt/97 s + φ₂)} of peak,
 *       clamped to [5 %, 100 %], with random phases.</li>
 * </ul>
 * Stateless and thread-safe; equal arguments give equal traces.
 */
public enum WorkloadShape {
    /** Low, steady load. */
    STEADY_LOW,
    /** High, steady load. */
    STEADY_HIGH,
    /** Low load with bursts close to the peak. */
    BURSTY,
    /** Load swinging between low and high. */
    FLUCTUATING;

    /**
     * The longest trace {@link #generate} makes: 7 days of seconds. A trace holds a count per second and a
     * simulation optimizes every interval of it, so a longer one would only exhaust memory and patience.
     */
    public static final int MAX_SECONDS = 7 * 24 * 3600;

    /** The highest peak rate {@link #generate} accepts, in requests per second (10^9). */
    public static final double MAX_PEAK_REQUESTS_PER_SECOND = 1e9;

    /** @return the command-line name, e.g. {@code "steady-low"} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The shape with a command-line name.
     *
     * @param text {@code steady-low}, {@code steady-high}, {@code bursty} or {@code fluctuating}
     * @return the shape called {@code text}, if any
     */
    public static Optional<WorkloadShape> parse(String text) {
        for (WorkloadShape s : values()) {
            if (s.cliName().equals(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Generates a trace.
     *
     * @param seconds               length of the trace, in seconds; {@code >= 1}
     * @param peakRequestsPerSecond the rate the shape's fractions refer to; finite, positive
     * @param seed                  seeds the generator; the same seed gives the same trace
     * @return a trace named after the shape and seed, one Poisson-sampled count per second
     * @throws IllegalArgumentException for a length outside 1 to {@link #MAX_SECONDS} or a peak outside
     *                                  (0, {@link #MAX_PEAK_REQUESTS_PER_SECOND}]
     */
    public ArrivalTrace generate(int seconds, double peakRequestsPerSecond, long seed) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("A generated trace lasts 1 to " + MAX_SECONDS + " seconds (7 days),"
                    + " got " + seconds);
        }
        if (!(peakRequestsPerSecond > 0) || !(peakRequestsPerSecond <= MAX_PEAK_REQUESTS_PER_SECOND)) {
            throw new IllegalArgumentException("Peak rate must be a positive number of requests per second up to "
                    + String.format(Locale.ROOT, "%.0e", MAX_PEAK_REQUESTS_PER_SECOND) + ", got "
                    + peakRequestsPerSecond);
        }
        RandomGenerator rng = new Well19937c(seed);
        double[] fraction = switch (this) {
            case STEADY_LOW -> steady(rng, seconds, 0.2);
            case STEADY_HIGH -> steady(rng, seconds, 0.7);
            case BURSTY -> bursty(rng, seconds);
            case FLUCTUATING -> fluctuating(rng, seconds);
        };
        double[] counts = new double[seconds];
        for (int t = 0; t < seconds; t++) {
            double mean = fraction[t] * peakRequestsPerSecond;
            counts[t] = PoissonSampler.sample(rng, mean);
        }
        return ArrivalTrace.of(cliName() + " (seed " + seed + ")", counts);
    }

    private static double[] steady(RandomGenerator rng, int seconds, double level) {
        double[] f = new double[seconds];
        double drift = 0;
        for (int t = 0; t < seconds; t++) {
            // AR(1) with stationary standard deviation 0.05: sigma_e = 0.05 * sqrt(1 - 0.95^2)
            drift = 0.95 * drift + rng.nextGaussian() * 0.05 * Math.sqrt(1 - 0.95 * 0.95);
            f[t] = level * (1 + Math.max(-0.1, Math.min(0.1, drift)));
        }
        return f;
    }

    private static double[] bursty(RandomGenerator rng, int seconds) {
        double[] f = new double[seconds];
        java.util.Arrays.fill(f, 0.2);
        double t = -180 * Math.log(1 - rng.nextDouble());
        while (t < seconds) {
            double length = 20 + 40 * rng.nextDouble();
            double height = 0.75 + 0.25 * rng.nextDouble();
            for (int s = (int) t; s < Math.min(seconds, t + length + 10); s++) {
                double into = s - t;
                double level;
                if (into < 3) {
                    level = 0.2 + (height - 0.2) * into / 3;
                } else if (into < length) {
                    level = height;
                } else {
                    level = height - (height - 0.2) * (into - length) / 10;
                }
                f[s] = Math.max(f[s], level);
            }
            t += length + 10 - 180 * Math.log(1 - rng.nextDouble());
        }
        return f;
    }

    private static double[] fluctuating(RandomGenerator rng, int seconds) {
        double[] f = new double[seconds];
        double p1 = 2 * Math.PI * rng.nextDouble();
        double p2 = 2 * Math.PI * rng.nextDouble();
        for (int t = 0; t < seconds; t++) {
            double v = 0.5 + 0.3 * Math.sin(2 * Math.PI * t / 400 + p1) + 0.12 * Math.sin(2 * Math.PI * t / 97 + p2);
            f[t] = Math.max(0.05, Math.min(1, v));
        }
        return f;
    }
}
