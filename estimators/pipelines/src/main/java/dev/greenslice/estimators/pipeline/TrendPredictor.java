package dev.greenslice.estimators.pipeline;

import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.Locale;

/**
 * {@link ArrivalPredictor#trend}: the recent maximum, or the least-squares line through the last
 * {@code windowSeconds} seconds extrapolated {@code horizonSeconds} ahead where that is higher, plus headroom.
 * A rising rate is provisioned for before it arrives; a falling one keeps the recent maximum.
 */
record TrendPredictor(int windowSeconds, int horizonSeconds, double headroom) implements ArrivalPredictor {

    @Override
    public double predictRequestsPerSecond(double[] recent) {
        if (recent.length == 0) {
            throw new IllegalArgumentException("Cannot predict from an empty arrival history");
        }
        int from = Math.max(0, recent.length - windowSeconds);
        double max = 0;
        SimpleRegression line = new SimpleRegression();
        for (int i = from; i < recent.length; i++) {
            max = Math.max(max, recent[i]);
            line.addData(i, recent[i]);
        }
        double ahead = recent.length - from >= 2 ? line.predict(recent.length - 1 + horizonSeconds) : max;
        double predicted = Double.isFinite(ahead) ? Math.max(max, ahead) : max;
        return predicted * (1 + headroom);
    }

    @Override
    public int historySeconds() {
        return windowSeconds;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "max of last %d s or its linear trend %d s ahead + %.0f %%", windowSeconds,
                horizonSeconds, headroom * 100);
    }
}
