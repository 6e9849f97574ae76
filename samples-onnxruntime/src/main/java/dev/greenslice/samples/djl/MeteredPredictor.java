package dev.greenslice.samples.djl;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.Measurement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A DJL {@link Predictor} wrapper that meters every {@code predict} and {@code batchPredict} call with a
 * {@link CarbonMeter} window and hands each call's window to a listener. It relies only on DJL's engine-neutral
 * API ({@code ai.djl:api}), so it works with any engine: ONNX Runtime, PyTorch, TensorFlow, MXNet.
 *
 * <pre>{@code
 * try (ZooModel<float[], float[]> model = criteria.loadModel();
 *      MeteredPredictor<float[], float[]> predictor = MeteredPredictor.wrap(model.newPredictor(), meter,
 *              "resnet50", call -> log.info("{}", call.perItem()))) {
 *     float[] y = predictor.predict(x);
 * }
 * }</pre>
 *
 * <p>The window spans the whole call: the translator's pre- and post-processing as well as the engine's
 * forward pass, which is the energy a request costs. A call that throws is still metered (its listener sees
 * {@code failed}), and the exception is rethrown unchanged. A listener that throws is logged and ignored:
 * metering never breaks a prediction.
 *
 * <p><b>Threading.</b> As thread-safe as the wrapped predictor (DJL predictors are not: use one per thread);
 * the meter and the listener must be thread-safe if several wrapped predictors share them.
 * {@link #close()} closes the wrapped predictor, not the meter.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class MeteredPredictor<I, O> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MeteredPredictor.class);

    private final Predictor<I, O> predictor;
    private final CarbonMeter meter;
    private final String label;
    private final Consumer<MeteredPrediction> listener;

    private MeteredPredictor(Predictor<I, O> predictor, CarbonMeter meter, String label, Consumer<MeteredPrediction> listener) {
        this.predictor = predictor;
        this.meter = meter;
        this.label = label;
        this.listener = listener;
    }

    /**
     * Wraps {@code predictor}.
     *
     * @param predictor any DJL predictor, e.g. from {@code ZooModel.newPredictor()}
     * @param meter     the meter whose windows measure each call
     * @param label     the label of every window, e.g. the model's name
     * @param listener  receives each call's closed window, on the calling thread
     * @param <I>       the input type
     * @param <O>       the output type
     * @return the metered predictor
     * @throws NullPointerException     naming a null argument
     * @throws IllegalArgumentException for a blank label
     */
    public static <I, O> MeteredPredictor<I, O> wrap(Predictor<I, O> predictor, CarbonMeter meter, String label,
                                                    Consumer<MeteredPrediction> listener) {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(listener, "listener");
        if (label.isBlank()) {
            throw new IllegalArgumentException("Give the predictor a label (e.g. the model name) for its reports");
        }
        return new MeteredPredictor<>(predictor, meter, label, listener);
    }

    /**
     * Predicts one item inside a metering window.
     *
     * @param input the item
     * @return the prediction
     * @throws TranslateException as the wrapped predictor does
     */
    public O predict(I input) throws TranslateException {
        Measurement window = meter.start(label);
        boolean failed = true;
        try {
            O output = predictor.predict(input);
            failed = false;
            return output;
        } finally {
            window.close();
            deliver(new MeteredPrediction(label, 1, failed, window));
        }
    }

    /**
     * Predicts a batch inside one metering window; the listener sees its size, so that
     * {@link MeteredPrediction#perItem()} gives the figures per item.
     *
     * @param inputs the items
     * @return one prediction per item
     * @throws TranslateException as the wrapped predictor does
     */
    public List<O> batchPredict(List<I> inputs) throws TranslateException {
        Objects.requireNonNull(inputs, "inputs");
        Measurement window = meter.start(label);
        boolean failed = true;
        try {
            List<O> outputs = predictor.batchPredict(inputs);
            failed = false;
            return outputs;
        } finally {
            window.close();
            deliver(new MeteredPrediction(label, inputs.size(), failed, window));
        }
    }

    private void deliver(MeteredPrediction call) {
        try {
            listener.accept(call);
        } catch (RuntimeException e) {
            LOG.warn("GreenSlice: the listener of metered predictor '{}' failed; the prediction is unaffected: {}", label,
                    e.toString());
        }
    }

    /** @return the wrapped predictor, e.g. to call what this wrapper does not meter ({@code streamingPredict}) */
    public Predictor<I, O> unwrap() {
        return predictor;
    }

    /** Closes the wrapped predictor (not the meter). */
    @Override
    public void close() {
        predictor.close();
    }

    @Override
    public String toString() {
        return "MeteredPredictor[" + label + ", " + meter + "]";
    }
}
