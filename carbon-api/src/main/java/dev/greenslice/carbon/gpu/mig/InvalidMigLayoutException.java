package dev.greenslice.carbon.gpu.mig;

import java.util.List;

/**
 * A MIG layout that the GPU cannot hold: an instance off its profile's placements, overlapping
 * instances, too many compute slices, or an unknown profile. The message names the instances and slots
 * in conflict (the first three; {@link #problems()} lists each).
 */
public final class InvalidMigLayoutException extends IllegalArgumentException {

    /** How many problems the message names. */
    static final int MESSAGE_PROBLEMS = 3;

    /** One sentence per problem, e.g. {@code "3g.40gb@2: 3g.40gb cannot start at memory slot 2 (…)"}. */
    private final List<String> problems;

    /**
     * A layout refused for these problems.
     *
     * @param gpu      the GPU product, for the message
     * @param problems one sentence per problem found; not empty
     */
    public InvalidMigLayoutException(String gpu, List<String> problems) {
        super("Invalid MIG layout for " + gpu + ": " + summary(problems));
        this.problems = List.copyOf(problems);
    }

    /** The message names the first problems only, so that it stays one short line; {@link #problems()} has all. */
    private static String summary(List<String> problems) {
        int shown = Math.min(MESSAGE_PROBLEMS, problems.size());
        return String.join("; ", problems.subList(0, shown))
                + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : "");
    }

    /** @return one sentence per problem found */
    public List<String> problems() {
        return problems;
    }
}
