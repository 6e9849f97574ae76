package dev.greenslice.estimators.pipeline;

/**
 * Predicts the arrival rate of the next adaptation interval from the recent per-second arrivals.
 *
 * <p>Stated predictors: {@link #peakOfMeans} (the highest short-term mean rate of the recent window plus
 * headroom: it provisions for the recent peak, as IPA's LSTM predictor targets the next interval's maximum,
 * while the averaging keeps the integer noise of low rates — one request in a second, none in the next —
 * from reading as a peak), its special case {@link #windowMax} (per-second maximum), {@link #ewma} (an
 * exponentially weighted mean plus headroom: smoother but slower to follow bursts), and {@link #trend} (the recent
 * maximum or its linear trend extrapolated ahead: a predictive mode). Implementations are
 * immutable and thread-safe; they throw {@link IllegalArgumentException} for an empty history.
 */
public interface ArrivalPredictor {

    /**
     * @param recentRequestsPerSecond requests per completed second, oldest first; not empty
     * @return the predicted arrival rate, in requests per second; finite and non-negative
     */
    double predictRequestsPerSecond(double[] recentRequestsPerSecond);

    /** @return how many recent seconds the predictor looks at */
    int historySeconds();

    /** @return a one-line description, e.g. {@code "max of last 20 s + 10 %"} */
    String description();

    /**
     * The maximum of the last {@code windowSeconds} seconds times {@code 1 + headroom}.
     *
     * @param windowSeconds how many completed seconds to look back over, at least 1
     * @param headroom      the fraction added on top, e.g. 0.1 for 10 %; finite and {@code >= 0}
     * @return the predictor
     * @throws IllegalArgumentException for a window below 1 s or a negative headroom
     */
    static ArrivalPredictor windowMax(int windowSeconds, double headroom) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("The predictor window must be at least 1 s, got " + windowSeconds);
        }
        if (!(headroom >= 0) || Double.isInfinite(headroom)) {
            throw new IllegalArgumentException("Headroom must be a finite, non-negative fraction, got " + headroom);
        }
        return new PeakOfMeansPredictor(windowSeconds, 1, headroom);
    }

    /**
     * The highest trailing {@code averagingSeconds}-second mean rate seen in the last {@code windowSeconds}
     * seconds, times {@code 1 + headroom}. Choose the averaging near the time scale the pipeline's queues
     * absorb: about a second for a 100 ms SLA at thousands of requests per second, tens of seconds for a
     * pipeline that serves one request per second under a 20 s SLA.
     *
     * @param windowSeconds    how many completed seconds to look back over, at least 1
     * @param averagingSeconds the length of each trailing mean, in seconds, at least 1
     * @param headroom         the fraction added on top, e.g. 0.2 for 20 %; finite and {@code >= 0}
     * @return the predictor
     * @throws IllegalArgumentException for a window or averaging below 1 s or a negative headroom
     */
    static ArrivalPredictor peakOfMeans(int windowSeconds, int averagingSeconds, double headroom) {
        if (windowSeconds < 1 || averagingSeconds < 1) {
            throw new IllegalArgumentException("The predictor window and averaging must be at least 1 s, got "
                    + windowSeconds + " and " + averagingSeconds);
        }
        if (!(headroom >= 0) || Double.isInfinite(headroom)) {
            throw new IllegalArgumentException("Headroom must be a finite, non-negative fraction, got " + headroom);
        }
        return new PeakOfMeansPredictor(windowSeconds, averagingSeconds, headroom);
    }

    /**
     * An exponentially weighted moving average with weight {@code smoothing} on the newest second, over the
     * last {@code 10 / smoothing} seconds, times {@code 1 + headroom}.
     *
     * @param smoothing the weight of the newest second, in (0, 1]
     * @param headroom  the fraction added on top; finite and {@code >= 0}
     * @return the predictor
     * @throws IllegalArgumentException for a smoothing outside (0, 1] or a negative headroom
     */
    static ArrivalPredictor ewma(double smoothing, double headroom) {
        if (!(smoothing > 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("EWMA smoothing must be in (0, 1], got " + smoothing);
        }
        if (!(headroom >= 0) || Double.isInfinite(headroom)) {
            throw new IllegalArgumentException("Headroom must be a finite, non-negative fraction, got " + headroom);
        }
        return new EwmaPredictor(smoothing, headroom);
    }

    /**
     * A predictive mode: the maximum of the last {@code windowSeconds} seconds, or the least-squares line through them
     * (Commons Math {@code SimpleRegression}) extrapolated {@code horizonSeconds} ahead where that is higher, times
     * {@code 1 + headroom}. It provisions for a rate that is still rising; it cannot foresee a burst that starts
     * without a ramp in the window (the pipeline audit measures what it buys and costs).
     *
     * @param windowSeconds  how many completed seconds the line is fitted to, at least 2
     * @param horizonSeconds how far ahead to extrapolate, e.g. the adaptation interval, at least 1
     * @param headroom       the fraction added on top; finite and {@code >= 0}
     * @return the predictor
     * @throws IllegalArgumentException for a window below 2 s, a horizon below 1 s or a negative headroom
     */
    static ArrivalPredictor trend(int windowSeconds, int horizonSeconds, double headroom) {
        if (windowSeconds < 2 || horizonSeconds < 1) {
            throw new IllegalArgumentException("The trend window must be at least 2 s and the horizon at least 1 s, got "
                    + windowSeconds + " and " + horizonSeconds);
        }
        if (!(headroom >= 0) || Double.isInfinite(headroom)) {
            throw new IllegalArgumentException("Headroom must be a finite, non-negative fraction, got " + headroom);
        }
        return new TrendPredictor(windowSeconds, horizonSeconds, headroom);
    }

    /**
     * The default: {@code windowMax(20, 0.1)}, the maximum of the last 20 s plus 10 %.
     *
     * @return the predictor
     */
    static ArrivalPredictor defaultPredictor() {
        return windowMax(20, 0.1);
    }
}
