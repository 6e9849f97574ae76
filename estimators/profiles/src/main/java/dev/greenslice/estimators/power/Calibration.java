package dev.greenslice.estimators.power;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What {@link PowerEstimators#calibrated} fitted to a user's measured co-located sets, and how well it
 * predicts sets it did not see. Immutable and thread-safe.
 *
 * <p><b>Parameters</b> of the calibrated combination rule (see {@link PowerEstimators#calibrated}):
 * <ul>
 *   <li>{@value #AUXILIARY_ADDED_SHARE}, in [0, 1]: how much of each model's slice-independent auxiliary
 *       activity beyond the largest adds up when models share the GPU (1: all of it, the uncalibrated rule;
 *       0: only the largest model's);</li>
 *   <li>{@value #INTERFERENCE}, in [0, 0.5]: the share of a model's slice-proportional compute power lost
 *       per unit share of the board the other models hold (contention MIG does not isolate);</li>
 *   <li>{@value #BOARD_OFFSET}, in [-0.3, 0.3]: the measured board's baseline (static, fan, idle) relative
 *       to the profiled one.</li>
 * </ul>
 * A parameter is fitted only when the sets identify it and there are more sets than fitted parameters
 * (one set fits one parameter); the others keep their uncalibrated values (1, 0, 0) and {@link #note()} says which and why.
 *
 * <p><b>Leave-one-out error</b>: for each set, the rule is fitted to the others (choosing parameters by
 * the same rule) and predicts the one left out; the mean absolute percentage error of those predictions
 * is what to expect on a new set. It needs at least two sets.
 */
public final class Calibration {

    /** Name of the share of auxiliary activity that adds up. */
    public static final String AUXILIARY_ADDED_SHARE = "auxiliaryAddedShare";
    /** Name of the interference coefficient. */
    public static final String INTERFERENCE = "interference";
    /** Name of the board baseline's relative offset. */
    public static final String BOARD_OFFSET = "boardOffset";

    private final String label;
    private final List<ColocatedMeasurement> sets;
    private final Map<String, Double> parameters;
    private final List<String> fitted;
    private final String note;
    private final List<Double> fittedWatts;
    private final List<Double> leaveOneOutWatts;

    Calibration(String label, List<ColocatedMeasurement> sets, double[] theta, List<String> fitted, String note,
                double[] fittedWatts, double[] leaveOneOutWatts) {
        this.label = label;
        this.sets = List.copyOf(sets);
        Map<String, Double> p = new LinkedHashMap<>();
        p.put(AUXILIARY_ADDED_SHARE, theta[0]);
        p.put(INTERFERENCE, theta[1]);
        p.put(BOARD_OFFSET, theta[2]);
        this.parameters = Collections.unmodifiableMap(p);
        this.fitted = List.copyOf(fitted);
        this.note = note;
        this.fittedWatts = toList(fittedWatts);
        this.leaveOneOutWatts = leaveOneOutWatts == null ? List.of() : toList(leaveOneOutWatts);
    }

    private static List<Double> toList(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return List.copyOf(list);
    }

    /** @return what the calibration is called in provenance (e.g. the file it was read from) */
    public String label() {
        return label;
    }

    /** @return how many measured sets it rests on */
    public int sets() {
        return sets.size();
    }

    /** @return the measured sets, in the order given */
    public List<ColocatedMeasurement> measurements() {
        return sets;
    }

    /** @return every parameter of the rule by name, fitted or kept at its uncalibrated value */
    public Map<String, Double> parameters() {
        return parameters;
    }

    /** @return the names of the parameters fitted to the sets, in fitting order */
    public List<String> fittedParameters() {
        return fitted;
    }

    /** @return which parameters were not fitted and why, or an empty string when all were */
    public String note() {
        return note;
    }

    /** @return per set, its measured power minus the calibrated rule's, in W */
    public List<Double> residualsWatts() {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            r.add(sets.get(i).measuredWatts() - fittedWatts.get(i));
        }
        return List.copyOf(r);
    }

    /** @return mean absolute percentage error of the calibrated rule on the sets it was fitted to */
    public double fitMapePercent() {
        return mape(fittedWatts);
    }

    /**
     * @return per set, the percentage error of its prediction by the rule fitted to the other sets
     *         (prediction minus measurement, relative to the measurement); empty with one set
     */
    public List<Double> leaveOneOutErrorsPercent() {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < leaveOneOutWatts.size(); i++) {
            double y = sets.get(i).measuredWatts();
            r.add(100 * (leaveOneOutWatts.get(i) - y) / y);
        }
        return List.copyOf(r);
    }

    /** @return the mean absolute leave-one-out percentage error; empty with fewer than two sets */
    public OptionalDouble leaveOneOutMapePercent() {
        return leaveOneOutWatts.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(mape(leaveOneOutWatts));
    }

    private double mape(List<Double> predicted) {
        double sum = 0;
        for (int i = 0; i < predicted.size(); i++) {
            double y = sets.get(i).measuredWatts();
            sum += Math.abs(predicted.get(i) - y) / y;
        }
        return 100 * sum / predicted.size();
    }

    /** @return one line naming the calibration for an estimate's provenance */
    public String provenance() {
        OptionalDouble loo = leaveOneOutMapePercent();
        return String.format(Locale.ROOT, "calibrated on %d measured set%s (%s): %s = %.3f, %s = %.3f, %s = %+.3f;"
                        + " leave-one-out MAPE %s%s", sets.size(), sets.size() == 1 ? "" : "s", label,
                AUXILIARY_ADDED_SHARE, parameters.get(AUXILIARY_ADDED_SHARE), INTERFERENCE,
                parameters.get(INTERFERENCE), BOARD_OFFSET, parameters.get(BOARD_OFFSET),
                loo.isPresent() ? String.format(Locale.ROOT, "%.2f %%", loo.getAsDouble()) : "n/a (one set)",
                note.isEmpty() ? "" : "; " + note);
    }

    @Override
    public String toString() {
        return "Calibration[" + provenance() + "]";
    }
}
