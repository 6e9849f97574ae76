package dev.greenslice.estimators.tune.online;

import java.util.List;

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
}
