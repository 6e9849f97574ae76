package dev.greenslice.estimators.pipeline;

import java.util.Optional;

/**
 * Exact feasibility, and the best-effort configuration when nothing is feasible.
 *
 * <p>Lemma: a feasible configuration exists iff the configuration that takes, in every stage, the
 * lowest-latency option among those sustaining the arrival rate is feasible. Proof: the throughput
 * constraint is per stage and the latency constraint is a sum of per-stage terms that depend only on that
 * stage's option; any feasible configuration's stages each have an option sustaining λ, and each stage's
 * minimum latency is at most that configuration's stage latency, so the sum of minima is within the SLA
 * too. The converse is immediate.
 */
final class Feasibility {

    private Feasibility() {
    }

    /** The minimum-latency configuration if it is feasible (hence iff any is), else empty. */
    static Optional<int[]> minimumLatency(SearchSpace space) {
        int[] choice = new int[space.stages];
        for (int s = 0; s < space.stages; s++) {
            int best = -1;
            for (int o = 0; o < space.optionCount[s]; o++) {
                if (!space.valid[s][o] || space.capacity[s][o] < space.lambda) {
                    continue;
                }
                if (best < 0 || space.latency[s][o] < space.latency[s][best]
                        || (space.latency[s][o] == space.latency[s][best] && space.cost[s][o] < space.cost[s][best])) {
                    best = o;
                }
            }
            if (best < 0) {
                return Optional.empty();
            }
            choice[s] = best;
        }
        return space.feasible(choice) ? Optional.of(choice) : Optional.empty();
    }

    /**
     * What to run when nothing is feasible: per stage the lowest-latency option that sustains the arrival
     * rate, or where none does, the highest-capacity option (ties: lower latency, then lower cost). It
     * minimizes overload and latency; it is never reported as feasible.
     */
    static int[] bestEffort(SearchSpace space) {
        int[] choice = new int[space.stages];
        for (int s = 0; s < space.stages; s++) {
            int best = -1;
            boolean bestSustains = false;
            for (int o = 0; o < space.optionCount[s]; o++) {
                if (!space.valid[s][o]) {
                    continue;
                }
                boolean sustains = space.capacity[s][o] >= space.lambda;
                if (best < 0 || better(space, s, o, sustains, best, bestSustains)) {
                    best = o;
                    bestSustains = sustains;
                }
            }
            choice[s] = best;
        }
        return choice;
    }

    private static boolean better(SearchSpace sp, int s, int o, boolean sustains, int best, boolean bestSustains) {
        if (sustains != bestSustains) {
            return sustains;
        }
        if (!sustains && sp.capacity[s][o] != sp.capacity[s][best]) {
            return sp.capacity[s][o] > sp.capacity[s][best];
        }
        if (sp.latency[s][o] != sp.latency[s][best]) {
            return sp.latency[s][o] < sp.latency[s][best];
        }
        return sp.cost[s][o] < sp.cost[s][best];
    }
}
