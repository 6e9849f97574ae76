package dev.greenslice.samples.onnxruntime;

import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.FunctionalUnitReport;

import java.util.List;
import java.util.Objects;

/**
 * What one serving loop of {@link OnnxServingSample} did and consumed: the loop's own report, one report per
 * window (per request when {@code batchSize} is 1, per batch otherwise), and the model's outputs. Immutable
 * apart from the output arrays, which the caller owns.
 *
 * @param batchSize requests per model call and per window
 * @param requests  requests served
 * @param loop      the report of the window around the whole loop
 * @param windows   the report of each per-request or per-batch window, in order
 * @param outputs   the model's output for each request, in order
 */
public record ServingRun(int batchSize, int requests, CarbonReport loop, List<CarbonReport> windows, float[][] outputs) {

    /**
     * Validates the components and copies the window list.
     *
     * @param batchSize see {@link #batchSize()}
     * @param requests see {@link #requests()}
     * @param loop see {@link #loop()}
     * @param windows see {@link #windows()}
     * @param outputs see {@link #outputs()}
     * @throws IllegalArgumentException for fewer than one request
     */
    public ServingRun {
        Objects.requireNonNull(loop, "loop");
        windows = List.copyOf(windows);
        Objects.requireNonNull(outputs, "outputs");
        if (requests < 1) {
            throw new IllegalArgumentException("A serving run needs at least one request, got " + requests);
        }
    }

    /** @return the loop's energy and carbon per request (SCI functional unit) */
    public FunctionalUnitReport perRequest() {
        return loop.per(requests, "request");
    }

    /** @return the sum of the windows' energy, in joules (at most the loop's: the loop also covers the gaps) */
    public double windowsJoules() {
        return windows.stream().mapToDouble(r -> r.totalEnergy().joules()).sum();
    }
}
