package dev.greenslice.samples.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A DJL {@link Translator} between rows of floats and a model taking a {@code [N, inputs]} float32 tensor and
 * returning {@code [N, outputs]}: it builds one batch tensor itself rather than stacking per-item tensors,
 * because engines with few NDArray operations (ONNX Runtime) cannot stack. Stateless and thread-safe.
 */
public final class FloatRowsTranslator implements Translator<float[], float[]> {

    private final int inputs;

    /**
     * @param inputs the row width the model takes
     * @throws IllegalArgumentException unless positive
     */
    public FloatRowsTranslator(int inputs) {
        if (inputs < 1) {
            throw new IllegalArgumentException("Row width must be >= 1, got " + inputs);
        }
        this.inputs = inputs;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[] row) {
        return batchProcessInput(ctx, List.of(row));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        return list.singletonOrThrow().toFloatArray();
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<float[]> rows) {
        float[] flat = new float[rows.size() * inputs];
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            if (row.length != inputs) {
                throw new IllegalArgumentException("Row " + r + " has " + row.length + " values; the model takes " + inputs);
            }
            System.arraycopy(row, 0, flat, r * inputs, inputs);
        }
        NDArray x = ctx.getNDManager().create(flat, new Shape(rows.size(), inputs));
        return new NDList(x);
    }

    @Override
    public List<float[]> batchProcessOutput(TranslatorContext ctx, NDList list) {
        NDArray y = list.singletonOrThrow();
        long[] shape = y.getShape().getShape();
        if (shape.length != 2) {
            throw new IllegalStateException("Expected a [N, outputs] output, got shape " + y.getShape());
        }
        float[] flat = y.toFloatArray();
        int n = (int) shape[0];
        int width = (int) shape[1];
        List<float[]> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            float[] row = new float[width];
            System.arraycopy(flat, r * width, row, 0, width);
            rows.add(row);
        }
        return rows;
    }

    @Override
    public Batchifier getBatchifier() {
        // Non-null so that DJL calls batchProcessInput/Output (above) for batches; never used to stack.
        return Batchifier.STACK;
    }
}
