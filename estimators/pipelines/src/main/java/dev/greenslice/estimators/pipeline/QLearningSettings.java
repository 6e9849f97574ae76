package dev.greenslice.estimators.pipeline;

import java.util.Objects;

/**
 * The knobs of the Q-learning optimizer, with the values the IPA extension describes as defaults.
 *
 * <p>Learning: tabular Q-learning, {@code Q(s,a) += learningRate · (r + discount · max Q(s′,·) − Q(s,a))}.
 * Exploration: ε-greedy with {@code ε(episode) = max(minEpsilon, e^(−epsilonDecay · episode))}, so ε starts
 * at 1.0. Reward: the objective's score of the next configuration, or {@code violationReward} when it breaks
 * a constraint (including replicas pushed outside their bounds).
 *
 * <p>Immutable. Construction fails with an {@link IllegalArgumentException} naming the value for
 * non-positive episode or step counts, a learning rate or discount outside [0, 1], a negative decay, a
 * minimum ε outside [0, 1], or a non-negative violation reward.
 */
public final class QLearningSettings {
    private final int episodes;
    private final int stepsPerEpisode;
    private final double learningRate;
    private final double discount;
    private final double epsilonDecay;
    private final double minEpsilon;
    private final double violationReward;
    private final long seed;

    /** Episodes per optimization by default: enough for ε to fall to e^(−1.5) ≈ 0.22. */
    public static final int DEFAULT_EPISODES = 1500;
    /** Steps per episode by default. */
    public static final int DEFAULT_STEPS = 40;

