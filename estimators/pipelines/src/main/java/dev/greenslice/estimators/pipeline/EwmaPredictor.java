package dev.greenslice.estimators.pipeline;

import java.util.Locale;

/** {@link ArrivalPredictor#ewma}: an exponentially weighted moving average plus headroom. */
record EwmaPredictor(double smoothing, double headroom) implements ArrivalPredictor {
    @Override
    public double predictRequestsPerSecond(double[] recent) {
        if (recent.length == 0) {
            throw new IllegalArgumentException("Cannot predict from an empty arrival history");
        }
        int from = Math.max(0, recent.length - historySeconds());
        double avg = recent[from];
        for (int i = from + 1; i < recent.length; i++) {
            avg = smoothing * recent[i] + (1 - smoothing) * avg;
        }
        return avg * (1 + headroom);
    }

    @Override
    public int historySeconds() {
        return (int) Math.ceil(10 / smoothing);
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "EWMA (weight %.2f) + %.0f %%", smoothing, headroom * 100);
    }
}
