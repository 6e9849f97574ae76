package dev.greenslice.estimators.reduction;

import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfilePoint;
import dev.greenslice.estimators.profile.ProfileQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fitted profiles of every model of one training set, sharing the GPU's fitted voltage curve.
 *
 * <p>Immutable and thread-safe. Asking for a model that was not in the training set fails with a message
 * listing the models that were.
 */
public final class FittedProfiles {

    private final Map<String, FittedProfile> byModel;
    private final double voltageSlopePerGhz;
    private final double voltageKneeMhz;

    FittedProfiles(Map<String, FittedProfile> byModel, double voltageSlopePerGhz, double voltageKneeMhz) {
        this.byModel = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byModel));
        this.voltageSlopePerGhz = voltageSlopePerGhz;
        this.voltageKneeMhz = voltageKneeMhz;
    }

    /** @return the models, in training order */
    public List<String> models() {
        return List.copyOf(byModel.keySet());
    }

    /**
     * One model's fit.
     *
     * @param model the model's name
     * @return the fitted profile of {@code model}
     * @throws IllegalArgumentException naming the model and the ones that were fitted
     */
    public FittedProfile model(String model) {
        FittedProfile p = byModel.get(model);
        if (p == null) {
            throw new IllegalArgumentException("Model '" + model + "' has no training rows; trained models: "
                    + String.join(", ", byModel.keySet()) + ". Add measured rows for it to the training file.");
        }
        return p;
    }

    /**
     * Predicts one query row.
     *
     * @param query the model and grid cell
     * @return the predicted point for one query row
     * @throws IllegalArgumentException naming the model if it was not fitted
     */
    public ProfilePoint predict(ProfileQuery query) {
        return model(query.model()).predict(query.key());
    }

    /**
     * Predicts every query row.
     *
     * @param queries the models and grid cells
     * @return predictions for every query row, in order
     * @throws IllegalArgumentException naming a model that was not fitted
     */
    public List<ProfilePoint> predict(List<ProfileQuery> queries) {
        List<ProfilePoint> out = new ArrayList<>(queries.size());
        for (ProfileQuery q : queries) {
            out.add(predict(q));
        }
        return out;
    }

    /**
     * Predicts every fitted model over one grid.
     *
     * @param grid the cells to predict
     * @return every model's profile predicted over {@code grid}
     */
    public ModelProfiles predicted(ProfileGrid grid) {
        List<ModelProfile> list = new ArrayList<>();
        for (FittedProfile p : byModel.values()) {
            list.add(p.predicted(grid));
        }
        return ModelProfiles.of(list, "predicted over " + grid);
    }

    /**
     * The SLO margin these fits call for: the {@code quantile} of their relative batch-latency errors at the
     * measured points they were fitted to, pooled over every model. A tuner that asks each predicted latency
     * to meet its SLO with this margin ({@code FrequencyTuners.offline(..., margin)}) picks clocks whose
     * measured latency meets the SLO where the fit errs no more than it did on its own points.
     *
     * <p>Measured on the EnerTune A100 data with 10 % of each grid ({@code ProfilingDesign}): the 0.95
     * quantile is 0.101, and with it no chosen clock misses its measured SLO in 430 choices
     * ({@code TunerRegretTest}).
     *
     * @param quantile in (0, 1], e.g. 0.95
     * @return the margin, a fraction (0.10 = 10 %), {@code >= 0}
     * @throws IllegalArgumentException for a quantile outside (0, 1]
     */
    public double latencySloMargin(double quantile) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("The margin's quantile must be in (0, 1], got " + quantile);
        }
        double[] all = byModel.values().stream().flatMapToDouble(f -> java.util.Arrays.stream(f.latencyErrors()))
                .sorted().toArray();
        if (all.length == 0) {
            return 0;
        }
        return all[Math.min(all.length - 1, (int) Math.ceil(quantile * all.length) - 1)];
    }

    /**
     * The fitted DVFS curve: relative voltage rises by this much per GHz above the knee
     * ({@link #voltageKneeMhz()}); below it the GPU runs at its minimum voltage.
     *
     * @return the relative voltage's rise per GHz above the knee
     */
    public double voltageSlopePerGhz() {
        return voltageSlopePerGhz;
    }

    /** @return the SM clock in MHz above which the fitted voltage starts rising */
    public double voltageKneeMhz() {
        return voltageKneeMhz;
    }
}
