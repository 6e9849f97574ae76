package dev.greenslice.estimators.pipeline;

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
 *
 * @param episodes        episodes per optimization; each starts from a random configuration (the first from
 *                        the running one, if given)
 * @param stepsPerEpisode actions taken per episode
 * @param learningRate    0.1 in the IPA extension
 * @param discount        0.9 in the IPA extension
 * @param epsilonDecay    0.001 per episode in the IPA extension
 * @param minEpsilon      0.01 in the IPA extension
 * @param violationReward −1000 in the IPA extension
 * @param seed            seeds the exploration, so that equal inputs give equal results
 */
public record QLearningSettings(int episodes, int stepsPerEpisode, double learningRate, double discount,
                                double epsilonDecay, double minEpsilon, double violationReward, long seed) {

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
    public QLearningSettings {
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
}
