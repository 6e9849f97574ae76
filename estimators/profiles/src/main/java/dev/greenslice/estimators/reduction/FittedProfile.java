package dev.greenslice.estimators.reduction;

import dev.greenslice.carbon.Power;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ProfileKey;
import dev.greenslice.estimators.profile.ProfilePoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One model's profile predicted from a few measured points by {@link ProfileReduction}: dynamic power,
 * latency and throughput anywhere on (batch size, slices, SM clock).
 *
 * <p>Units: watts, milliseconds per batch, requests per second. Predictions for batch sizes that were
 * neither measured nor asked for at fit time are interpolated (log–log) between the fitted batch sizes and
 * extrapolated beyond them as a power law; predictions far outside the measured ranges of slices and clocks
 * follow the physical shape but have no data behind them.
 *
 * <p>Immutable and thread-safe.
 */
public final class FittedProfile {

    private final String model;
    private final ServiceTimeShape latency;
    private final ServiceTimeShape interval;
    private final double[] power;
    private final double beta;
    private final double kneeGhz;
    private final FitQuality quality;
    private final String provenance;
    private final java.util.OptionalDouble memoryNeedGb;
    /** |predicted / measured - 1| of batch latency at each training point. */
    private final double[] latencyErrors;

    private final double softplusWidthGhz;

    FittedProfile(String model, ServiceTimeShape latency, ServiceTimeShape interval, double[] power, double beta,
                  double kneeGhz, double softplusWidthGhz, ModelProfile training) {
        this.softplusWidthGhz = softplusWidthGhz;
        this.model = model;
        this.latency = latency;
        this.interval = interval;
        this.power = power.clone();
        this.beta = beta;
        this.kneeGhz = kneeGhz;
        this.provenance = "predicted from " + training.size() + " measured points (" + training.provenance()
                + ") by the physically shaped profile model";
        this.quality = assess(training);
        this.latencyErrors = training.points().stream()
                .mapToDouble(m -> Math.abs(predict(m.key()).latencyMs() / m.latencyMs() - 1)).toArray();
        this.memoryNeedGb = training.memoryNeedGb();
    }

    private FitQuality assess(ModelProfile training) {
        double p = 0;
        double l = 0;
        double t = 0;
        for (ProfilePoint m : training.points()) {
            ProfilePoint x = predict(m.key());
            p += Math.abs(x.dynamicPower().watts() - m.dynamicPower().watts()) / m.dynamicPower().watts();
            l += Math.abs(x.latencyMs() - m.latencyMs()) / m.latencyMs();
            t += Math.abs(x.requestsPerSecond() - m.requestsPerSecond()) / m.requestsPerSecond();
        }
        int n = training.size();
        return new FitQuality(n, p / n, l / n, t / n);
    }

    /** @return the model's name */
    public String model() {
        return model;
    }

    /** @return how well the fit reproduces its training points */
    public FitQuality quality() {
        return quality;
    }

    /**
     * The relative errors of the fitted batch latency at the points the fit was made from, |predicted /
     * measured − 1|, one per training point; a copy.
     *
     * @return the in-sample latency errors, as fractions
     */
    public double[] latencyErrors() {
        return latencyErrors.clone();
    }

    /** @return where the predictions come from, for reports */
    public String provenance() {
        return provenance;
    }

    /**
     * Predicts one grid cell.
     *
     * @param key the grid cell
     * @return the predicted point at {@code key}
     */
    public ProfilePoint predict(ProfileKey key) {
        int b = key.batchSize();
        int s = key.slices();
        int f = key.clockMhz();
        double lat = latency.predict(b, s, f);
        double gap = interval.predict(b, s, f);
        double watts = DynamicPowerShape.predict(power, beta, kneeGhz, softplusWidthGhz, b, s, f / 1000.0, gap);
        return new ProfilePoint(key, Power.ofWatts(watts), lat, 1000.0 * b / gap, ProfilePoint.Origin.PREDICTED);
    }

    /**
     * Predicts one grid cell, given by its coordinates.
     *
     * @param batchSize requests per batch, {@code >= 1}
     * @param slices    MIG compute slices of the instance, {@code >= 1}
     * @param clockMhz  SM clock in MHz, {@code >= 1}
     * @return the predicted point at (batch, slices, clock)
     * @throws IllegalArgumentException for a coordinate below 1
     */
    public ProfilePoint predict(int batchSize, int slices, int clockMhz) {
        return predict(new ProfileKey(batchSize, slices, clockMhz));
    }

    /**
     * Predicts a whole grid.
     *
     * @param grid the cells to predict
     * @return a profile with a predicted point at every cell of {@code grid}
     */
    public ModelProfile predicted(ProfileGrid grid) {
        return predicted(grid.keys());
    }

    /**
     * Predicts the given cells.
     *
     * @param keys the cells to predict; not empty, no duplicates
     * @return a profile with a predicted point at each of {@code keys}
     * @throws IllegalArgumentException for no keys or a duplicate key
     */
    public ModelProfile predicted(Collection<ProfileKey> keys) {
        List<ProfilePoint> points = new ArrayList<>(keys.size());
        for (ProfileKey k : keys) {
            points.add(predict(k));
        }
        ModelProfile p = ModelProfile.of(model, points, provenance);
        return memoryNeedGb.isPresent() ? p.withMemoryNeedGb(memoryNeedGb.getAsDouble()) : p;
    }

    @Override
    public String toString() {
        return "FittedProfile[" + model + ", " + provenance + "]";
    }
}
