package dev.greenslice.carbon.gpu.mig;

import java.util.List;

/**
 * A MIG layout that the GPU cannot hold: an instance off its profile's placements, overlapping
 * instances, too many compute slices, or an unknown profile. The message names the instances and slots
 * in conflict; {@link #problems()} lists each.
 */
public final class InvalidMigLayoutException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidMigLayoutException(String gpu, List<String> problems) {
        super("Invalid MIG layout for " + gpu + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return one sentence per problem found */
    public List<String> problems() {
        return problems;
    }
}
