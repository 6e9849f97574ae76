package dev.greenslice.estimators.profile;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The profiles of several models, by model name, e.g. everything one CSV data set holds.
 *
 * <p>Immutable and thread-safe. Lookups of an unknown model fail with a message listing the known ones.
 */
public final class ModelProfiles implements Iterable<ModelProfile> {

    private final Map<String, ModelProfile> byName;
    private final String source;

    private ModelProfiles(Map<String, ModelProfile> byName, String source) {
        this.byName = byName;
        this.source = source;
    }

    /**
     * A set of profiles.
     *
     * @param profiles the profiles; model names must be unique
     * @param source   where they come from, for messages and reports
     * @return the profiles, by model name
     * @throws IllegalArgumentException if two profiles name the same model
     */
    public static ModelProfiles of(Collection<ModelProfile> profiles, String source) {
        Objects.requireNonNull(source, "source");
        Map<String, ModelProfile> map = new LinkedHashMap<>();
        for (ModelProfile p : profiles) {
            if (map.put(p.model(), p) != null) {
                throw new IllegalArgumentException(source + ": two profiles for model " + p.model());
            }
        }
        return new ModelProfiles(java.util.Collections.unmodifiableMap(map), source);
    }

    /**
     * Looks a model's profile up.
     *
     * @param model the model's name
     * @return the profile of {@code model}, if present
     */
    public Optional<ModelProfile> find(String model) {
        return Optional.ofNullable(byName.get(model));
    }

    /**
     * A model's profile, which must be present.
     *
     * @param model the model's name
     * @return the profile of {@code model}
     * @throws IllegalArgumentException naming the model, the source and the models it has
     */
    public ModelProfile profile(String model) {
        ModelProfile p = byName.get(model);
        if (p == null) {
            throw new IllegalArgumentException("No profile for model '" + model + "' in " + source
                    + "; known models: " + String.join(", ", byName.keySet()));
        }
        return p;
    }

    /** @return the model names, in the order the source lists them */
    public List<String> models() {
        return List.copyOf(byName.keySet());
    }

    /** @return the profiles, in the order the source lists them */
    public List<ModelProfile> all() {
        return List.copyOf(byName.values());
    }

    /** @return where the profiles come from */
    public String source() {
        return source;
    }

    /** @return the number of models */
    public int size() {
        return byName.size();
    }

    @Override
    public Iterator<ModelProfile> iterator() {
        return byName.values().iterator();
    }

    @Override
    public String toString() {
        return "ModelProfiles[" + source + ": " + String.join(", ", byName.keySet()) + "]";
    }
}
