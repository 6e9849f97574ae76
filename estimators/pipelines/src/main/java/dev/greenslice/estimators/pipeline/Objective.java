package dev.greenslice.estimators.pipeline;

import java.util.Locale;
import java.util.Objects;

/**
 * What the optimizers maximize, with explicit weights:
 *
 * <pre>
 *   score = α · A  −  β · R  −  γ · B  −  δ · F
 * </pre>
 *
 * <ul>
 *   <li>{@code A} — pipeline accuracy: the <b>product</b> of the chosen variants' accuracies (every request
 *       passes every stage, so an error anywhere spoils it; the product is the chance a request is right
 *       at every stage if stage errors are independent). In [0, 1].</li>
 *   <li>{@code R} — resources held: Σ over stages of replicas × resource units per replica, in the
 *       pipeline's {@link Pipeline#resourceUnit() unit}.</li>
 *   <li>{@code B} — batch penalty: Σ over stages of the batch size (larger batches cost memory and
 *       tail latency, as in IPA).</li>
 *   <li>{@code F} — footprint per request: per stage, active energy per batch ÷ batch size plus
 *       replicas × idle power ÷ arrival rate, summed; in joules per request for {@link Footprint#ENERGY},
 *       or that energy times the grid intensity in gCO2e per request for {@link Footprint#CARBON}.</li>
 * </ul>
 *
 * <p>Every weight is in objective units per unit of its term (α per unit accuracy fraction, β per resource
 * unit, γ per batch-size unit, δ per joule or per gram per request). Immutable. Construction fails with an
 * {@link IllegalArgumentException} naming the weight for a negative or non-finite weight: the exact
 * optimizer's bounds rely on non-negative weights.
 *
 * @param accuracyWeight  α, per unit of accuracy fraction
 * @param resourceWeight  β, per resource unit
 * @param batchWeight     γ, per unit of batch size
 * @param footprintWeight δ, per joule per request ({@code ENERGY}) or per gram CO2e per request ({@code CARBON})
 * @param footprint       whether δ weighs energy or carbon
 */
public record Objective(double accuracyWeight, double resourceWeight, double batchWeight, double footprintWeight,
                        Footprint footprint) {

    /** Which footprint δ weighs. */
    public enum Footprint {
        /** Energy per request, in joules. */
        ENERGY,
        /** Operational carbon per request, in grams CO2e: energy × the demand's carbon intensity. */
        CARBON
    }

    /**
     * An objective; prefer {@link #energy} or {@link #carbon}.
     *
     * @param accuracyWeight  α, per unit of accuracy fraction
     * @param resourceWeight  β, per resource unit
     * @param batchWeight     γ, per unit of batch size
     * @param footprintWeight δ, per joule per request ({@code ENERGY}) or per gram CO2e per request ({@code CARBON})
     * @param footprint       whether δ weighs energy or carbon
     * @throws NullPointerException if the footprint kind is null
     * @throws IllegalArgumentException naming the weight for a negative or non-finite weight
     */
    public Objective {
        Objects.requireNonNull(footprint, "footprint");
        check(accuracyWeight, "accuracy weight (alpha)");
        check(resourceWeight, "resource weight (beta)");
        check(batchWeight, "batch weight (gamma)");
        check(footprintWeight, "footprint weight (delta)");
    }

    private static void check(double w, String what) {
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("The " + what + " must be finite and non-negative, got " + w);
        }
    }

    /**
     * α·A − β·R − γ·B − δ·(joules per request).
     *
     * @param alpha         α, per unit of accuracy fraction; finite and {@code >= 0}
     * @param beta          β, per resource unit; finite and {@code >= 0}
     * @param gamma         γ, per unit of batch size; finite and {@code >= 0}
     * @param deltaPerJoule δ, per joule per request; finite and {@code >= 0}
     * @return the objective
     * @throws IllegalArgumentException naming the weight for a negative or non-finite one
     */
    public static Objective energy(double alpha, double beta, double gamma, double deltaPerJoule) {
        return new Objective(alpha, beta, gamma, deltaPerJoule, Footprint.ENERGY);
    }

    /**
     * α·A − β·R − γ·B − δ·(grams CO2e per request). Optimizing it needs a {@link Demand} with an intensity.
     *
     * @param alpha        α, per unit of accuracy fraction; finite and {@code >= 0}
     * @param beta         β, per resource unit; finite and {@code >= 0}
     * @param gamma        γ, per unit of batch size; finite and {@code >= 0}
     * @param deltaPerGram δ, per gram CO2e per request; finite and {@code >= 0}
     * @return the objective
     * @throws IllegalArgumentException naming the weight for a negative or non-finite one
     */
    public static Objective carbon(double alpha, double beta, double gamma, double deltaPerGram) {
        return new Objective(alpha, beta, gamma, deltaPerGram, Footprint.CARBON);
    }

    /**
     * The IPA objective without the footprint term: α·A − β·R − γ·B.
     *
     * @param alpha α, per unit of accuracy fraction; finite and {@code >= 0}
     * @param beta  β, per resource unit; finite and {@code >= 0}
     * @param gamma γ, per unit of batch size; finite and {@code >= 0}
     * @return the objective, with δ = 0
     * @throws IllegalArgumentException naming the weight for a negative or non-finite one
     */
    public static Objective accuracyAndCost(double alpha, double beta, double gamma) {
        return new Objective(alpha, beta, gamma, 0, Footprint.ENERGY);
    }

    /**
     * @param accuracy             pipeline accuracy fraction
     * @param resourceUnits        resources held
     * @param batchSizeSum         Σ batch sizes
     * @param footprintPerRequest  joules or grams per request, per {@link #footprint()}
     * @return the score
     */
    public double score(double accuracy, double resourceUnits, double batchSizeSum, double footprintPerRequest) {
        return accuracyWeight * accuracy - resourceWeight * resourceUnits - batchWeight * batchSizeSum
                - footprintWeight * footprintPerRequest;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s·accuracy − %s·resources − %s·batch − %s·%s",
                weight(accuracyWeight), weight(resourceWeight), weight(batchWeight), weight(footprintWeight),
                footprint == Footprint.ENERGY ? "J/request" : "gCO2e/request");
    }

    /** A weight to four significant digits as written, e.g. 0.0002, 1 or 367.3, never Java's "2.0E-4" or "1.0". */
    private static String weight(double w) {
        return new java.math.BigDecimal(Double.toString(w)).round(new java.math.MathContext(4)).stripTrailingZeros()
                .toPlainString();
    }
}