    /**
     * Settings; prefer {@link #defaults(long)} and adjust.
     *
     * @param episodes        episodes per optimization; each starts from a random configuration (the first from the
     *                        running one, if given)
     * @param stepsPerEpisode actions taken per episode
     * @param learningRate    0.1 in the IPA extension
     * @param discount        0.9 in the IPA extension
     * @param epsilonDecay    0.001 per episode in the IPA extension
     * @param minEpsilon      0.01 in the IPA extension
     * @param violationReward −1000 in the IPA extension
     * @param seed            seeds the exploration, so that equal inputs give equal results
     * @throws IllegalArgumentException for fewer than one episode or step, a learning rate, discount or minimum
     *                                  epsilon outside [0, 1], a negative or infinite epsilon decay, or a violation
     *                                  reward that is not finite and negative
     */
    QLearningSettings(int episodes, int stepsPerEpisode, double learningRate, double discount,
            double epsilonDecay, double minEpsilon, double violationReward, long seed) {
        if (episodes < 1) {
            throw new IllegalArgumentException("Q-learning needs at least one episode, got " + episodes);
        }
        if (stepsPerEpisode < 1) {
            throw new IllegalArgumentException("Q-learning needs at least one step per episode, got " + stepsPerEpisode);
        }
        if (!(learningRate >= 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("Learning rate must be in [0, 1], got " + learningRate);
        }
        if (!(discount >= 0 && discount <= 1)) {
            throw new IllegalArgumentException("Discount must be in [0, 1], got " + discount);
        }
        if (!(epsilonDecay >= 0) || Double.isInfinite(epsilonDecay)) {
            throw new IllegalArgumentException("Epsilon decay must be finite and non-negative, got " + epsilonDecay);
        }
        if (!(minEpsilon >= 0 && minEpsilon <= 1)) {
            throw new IllegalArgumentException("Minimum epsilon must be in [0, 1], got " + minEpsilon);
        }
        if (!(violationReward < 0) || Double.isInfinite(violationReward)) {
            throw new IllegalArgumentException("The reward for a violated constraint must be finite and negative, got "
                    + violationReward);
        }
        this.episodes = episodes;
        this.stepsPerEpisode = stepsPerEpisode;
        this.learningRate = learningRate;
        this.discount = discount;
        this.epsilonDecay = epsilonDecay;
        this.minEpsilon = minEpsilon;
        this.violationReward = violationReward;
        this.seed = seed;
    }

    /**
     * The IPA extension's parameters (learning rate 0.1, discount 0.9, ε decay 0.001 to 0.01, −1000) with
     * {@code seed}.
     *
     * @param seed the random seed; the same seed gives the same search
     * @return the settings
     */
    public static QLearningSettings defaults(long seed) {
        return new QLearningSettings(DEFAULT_EPISODES, DEFAULT_STEPS, 0.1, 0.9, 0.001, 0.01, -1000, seed);
    }

    /**
     * A copy with another number of episodes.
     *
     * @param n episodes, at least 1; more search longer and come closer to the exact optimum
     * @return the copy
     * @throws IllegalArgumentException for fewer than one
     */
    public QLearningSettings withEpisodes(int n) {
        return new QLearningSettings(n, stepsPerEpisode, learningRate, discount, epsilonDecay, minEpsilon, violationReward, seed);
    }

    /**
     * A copy with another number of steps per episode.
     *
     * @param n steps, at least 1
     * @return the copy
     * @throws IllegalArgumentException for fewer than one
     */
    public QLearningSettings withStepsPerEpisode(int n) {
        return new QLearningSettings(episodes, n, learningRate, discount, epsilonDecay, minEpsilon, violationReward, seed);
    }

    /**
     * A copy with another seed.
     *
     * @param newSeed the random seed
     * @return the copy
     */
    public QLearningSettings withSeed(long newSeed) {
        return new QLearningSettings(episodes, stepsPerEpisode, learningRate, discount, epsilonDecay, minEpsilon,
                violationReward, newSeed);
    }

    /**
     * The exploration rate of an episode: {@code max(minEpsilon, exp(−epsilonDecay × episode))}.
     *
     * @param episode 0-based
     * @return ε, the chance of a random move, in [minEpsilon, 1]
     */
    public double epsilon(int episode) {
        return Math.max(minEpsilon, Math.exp(-epsilonDecay * episode));
    }

    /** @return episodes per optimization; each starts from a random configuration (the first from the running one, if given) */
    public int episodes() {
        return episodes;
    }

    /** @return actions taken per episode */
    public int stepsPerEpisode() {
        return stepsPerEpisode;
    }

    /** @return 0.1 in the IPA extension */
    public double learningRate() {
        return learningRate;
    }

    /** @return 0.9 in the IPA extension */
    public double discount() {
        return discount;
    }

    /** @return 0.001 per episode in the IPA extension */
    public double epsilonDecay() {
        return epsilonDecay;
    }

    /** @return 0.01 in the IPA extension */
    public double minEpsilon() {
        return minEpsilon;
    }

    /** @return −1000 in the IPA extension */
    public double violationReward() {
        return violationReward;
    }

    /** @return seeds the exploration, so that equal inputs give equal results */
    public long seed() {
        return seed;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof QLearningSettings)) {
            return false;
        }
        QLearningSettings o = (QLearningSettings) other;
        return episodes == o.episodes
                && stepsPerEpisode == o.stepsPerEpisode
                && Double.compare(learningRate, o.learningRate) == 0
                && Double.compare(discount, o.discount) == 0
                && Double.compare(epsilonDecay, o.epsilonDecay) == 0
                && Double.compare(minEpsilon, o.minEpsilon) == 0
                && Double.compare(violationReward, o.violationReward) == 0
                && seed == o.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(episodes, stepsPerEpisode, learningRate, discount, epsilonDecay, minEpsilon, violationReward, seed);
    }

    @Override
    public String toString() {
        return "QLearningSettings[episodes=" + episodes
                + ", stepsPerEpisode=" + stepsPerEpisode
                + ", learningRate=" + learningRate
                + ", discount=" + discount
                + ", epsilonDecay=" + epsilonDecay
                + ", minEpsilon=" + minEpsilon
                + ", violationReward=" + violationReward
                + ", seed=" + seed + "]";
    }

    /**
     * A builder for a {@link QLearningSettings}: set the components by name; {@link Builder#build()} validates.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this value's components, to restate it with some changed.
     *
     * @return a new builder with every component set to this value's
     */
    public Builder toBuilder() {
        return builder().episodes(episodes).stepsPerEpisode(stepsPerEpisode).learningRate(learningRate)
                .discount(discount).epsilonDecay(epsilonDecay).minEpsilon(minEpsilon)
                .violationReward(violationReward).seed(seed);
    }

    /**
     * Builds a {@link QLearningSettings} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private int episodes = DEFAULT_EPISODES;
        private int stepsPerEpisode = DEFAULT_STEPS;
        private double learningRate = 0.1;
        private double discount = 0.9;
        private double epsilonDecay = 0.001;
        private double minEpsilon = 0.01;
        private double violationReward = -1000;
        private long seed = 0;

        private Builder() {
        }

        /**
         * Sets {@link QLearningSettings#episodes()}.
         *
         * @param episodes episodes per optimization; each starts from a random configuration (the first from the running one, if given); if not set, {@link QLearningSettings#DEFAULT_EPISODES}
         * @return this builder
         */
        public Builder episodes(int episodes) {
            this.episodes = episodes;
            return this;
        }

        /**
         * Sets {@link QLearningSettings#stepsPerEpisode()}.
         *
         * @param stepsPerEpisode actions taken per episode; if not set, {@link QLearningSettings#DEFAULT_STEPS}
         * @return this builder
         */
        public Builder stepsPerEpisode(int stepsPerEpisode) {
            this.stepsPerEpisode = stepsPerEpisode;
            return this;
        }

        /**
         * Sets {@link QLearningSettings#learningRate()}.
         *
         * @param learningRate 0.1 in the IPA extension; if not set, 0.1
         * @return this builder
         */
        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Sets {@link QLearningSettings#discount()}.
         *
         * @param discount 0.9 in the IPA extension; if not set, 0.9
         * @return this builder
         */
        public Builder discount(double discount) {
            this.discount = discount;
            return this;
        }

        /**
         * Sets {@link QLearningSettings#epsilonDecay()}.
         *
         * @param epsilonDecay 0.001 per episode in the IPA extension; if not set, 0.001
         * @return this builder
         */
        public Builder epsilonDecay(double epsilonDecay) {
            this.epsilonDecay = epsilonDecay;
            return this;
        }

        /**
         * Sets {@link QLearningSettings#minEpsilon()}.
         *
         * @param minEpsilon 0.01 in the IPA extension; if not set, 0.01
         * @return this builder
         */
        public Builder minEpsilon(double minEpsilon) {
            this.minEpsilon = minEpsilon;
            return this;
        }

        /**
         * Sets {@link QLearningSettings#violationReward()}.
         *
         * @param violationReward −1000 in the IPA extension; if not set, −1000
         * @return this builder
         */
        public Builder violationReward(double violationReward) {
            this.violationReward = violationReward;
            return this;
        }

        /**
         * Sets {@link QLearningSettings#seed()}.
         *
         * @param seed seeds the exploration, so that equal inputs give equal results; if not set, 0
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates the settings as {@link QLearningSettings} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range
         */
        public QLearningSettings build() {
            return new QLearningSettings(episodes, stepsPerEpisode, learningRate, discount, epsilonDecay,
                    minEpsilon, violationReward, seed);
        }
    }
}
