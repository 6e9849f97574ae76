package dev.greenslice.estimators.tune.online;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Validation of candidate clock lists. */
final class Candidates {

    private Candidates() {
    }

    /** @return {@code clocksMhz} if it is non-empty, positive and strictly ascending */
    static List<Integer> check(List<Integer> clocksMhz) {
        if (clocksMhz.isEmpty()) {
            throw new IllegalArgumentException("A clock search needs at least one candidate clock");
        }
        for (int i = 0; i < clocksMhz.size(); i++) {
            int c = clocksMhz.get(i);
            if (c <= 0) {
                throw new IllegalArgumentException("Candidate clock " + c + " MHz is not positive; candidates: " + clocksMhz);
            }
            if (i > 0 && c <= clocksMhz.get(i - 1)) {
                throw new IllegalArgumentException("Candidate clocks must be strictly ascending, got " + clocksMhz);
            }
        }
        return List.copyOf(clocksMhz);
    }

    /**
     * At most {@code max} of {@code clocksMhz}, spread evenly from the lowest to the highest (both kept):
     * real GPUs list dozens of clocks 15 MHz apart, and neighbours that close differ by less than a probe's noise.
     *
     * @return the chosen clocks, ascending
     */
    static List<Integer> spread(List<Integer> clocksMhz, int max) {
        TreeSet<Integer> all = new TreeSet<>(clocksMhz);
        if (all.size() <= max) {
            return List.copyOf(all);
        }
        List<Integer> sorted = new ArrayList<>(all);
        int low = sorted.get(0);
        int high = sorted.get(sorted.size() - 1);
        TreeSet<Integer> chosen = new TreeSet<>();
        for (int k = 0; k < max; k++) {
            double target = low + (high - low) * (double) k / (max - 1);
            int best = -1;
            for (int c : sorted) {
                if (!chosen.contains(c) && (best < 0 || Math.abs(c - target) < Math.abs(best - target))) {
                    best = c;
                }
            }
            chosen.add(best);
        }
        return List.copyOf(chosen);
    }
}
