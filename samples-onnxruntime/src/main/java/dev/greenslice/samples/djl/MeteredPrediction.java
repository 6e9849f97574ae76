package dev.greenslice.samples.djl;

import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.FunctionalUnitReport;
import dev.greenslice.carbon.meter.Measurement;

import java.util.Objects;

/**
 * One metered call of a {@link MeteredPredictor}: its closed metering window and how many items it predicted.
 * Handed to the predictor's listener right after the call; computing {@link #report()} may read the sensors
 * once on the calling thread, so a listener on a hot path may pass the call on and report it elsewhere.
 * Immutable; the window it holds is thread-safe.
 *
 * @param label       the predictor's label, e.g. the model name
 * @param items       inputs in the call: 1 for {@code predict}, the list size for {@code batchPredict}
 * @param failed      whether the call threw (its energy was still spent)
 * @param measurement the call's closed window
 */
public record MeteredPrediction(String label, int items, boolean failed, Measurement measurement) {

    /**
     * Validates the components.
     *
     * @param label see {@link #label()}
     * @param items see {@link #items()}
     * @param failed see {@link #failed()}
     * @param measurement see {@link #measurement()}
     * @throws IllegalArgumentException for a negative item count
     */
    public MeteredPrediction {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(measurement, "measurement");
        if (items < 0) {
            throw new IllegalArgumentException("items must be >= 0, got " + items);
        }
    }

    /** @return the call's energy and carbon report */
    public CarbonReport report() {
        return measurement.report();
    }

    /**
     * The call's figures per predicted item (SCI functional unit {@code "prediction"}).
     *
     * @return energy and carbon per predicted item
     * @throws IllegalStateException for a call with no items
     */
    public FunctionalUnitReport perItem() {
        if (items == 0) {
            throw new IllegalStateException("Call '" + label + "' predicted no items; there is nothing to divide by");
        }
        return report().per(items, "prediction");
    }
}
