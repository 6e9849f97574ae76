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
