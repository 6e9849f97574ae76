package dev.greenslice.kubernetes;

import java.util.Map;
import java.util.Objects;

/**
 * Labels to set on one node, as {@code node-labels.json} lists them. Immutable.
 *
 * @param node   the node's name
 * @param labels label keys and values, e.g. {@code nvidia.com/mig.config} and the configuration's name
 */
public record NodeLabel(String node, Map<String, String> labels) {

    /**
     * Checks the components.
     *
     * @param node   the node's name
     * @param labels label keys and values
     */
    public NodeLabel {
        Objects.requireNonNull(node, "node");
        labels = Map.copyOf(labels);
    }
}
