package dev.greenslice.estimators.pipeline;

import java.util.Locale;

/**
 * {@link ArrivalPredictor#peakOfMeans}: the highest trailing mean over {@code averagingSeconds} seconds seen
 * in the last {@code windowSeconds} seconds, plus headroom.
 */
record PeakOfMeansPredictor(int windowSeconds, int averagingSeconds, double headroom) implements ArrivalPredictor {

    @Override
    public double predictRequestsPerSecond(double[] recent) {
        if (recent.length == 0) {
            throw new IllegalArgumentException("Cannot predict from an empty arrival history");
        }
        double max = 0;
        int firstEnd = Math.max(0, recent.length - windowSeconds);
        for (int end = firstEnd; end < recent.length; end++) {
            int from = Math.max(0, end - averagingSeconds + 1);
            double sum = 0;
            for (int i = from; i <= end; i++) {
                sum += recent[i];
            }
            max = Math.max(max, sum / (end - from + 1));
        }
        return max * (1 + headroom);
    }

    @Override
    public int historySeconds() {
        return windowSeconds + averagingSeconds - 1;
    }

    @Override
    public String description() {
        return averagingSeconds == 1
                ? String.format(Locale.ROOT, "max of last %d s + %.0f %%", windowSeconds, headroom * 100)
                : String.format(Locale.ROOT, "max over last %d s of %d-s means + %.0f %%", windowSeconds, averagingSeconds,
                headroom * 100);
    }
}
