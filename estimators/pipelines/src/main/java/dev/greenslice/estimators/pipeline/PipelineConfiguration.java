package dev.greenslice.estimators.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * A whole pipeline's setting: per stage, in order, its variant, replicas and batch size. This is what the
 * optimizers choose and what the {@link PipelineAdapter} hands to the serving stack.
 *
 * <p>Immutable; equal when every stage's setting is equal. Construction fails with an
 * {@link IllegalArgumentException} if there is no stage.
 *
 * @param stages one setting per pipeline stage, in pipeline order
 */
public record PipelineConfiguration(List<StageConfiguration> stages) {

    /**
     * A configuration; the stage settings are copied.
     *
     * @param stages one setting per pipeline stage, in pipeline order
     * @throws NullPointerException if the list is null or holds a null
     * @throws IllegalArgumentException for an empty list
     */
    public PipelineConfiguration {
        Objects.requireNonNull(stages, "stages");
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("A pipeline configuration needs one setting per stage; got none");
        }
        stages = List.copyOf(stages);
    }

    /**
     * Shorthand for {@code new PipelineConfiguration(List.of(stages))}.
     *
     * @param stages one setting per stage, in stage order; at least one
     * @return the configuration
     * @throws IllegalArgumentException for no setting
     */
    public static PipelineConfiguration of(StageConfiguration... stages) {
        return new PipelineConfiguration(List.of(stages));
    }

    /**
     * One stage's setting.
     *
     * @param index the stage's position, 0-based
     * @return the setting of stage {@code index}
     * @throws IndexOutOfBoundsException for an index outside the stages
     */
    public StageConfiguration stage(int index) {
        return stages.get(index);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (StageConfiguration s : stages) {
            if (sb.length() > 0) {
                sb.append(" -> ");
            }
            sb.append(s);
        }
        return sb.toString();
    }
}
