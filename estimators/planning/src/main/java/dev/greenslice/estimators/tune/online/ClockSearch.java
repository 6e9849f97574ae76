package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.CarbonIntensity;

import java.util.List;
import java.util.OptionalInt;

/**
 * How an {@link OnlineFrequencyTuner} chooses which SM clocks to probe: an ask/tell search over the
 * candidate clocks. The tuner asks {@link Session#next()} for a clock, locks it, meters one probe and tells
 * the session the result with {@link Session#observe}; it stops when {@code next()} is empty and applies the
 * probed clock with the least carbon per request among those meeting every SLO.
 *
 * <p>The objective is carbon per request priced at one reference intensity for the whole search
 * ({@link ProbePoint#carbonPerRequestAt}), so probes that fall in different hours of a trace compare on
 * equal terms. Searches assume what holds for GPU inference: latency does not rise when the clock rises, so
 * once a clock misses an SLO every lower clock does too.
 *
 * <p>Implementations are stateless and thread-safe; a {@link Session} is not thread-safe and serves one
 * tuning.
 */
public interface ClockSearch {

    /**
     * The default search: {@link #fibonacci(int) Fibonacci search} with at most 5 probes, exact over the top 12
     * candidates of a unimodal carbon-versus-clock curve.
     *
     * @return a Fibonacci search with at most 5 probes
     */
    static ClockSearch fibonacci() {
        return new FibonacciSearch(5);
    }

    /**
     * Discrete Fibonacci search (golden-section search on a grid) with at most {@code maxProbes} probes.
     *
     * <p>On a unimodal curve {@code k} probes find the best of {@code N(k)} candidates exactly, with
     * {@code N(k) = N(k-1) + N(k-2) + 1}: 1, 2, 4, 7, 12, 20 — no search that compares probes can do better.
     * With more candidates than that the search works on the top {@code N(k)} (for 5 probes, the top 12 of
     * 15): the lowest clocks, where requests take longest and the idle baseline is paid longest, are the
     * ones left out. Clocks that miss an SLO count as infinitely bad; since latency does not fall when the
     * clock falls, they form a prefix of the grid and the curve stays unimodal. The first two probes split the
     * window at its Fibonacci points (on 15 A100 clocks: 780 and 1050 MHz), each later probe splits what is
     * left. Six probes cover 20 candidates, so all 15 A100 clocks exactly.
     *
     * @param maxProbes the most probes a tuning may take, 1 to 20
     * @return a Fibonacci search with at most {@code maxProbes} probes
     * @throws IllegalArgumentException unless {@code 1 <= maxProbes <= 20}
     */
    static ClockSearch fibonacci(int maxProbes) {
        return new FibonacciSearch(maxProbes);
    }

    /**
     * Probes every candidate clock, highest first: the reference the other searches are measured against.
     *
     * @return the exhaustive search
     */
    static ClockSearch exhaustive() {
        return new ExhaustiveSearch();
    }

    /** @return a short description for reports */
    String name();

    /**
     * @param candidates the number of candidate clocks
     * @return the most probes this search takes over that many candidates
     */
    int maxProbes(int candidates);

    /**
     * Starts a search.
     *
     * @param clocksMhz the candidate clocks in MHz, ascending, at least one, no duplicates
     * @param reference the intensity carbon per request is priced at throughout the search
     * @return a fresh session
     */
    Session start(List<Integer> clocksMhz, CarbonIntensity reference);

    /** One search in progress. Not thread-safe. */
    interface Session {

        /** @return the next clock to probe, in MHz, or empty when the search is done */
        OptionalInt next();

        /**
         * Tells the search what a probe measured.
         *
         * @param point the probe at the clock {@link #next()} returned
         */
        void observe(ProbePoint point);
    }
}
