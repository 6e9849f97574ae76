package dev.greenslice.estimators.pipeline;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which model a static baseline pins each stage to (see {@link PipelineOptimizers#pinned}).
 *
 * <ul>
 *   <li>{@link #LIGHTEST} — the model with the least active energy per request at its most efficient
 *       variant and batch size (the cheapest model to run); ties go to the lower accuracy, then the name.</li>
 *   <li>{@link #MOST_ACCURATE} — the model with the highest accuracy; ties go to the lighter one, then the
 *       name.</li>
 * </ul>
 * Only batch sizes within the stage's bounds count. Constants are immutable and thread-safe;
 * {@link #modelFor} never fails for a valid {@link Stage} (every stage has a batch size within bounds).
 */
public enum ModelChoice {
    /** The cheapest model per request. */
    LIGHTEST,
    /** The most accurate model. */
    MOST_ACCURATE;

    /**
     * The model this choice pins a stage to.
     *
     * @param stage the stage whose variants to choose among
     * @return the model's name, as its variants give it
     */
    public String modelFor(Stage stage) {
        Map<String, double[]> byModel = new LinkedHashMap<>(); // model -> {min joules per request, accuracy}
        for (Variant v : stage.variants()) {
            double minJoules = Double.POSITIVE_INFINITY;
            for (BatchProfile b : v.batches()) {
                if (stage.allowsBatch(b.batchSize())) {
                    minJoules = Math.min(minJoules, b.joulesPerRequest());
                }
            }
            double[] agg = byModel.computeIfAbsent(v.model(), m -> new double[] {Double.POSITIVE_INFINITY, 0});
            agg[0] = Math.min(agg[0], minJoules);
            agg[1] = Math.max(agg[1], v.accuracy());
        }
        Comparator<Map.Entry<String, double[]>> lightest = Comparator.<Map.Entry<String, double[]>>comparingDouble(e -> e.getValue()[0])
                .thenComparingDouble(e -> e.getValue()[1]).thenComparing(Map.Entry::getKey);
        Comparator<Map.Entry<String, double[]>> order = this == LIGHTEST ? lightest
                : Comparator.<Map.Entry<String, double[]>>comparingDouble(e -> -e.getValue()[1])
                .thenComparingDouble(e -> e.getValue()[0]).thenComparing(Map.Entry::getKey);
        List<Map.Entry<String, double[]>> entries = byModel.entrySet().stream()
                .filter(e -> e.getValue()[0] < Double.POSITIVE_INFINITY).sorted(order).toList();
        return entries.get(0).getKey();
    }
}
