package dev.greenslice.estimators.workload;

import dev.greenslice.carbon.plan.Arrival;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ProfilePoint;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * Latency and load of one model serving a {@link ModelDemand} on one MIG instance at one clock, from its
 * profile: analytically ({@link #forecast}) or by a seeded discrete-event simulation ({@link #simulate}) that
 * the analytic model is checked against.
 *
 * <p><b>Service.</b> Requests are grouped into batches of the workload's batch size in arrival order; a batch
 * is ready when its last request arrives (the final batch when the last request arrives). Batches are served
 * first come, first served by the instance, which is occupied for the profile's batch interval
 * {@code I = 1000 b / throughput} per batch (it can accept the next batch before the previous one's results
 * are out where the server pipelines host work), and each batch completes its batch latency {@code L} after
 * its service starts. MIG isolates the instance, so {@code I} and {@code L} are the isolated profile's at the
 * instance's slices and the clock.
 *
 * <p><b>Closed loop</b> (peak): requests arrive as fast as they are served; each request's latency is
 * {@code L}, completion is {@code batches × I + (L − I)}, there is no idle time.
 *
 * <p><b>Poisson</b> at rate {@code λ = loadShare × reference peak throughput}: batch inter-ready times are
 * Erlang-{@code b}, service is deterministic, so the batch queue is E<sub>b</sub>/D/1 with utilisation
 * {@code ρ = λ I / b}. Mean latency = batch fill {@code (b − 1)/(2λ)} + queueing wait + {@code L}. The
 * queueing wait is that of a queue starting empty over the finite run: the mean of the running maximum of
 * a Brownian net input with drift {@code ρ − 1} and the Erlang-b arrival variance, averaged over the arrival
 * times, times the Kraemer–Langenbach-Belz correction for Erlang arrivals (exact Pollaczek–Khinchine,
 * M/D/1, in the long-run limit for {@code b = 1}). For long runs below saturation this is Kingman's
 * approximation {@code ρ/(1−ρ) · (1/b)/2 · I}; above saturation it is the fluid growth of the queue; near
 * {@code ρ = 1} it stays finite, as a finite run's wait does. Completion is the later of the last arrival plus
 * its expected wait and latency, and the server's uninterrupted work from the first batch. Against the
 * simulation ({@code ServingModelTest}: EnerTune models, 25–99 % and 110–220 % utilisation) the analytic
 * mean latency is within 10 % up to 75 % load, 20 % up to 95 % and 30 % at 99 % (where it overstates the
 * wait), and completion within 5 %.
 *
 * <p>Stateless and thread-safe. Fails with {@link IllegalArgumentException} naming the model and cell when
 * the profile lacks the deployment's or the reference configuration's cell.
 */
public final class ServingModel {

    /**
     * The longest run a forecast computes: {@code Long.MAX_VALUE} nanoseconds, about 292 years, the range of
     * the nanosecond figures every report is built from. A workload that would run longer on a configuration
     * is refused rather than saturated (which would give every larger workload the same carbon).
     */
    public static final Duration MAX_RUN = Duration.ofNanos(Long.MAX_VALUE);

    /** The most requests {@link #simulate} draws: it holds each request's arrival and latency in memory. */
    public static final int MAX_SIMULATED_REQUESTS = 50_000_000;

    /** The standard normal distribution, without a random generator (it is never sampled). */
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private ServingModel() {
    }

    /**
     * The reference configuration: the model alone on the largest instance its profile has at this batch
     * size, at the highest clock it has there.
     *
     * @param profile   the model's isolated profile
     * @param batchSize requests per batch
     * @return the reference configuration's profile point
     * @throws IllegalArgumentException if the profile has no point at {@code batchSize}
     */
    public static ProfilePoint reference(ModelProfile profile, int batchSize) {
        return profile.largestFastest(batchSize).orElseThrow(() -> new IllegalArgumentException("Profile of "
                + profile.model() + " has no batch size " + batchSize + "; it has " + profile.batchSizes()));
    }

    /**
     * The SLO a workload is held to.
     *
     * @param profile  the model's isolated profile, for the isolated latency
     * @param workload the workload
     * @return the workload's SLO on mean latency, in ms: explicit, or the factor times the isolated latency
     * @throws IllegalArgumentException if the profile has no point at the workload's batch size
     */
    public static double sloMs(ModelProfile profile, ModelDemand workload) {
        return workload.sloMs().isPresent() ? workload.sloMs().getAsDouble()
                : workload.sloFactor() * reference(profile, workload.batchSize()).latencyMs();
    }

    /**
     * The rate at which requests are offered.
     *
     * @param profile  the model's isolated profile, for the reference peak throughput
     * @param workload the workload
     * @param here     the profile point of the deployment's cell
     * @return the offered arrival rate in requests per second; for closed loop, the peak rate on this cell
     * @throws IllegalArgumentException if the profile has no point at the workload's batch size
     */
    public static double arrivalRate(ModelProfile profile, ModelDemand workload, ProfilePoint here) {
        if (workload.arrival() instanceof Arrival.Poisson p) {
            return p.loadShare() * reference(profile, workload.batchSize()).requestsPerSecond();
        }
        return here.requestsPerSecond();
    }

    private static void check(ModelProfile profile, ModelDemand workload) {
        if (!profile.model().equals(workload.model())) {
            throw new IllegalArgumentException("The workload is for " + workload.model() + ", the profile for "
                    + profile.model());
        }
    }

    /**
     * The analytic forecast for {@code workload} on {@code slices} at {@code clockMhz}.
     *
     * @param profile  the model's isolated profile
     * @param workload the workload; of the profile's model
     * @param slices   the instance's compute slices
     * @param clockMhz the SM clock, in MHz
     * @return latencies, completion, busy and idle time, and the SLO
     * @throws IllegalArgumentException if the workload is of another model, or naming the model and cell the
     *                                  profile lacks
     */
    public static ServingForecast forecast(ModelProfile profile, ModelDemand workload, int slices, int clockMhz) {
        check(profile, workload);
        ProfilePoint ref = reference(profile, workload.batchSize());
        ProfilePoint here = profile.require(workload.batchSize(), slices, clockMhz);
        double slo = sloMs(profile, workload);
        double latency = here.latencyMs();
        double interval = here.batchIntervalMs();
        long batches = workload.batches();
        int b = workload.batchSize();
        if (workload.arrival() instanceof Arrival.ClosedLoop) {
            double completionMs = batches * interval + Math.max(0.0, latency - interval);
            requireWithinMaxRun(workload, slices, clockMhz, completionMs);
            Duration completion = ms(completionMs);
            return new ServingForecast(workload, slices, clockMhz, latency, interval, here.requestsPerSecond(), 1.0,
                    latency, OptionalDouble.empty(), completion, completion, Duration.ZERO, slo, ref.latencyMs(),
                    "closed loop at peak: each request waits for its batch only");
        }
        double lambda = arrivalRate(profile, workload, here) / 1000.0; // per ms
        double rho = lambda * interval / b;
        double fill = (b - 1) / (2 * lambda);
        double lastArrival = workload.requests() / lambda;
        // The backlog of work (ms of service) seen by an arrival at time t of a queue that starts empty is
        // the running maximum of a Brownian net input with drift rho - 1 and variance I^2 (lambda/b) (1/b)
        // per ms (Erlang-b batch arrivals, deterministic service): its mean tends to Kingman's steady state
        // for long runs below saturation, to the fluid backlog (rho - 1) t above it, and stays finite near
        // rho = 1, where the steady-state formula would overstate a finite run's wait without bound.
        double drift = rho - 1;
        double variance = interval * interval * (lambda / b) / b;
        double ca2 = 1.0 / b;
        // Kraemer & Langenbach-Belz: Erlang arrivals are more regular than Poisson, which lowers the wait.
        double klb = b == 1 || rho >= 1 ? 1.0 : Math.exp(-2 * (1 - rho) * (1 - ca2) * (1 - ca2) / (3 * rho * ca2));
        double[] backlog = runningMax(drift, variance, lastArrival);
        double wait = klb * backlog[0];
        double lastWait = klb * backlog[1];
        String how = (b == 1 ? "M/D/1" : "E" + b + "/D/1") + " queue from empty over the run (Brownian backlog"
                + (b == 1 ? "" : ", Kraemer-Langenbach-Belz correction") + "), utilisation "
                + String.format(java.util.Locale.ROOT, "%.2f", rho);
        double firstReady = b / lambda;
        double completionMs = Math.max(lastArrival + lastWait + latency,
                Math.min(firstReady, lastArrival) + batches * interval + Math.max(0.0, latency - interval));
        requireWithinMaxRun(workload, slices, clockMhz, completionMs);
        double busyMs = Math.min(batches * interval, completionMs);
        return new ServingForecast(workload, slices, clockMhz, latency, interval, lambda * 1000, rho,
                fill + wait + latency, OptionalDouble.empty(), ms(completionMs), ms(busyMs), ms(completionMs - busyMs),
                slo, ref.latencyMs(), "Poisson arrivals, batches of " + b + " served FIFO: " + how);
    }

    /**
     * A discrete-event simulation of the same service: Poisson arrivals drawn from {@code seed} (closed loop
     * needs none), batches formed in arrival order, served FIFO. Deterministic for a seed; linear in the
     * number of requests.
     *
     * @param profile  the model's isolated profile
     * @param workload the workload; of the profile's model
     * @param slices   the instance's compute slices
     * @param clockMhz the SM clock, in MHz
     * @param seed     the random seed of the arrivals
     * @return latencies (with the 95th percentile), completion, busy and idle time, and the SLO
     * @throws IllegalArgumentException if the workload is of another model, or naming the model and cell the
     *                                  profile lacks
     */
    public static ServingForecast simulate(ModelProfile profile, ModelDemand workload, int slices, int clockMhz, long seed) {
        check(profile, workload);
        ProfilePoint ref = reference(profile, workload.batchSize());
        ProfilePoint here = profile.require(workload.batchSize(), slices, clockMhz);
        double slo = sloMs(profile, workload);
        double latency = here.latencyMs();
        double interval = here.batchIntervalMs();
        int b = workload.batchSize();
        if (workload.requests() > MAX_SIMULATED_REQUESTS) {
            throw new IllegalArgumentException("Workload of " + workload.model() + ": " + workload.requests()
                    + " requests are more than the " + MAX_SIMULATED_REQUESTS + " a simulation draws one by one;"
                    + " simulate fewer requests or use the analytic forecast");
        }
        int n = (int) workload.requests();
        double lambda = arrivalRate(profile, workload, here) / 1000.0;
        boolean closed = workload.arrival() instanceof Arrival.ClosedLoop;
        double[] arrival = new double[n];
        Random rnd = new Random(seed);
        double t = 0;
        for (int i = 0; i < n; i++) {
            if (!closed) {
                t += -Math.log(1 - rnd.nextDouble()) / lambda;
            }
            arrival[i] = t;
        }
        double[] latencies = new double[n];
        double free = 0;
        double end = 0;
        double busy = 0;
        for (int first = 0; first < n; first += b) {
            int last = Math.min(n, first + b) - 1;
            double ready = closed ? Math.max(arrival[last], free) : arrival[last];
            double start = Math.max(ready, free);
            free = start + interval;
            busy += interval;
            double done = start + latency;
            end = Math.max(end, done);
            for (int i = first; i <= last; i++) {
                // In closed loop a request is issued when its batch can start: it waits for nothing but its batch.
                latencies[i] = closed ? latency : done - arrival[i];
            }
        }
        double mean = Arrays.stream(latencies).average().orElse(0);
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        double p95 = sorted[Math.min(n - 1, (int) Math.ceil(0.95 * n) - 1)];
        double begin = closed ? 0 : 0;
        double completionMs = end - begin;
        double busyMs = Math.min(busy, completionMs);
        return new ServingForecast(workload, slices, clockMhz, latency, interval, closed ? here.requestsPerSecond()
                : lambda * 1000, closed ? 1.0 : lambda * interval / b, mean, OptionalDouble.of(p95), ms(completionMs),
                ms(busyMs), ms(completionMs - busyMs), slo, ref.latencyMs(),
                "discrete-event simulation, seed " + seed);
    }

    /**
     * {@code E[max_{u <= t} X(u)]} for Brownian motion {@code X} with drift {@code mu} and variance
     * {@code sigma2} per unit time, started at 0: the mean backlog at time {@code t} of a queue that starts
     * empty (by time reversal, the reflected process at {@code t} has the law of the running maximum). With
     * {@code a = mu sqrt(t) / sigma}: {@code sigma sqrt(t) (phi(a) + a Phi(a)) + sigma^2 / (2 mu) (2 Phi(a) - 1)},
     * whose limit at {@code mu = 0} is {@code sigma sqrt(2 t / pi)}.
     */
    static double expectedRunningMax(double mu, double sigma2, double t) {
        if (t <= 0 || sigma2 <= 0) {
            return Math.max(0.0, mu * t);
        }
        double sigma = Math.sqrt(sigma2);
        double s = sigma * Math.sqrt(t);
        double a = mu * Math.sqrt(t) / sigma;
        if (Math.abs(a) < 1e-6) {
            return s * Math.sqrt(2 / Math.PI) + mu * t / 2;
        }
        double cdf = normalCdf(a);
        return s * (normalPdf(a) + a * cdf) + sigma2 / (2 * mu) * (2 * cdf - 1);
    }

    /**
     * The mean of {@link #expectedRunningMax} over arrival times spread uniformly on {@code [0, t]}, and its
     * value at {@code t}, as {@code {mean, atEnd}}. Substituting {@code t' = t u^2} smooths the square-root
     * start; Simpson's rule on 8 intervals of {@code u} is then within 0.2 % of a 256-interval rule over
     * utilisations 0.1–2.5 and runs from 10 ms to 1,000 s (9 evaluations: planners call this per forecast).
     */
    static double[] runningMax(double mu, double sigma2, double t) {
        if (t <= 0) {
            return new double[] {0, 0};
        }
        int n = 8;
        double sum = 0;
        double atEnd = 0;
        for (int i = 1; i <= n; i++) {
            double u = (double) i / n;
            double m = expectedRunningMax(mu, sigma2, t * u * u);
            sum += m * 2 * u * (i == n ? 1 : (i % 2 == 1 ? 4 : 2));
            atEnd = m;
        }
        return new double[] {sum / (3.0 * n), atEnd};
    }

    private static double normalPdf(double x) {
        return STANDARD_NORMAL.density(x);
    }

    private static double normalCdf(double x) {
        return STANDARD_NORMAL.cumulativeProbability(x);
    }

    /**
     * Refuses a run longer than {@link #MAX_RUN}: its figures would saturate (or wrap) in nanoseconds.
     */
    private static void requireWithinMaxRun(ModelDemand workload, int slices, int clockMhz, double completionMs) {
        if (!(completionMs * 1e6 < Long.MAX_VALUE)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "Workload of %s: %d requests"
                    + " would run %.3g years on %d slices at %d MHz, beyond the %d years (2^63 ns) a run may last;"
                    + " split it into smaller workloads", workload.model(), workload.requests(),
                    completionMs / 3.15576e10, slices, clockMhz, MAX_RUN.toDays() / 365));
        }
    }

    private static Duration ms(double milliseconds) {
        return Duration.ofNanos(Math.round(Math.max(0.0, milliseconds) * 1e6));
    }
}
