package dev.greenslice.estimators.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Tabular Q-learning over configurations, as the IPA extension describes it.
 *
 * <p>States are configurations (per stage: variant, replicas, batch size from the stage's allowed sizes).
 * Actions, six per stage: next / previous variant (cyclic), add / remove a replica, next / previous batch
 * size (cyclic). The reward of a move is the objective's score of the configuration it leads to, or the
 * violation reward (−1000) when that configuration breaks a constraint; a replica move past the bounds is a
 * violation and leaves the state unchanged. Each call learns afresh from a {@link SplittableRandom} seeded
 * with the settings' seed, so equal inputs give equal outputs.
 *
 * <p>The answer is the best feasible configuration visited (during training and one greedy roll-out of the
 * learned policy). If it visited none, it falls back to the minimum-latency configuration, which is
 * feasible whenever any configuration is (see {@link Feasibility}); so it never returns an infeasible
 * configuration, and returns nothing only when nothing is feasible.
 *
 * <p>Thread-safe: all learning state is local to a call.
 */
final class QLearningOptimizer implements PipelineOptimizer {

    private static final int ACTIONS_PER_STAGE = 6;
    /** Largest dense Q-table, in values (8 MB). */
    static final long DENSE_LIMIT = 1L << 20;

    private final QLearningSettings settings;

    QLearningOptimizer(QLearningSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "q-learning";
    }

    QLearningSettings settings() {
        return settings;
    }

    @Override
    public Optimization optimize(Pipeline pipeline, Objective objective, Demand demand,
                                 Optional<PipelineConfiguration> current) {
        SearchSpace space = new SearchSpace(pipeline, objective, demand);
        Learner learner = new Learner(space, settings);
        Optional<int[]> start = current.flatMap(space::encode);
        learner.train(start);
        String method = "q-learning: " + settings.episodes() + " episodes x " + settings.stepsPerEpisode() + " steps, "
                + learner.statesLearned() + " states learned";
        if (learner.best != null) {
            return new Optimization(Optional.of(space.assess(learner.best)), learner.evaluations,
                    method + "; best feasible configuration visited");
        }
        Optional<int[]> repaired = Feasibility.minimumLatency(space);
        if (repaired.isPresent()) {
            return new Optimization(Optional.of(space.assess(repaired.get())), learner.evaluations + 1,
                    method + "; visited no feasible configuration, fell back to the minimum-latency one");
        }
        return new Optimization(Optional.empty(), learner.evaluations + 1,
                method + "; no configuration is feasible at " + demand.requestsPerSecond() + " requests/s");
    }

    /** One optimization's learning state. */
    static final class Learner {
        final SearchSpace space;
        final QLearningSettings settings;
        final int stages;
        final int actions;
        /** Sparse table for large spaces; a dense one (states x actions) when it fits in {@link #DENSE_LIMIT} values. */
        final Map<Long, double[]> table = new HashMap<>();
        final double[] dense;
        long denseStates;
        final SplittableRandom random;
        int[] best;
        double bestScore = Double.NEGATIVE_INFINITY;
        long evaluations;
        // per-stage radices for the state key: variant, replica offset, batch index
        final long[] weight;

        Learner(SearchSpace space, QLearningSettings settings) {
            this.space = space;
            this.settings = settings;
            this.stages = space.stages;
            this.actions = ACTIONS_PER_STAGE * stages;
            this.random = new SplittableRandom(settings.seed());
            this.weight = new long[stages];
            long w = 1;
            boolean fits = true;
            for (int s = stages - 1; s >= 0 && fits; s--) {
                weight[s] = w;
                try {
                    w = Math.multiplyExact(w, (long) space.optionCount[s]);
                } catch (ArithmeticException tooManyStates) {
                    fits = false;
                }
            }
            this.ids = fits ? null : new HashMap<>();
            boolean small = fits && w <= DENSE_LIMIT / actions;
            this.dense = small ? new double[(int) (w * actions)] : null;
            this.visited = small ? new boolean[(int) w] : null;
        }

        final boolean[] visited;
        /** Where the space has more states than a long counts: visited states numbered as first seen. */
        final Map<java.util.List<Integer>, Long> ids;

        long key(int[] options) {
            if (ids != null) {
                java.util.List<Integer> state = java.util.Arrays.stream(options).boxed().toList();
                Long id = ids.get(state);
                if (id == null) {
                    id = (long) ids.size();
                    ids.put(state, id);
                }
                return id;
            }
            long k = 0;
            for (int s = 0; s < stages; s++) {
                k += options[s] * weight[s];
            }
            return k;
        }

        /** The sparse row of state {@code key}, created on first use. */
        double[] q(long key) {
            return table.computeIfAbsent(key, k -> new double[actions]);
        }

        double get(long key, int action) {
            if (dense != null) {
                return dense[(int) (key * actions + action)];
            }
            double[] row = table.get(key);
            return row == null ? 0 : row[action];
        }

        void add(long key, int action, double delta) {
            if (dense != null) {
                dense[(int) (key * actions + action)] += delta;
                if (!visited[(int) key]) {
                    visited[(int) key] = true;
                    denseStates++;
                }
            } else {
                q(key)[action] += delta;
            }
        }

        double max(long key) {
            double m = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < actions; a++) {
                m = Math.max(m, get(key, a));
            }
            return m;
        }

        long statesLearned() {
            return dense != null ? denseStates : table.size();
        }

        /** Score if feasible (and remember the best), else the violation reward. */
        double reward(int[] options) {
            evaluations++;
            if (!space.feasible(options)) {
                return settings.violationReward();
            }
            double score = space.score(options);
            if (score > bestScore) {
                bestScore = score;
                best = options.clone();
            }
            return score;
        }

        /** Applies {@code action} to {@code options} in place; returns false if it leaves the bounds (no move). */
        boolean apply(int[] options, int action) {
            int s = action / ACTIONS_PER_STAGE;
            int kind = action % ACTIONS_PER_STAGE;
            int o = options[s];
            int v = space.variantOf(s, o);
            int r = space.replicaOffsetOf(s, o);
            int u = space.batchIndexOf(s, o);
            int nv = space.variantCount[s];
            int nu = space.batchSizes[s].length;
            switch (kind) {
                case 0 -> v = (v + 1) % nv;
                case 1 -> v = (v - 1 + nv) % nv;
                case 2 -> {
                    if (r + 1 >= space.replicaCount[s]) {
                        return false;
                    }
                    r++;
                }
                case 3 -> {
                    if (r == 0) {
                        return false;
                    }
                    r--;
                }
                case 4 -> u = (u + 1) % nu;
                default -> u = (u - 1 + nu) % nu;
            }
            options[s] = space.option(s, v, r, u);
            return true;
        }

        int greedy(long key) {
            double max = Double.NEGATIVE_INFINITY;
            int count = 0;
            int chosen = 0;
            for (int a = 0; a < actions; a++) {
                double v = get(key, a);
                if (v > max) {
                    max = v;
                    chosen = a;
                    count = 1;
                } else if (v == max && random.nextInt(++count) == 0) {
                    chosen = a; // reservoir choice among ties
                }
            }
            return chosen;
        }

        int[] randomState() {
            int[] options = new int[stages];
            for (int s = 0; s < stages; s++) {
                options[s] = random.nextInt(space.optionCount[s]);
            }
            return options;
        }

        void train(Optional<int[]> start) {
            for (int episode = 0; episode < settings.episodes(); episode++) {
                int[] state = episode == 0 && start.isPresent() ? start.get().clone() : randomState();
                reward(state);
                double epsilon = settings.epsilon(episode);
                for (int step = 0; step < settings.stepsPerEpisode(); step++) {
                    long key = key(state);
                    int action = random.nextDouble() < epsilon ? random.nextInt(actions) : greedy(key);
                    int[] next = state.clone();
                    double r;
                    if (apply(next, action)) {
                        r = reward(next);
                    } else {
                        evaluations++;
                        r = settings.violationReward();
                    }
                    double maxNext = max(key(next));
                    double old = get(key, action);
                    add(key, action, settings.learningRate() * (r + settings.discount() * maxNext - old));
                    state = next;
                }
            }
            // One greedy roll-out of the learned policy from the start (or a fresh random) state.
            int[] state = start.isPresent() ? start.get().clone() : randomState();
            reward(state);
            for (int step = 0; step < settings.stepsPerEpisode(); step++) {
                int[] next = state.clone();
                if (apply(next, greedy(key(state)))) {
                    reward(next);
                }
                state = next;
            }
        }
    }
}
