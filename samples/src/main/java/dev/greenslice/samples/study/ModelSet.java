package dev.greenslice.samples.study;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A set of models the study asks about: may they share one GPU on MIG instances, or should each have a GPU
 * of its own? Each member names a model of the data set and the batch size it serves. Immutable.
 *
 * @param kind    what the set stands for in the study, e.g. {@code "speech-to-text + summarization"}
 * @param members the models, two or three, with distinct names
 */
public record ModelSet(String kind, List<Member> members) {

    /**
     * One model of a set.
     *
     * @param model     the model's name in the data set, e.g. {@code "whisper"}
     * @param batchSize requests per batch, {@code >= 1}
     */
    public record Member(String model, int batchSize) {

        /**
         * Checks the name and batch size.
         *
         * @param model     the model's name in the data set, e.g. {@code "whisper"}
         * @param batchSize requests per batch, {@code >= 1}
         * @throws IllegalArgumentException for a blank name or a batch size below 1
         */
        public Member {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("A model set member needs a model name");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("Batch size of " + model + " must be >= 1, got " + batchSize);
            }
        }

        @Override
        public String toString() {
            return model + ":" + batchSize;
        }
    }

    /**
     * Checks and copies the members.
     *
     * @param kind    what the set stands for in the study, e.g. {@code "speech-to-text + summarization"}
     * @param members the models, two or three, with distinct names
     * @throws IllegalArgumentException unless there are two or three members with distinct models
     */
    public ModelSet {
        Objects.requireNonNull(kind, "kind");
        members = List.copyOf(members);
        if (members.size() < 2 || members.size() > 3) {
            throw new IllegalArgumentException("A model set of the study has two or three models, got " + members);
        }
        if (members.stream().map(Member::model).distinct().count() != members.size()) {
            throw new IllegalArgumentException("A model set names each model once, got " + members);
        }
    }

    /**
     * A set from {@code model:batch} terms, e.g. {@code of("speech-to-text + summarization", "whisper:16", "gpt:1")}.
     *
     * @param kind  what the set stands for in the study
     * @param terms the members as {@code model:batch}, two or three
     * @return the set
     * @throws IllegalArgumentException naming a term that is not {@code model:batch}
     */
    public static ModelSet of(String kind, String... terms) {
        List<Member> list = new java.util.ArrayList<>();
        for (String t : terms) {
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || colon == t.length() - 1) {
                throw new IllegalArgumentException("Model set term '" + t + "' must be MODEL:BATCH, e.g. whisper:16");
            }
            try {
                list.add(new Member(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Model set term '" + t + "': batch size must be an integer", e);
            }
        }
        return new ModelSet(kind, list);
    }

    /** @return the models joined by {@code +}, e.g. {@code whisper+gpt} */
    public String name() {
        return members.stream().map(Member::model).collect(Collectors.joining("+"));
    }

    /**
     * Whether a model is in the set.
     *
     * @param model the model's name
     * @return whether {@code model} is a member
     */
    public boolean contains(String model) {
        return members.stream().anyMatch(m -> m.model().equals(model));
    }

    @Override
    public String toString() {
        return name();
    }
}
