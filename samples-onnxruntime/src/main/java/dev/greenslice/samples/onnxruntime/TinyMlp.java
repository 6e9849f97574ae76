package dev.greenslice.samples.onnxruntime;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A tiny multi-layer perceptron, {@code y = relu(x·W1 + b1)·W2 + b2}, that the samples build themselves as an
 * ONNX model (so that nothing is downloaded): inputs {@code x} of shape {@code [N, inputs]} (float32, any
 * batch size {@code N}), output {@code y} of shape {@code [N, outputs]}.
 *
 * <p>The weights are drawn from a seeded generator, so the same seed gives the same model. {@link #toOnnx()}
 * writes the ONNX {@code ModelProto} (IR version 8, opset 17: MatMul, Add, Relu, MatMul, Add) with
 * protobuf-java's wire-format encoder; {@link #forward(float[][])} computes the same function in plain Java,
 * which tests compare ONNX Runtime's output with. Immutable and thread-safe.
 */
public final class TinyMlp {

    /** The graph's input name. */
    public static final String INPUT = "x";
    /** The graph's output name. */
    public static final String OUTPUT = "y";

    private static final int IR_VERSION = 8;
    private static final int OPSET = 17;
    private static final int FLOAT = 1; // TensorProto.DataType.FLOAT

    private final int inputs;
    private final int hidden;
    private final int outputs;
    private final float[] w1;
    private final float[] b1;
    private final float[] w2;
    private final float[] b2;

    private TinyMlp(int inputs, int hidden, int outputs, long seed) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        SplittableRandom random = new SplittableRandom(seed);
        this.w1 = uniform(random, inputs * hidden, 1 / Math.sqrt(inputs));
        this.b1 = uniform(random, hidden, 0.1);
        this.w2 = uniform(random, hidden * outputs, 1 / Math.sqrt(hidden));
        this.b2 = uniform(random, outputs, 0.1);
    }

    /**
     * A model with the given layer widths and seed.
     *
     * @param inputs  input width
     * @param hidden  hidden layer width
     * @param outputs output width
     * @param seed    the weights' generator seed
     * @return the model
     * @throws IllegalArgumentException unless every width is between 1 and 4096
     */
    public static TinyMlp of(int inputs, int hidden, int outputs, long seed) {
        for (int[] w : new int[][] {{inputs, 0}, {hidden, 1}, {outputs, 2}}) {
            if (w[0] < 1 || w[0] > 4096) {
                throw new IllegalArgumentException("Layer width " + new String[] {"inputs", "hidden", "outputs"}[w[1]]
                        + " must be between 1 and 4096, got " + w[0]);
            }
        }
        return new TinyMlp(inputs, hidden, outputs, seed);
    }

    /**
     * The samples' default model.
     *
     * @return 16 inputs, 32 hidden units, 4 outputs, seed 7
     */
    public static TinyMlp standard() {
        return of(16, 32, 4, 7);
    }

    private static float[] uniform(SplittableRandom random, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextDouble(-scale, scale);
        }
        return a;
    }

    /** @return the input width */
    public int inputs() {
        return inputs;
    }

    /** @return the output width */
    public int outputs() {
        return outputs;
    }

    /**
     * The model in plain Java, in float32 like ONNX Runtime's CPU kernels (which may sum in another order, so
     * results agree to about 1e-6 relative, not bit for bit).
     *
     * @param batch rows of {@link #inputs()} values
     * @return one row of {@link #outputs()} values per input row
     * @throws IllegalArgumentException if a row has the wrong width
     */
    public float[][] forward(float[][] batch) {
        float[][] out = new float[batch.length][];
        for (int r = 0; r < batch.length; r++) {
            float[] x = batch[r];
            if (x.length != inputs) {
                throw new IllegalArgumentException("Row " + r + " has " + x.length + " values; the model takes " + inputs);
            }
            float[] h = new float[hidden];
            for (int j = 0; j < hidden; j++) {
                float s = b1[j];
                for (int i = 0; i < inputs; i++) {
                    s += x[i] * w1[i * hidden + j];
                }
                h[j] = Math.max(0f, s);
            }
            float[] y = new float[outputs];
            for (int k = 0; k < outputs; k++) {
                float s = b2[k];
                for (int j = 0; j < hidden; j++) {
                    s += h[j] * w2[j * outputs + k];
                }
                y[k] = s;
            }
            out[r] = y;
        }
        return out;
    }

    /** @return the model as a serialized ONNX {@code ModelProto} */
    public byte[] toOnnx() {
        byte[] graph = message(o -> {
            bytes(o, 1, node("MatMul", "fc1_matmul", new String[] {INPUT, "W1"}, "h0"));
            bytes(o, 1, node("Add", "fc1_bias", new String[] {"h0", "b1"}, "h1"));
            bytes(o, 1, node("Relu", "relu", new String[] {"h1"}, "h2"));
            bytes(o, 1, node("MatMul", "fc2_matmul", new String[] {"h2", "W2"}, "h3"));
            bytes(o, 1, node("Add", "fc2_bias", new String[] {"h3", "b2"}, OUTPUT));
            o.writeString(2, "greenslice_tiny_mlp");
            bytes(o, 5, tensor("W1", w1, inputs, hidden));
            bytes(o, 5, tensor("b1", b1, hidden));
            bytes(o, 5, tensor("W2", w2, hidden, outputs));
            bytes(o, 5, tensor("b2", b2, outputs));
            bytes(o, 11, valueInfo(INPUT, inputs));
            bytes(o, 12, valueInfo(OUTPUT, outputs));
        });
        return message(o -> {
            o.writeInt64(1, IR_VERSION);
            o.writeString(2, "greenslice-samples");
            o.writeString(3, "0.2.0");
            bytes(o, 7, graph);
            bytes(o, 8, message(op -> {
                op.writeString(1, "");
                op.writeInt64(2, OPSET);
            }));
        });
    }

    /** NodeProto: inputs (1), output (2), name (3), op_type (4). */
    private static byte[] node(String op, String name, String[] in, String out) {
        return message(o -> {
            for (String i : in) {
                o.writeString(1, i);
            }
            o.writeString(2, out);
            o.writeString(3, name);
            o.writeString(4, op);
        });
    }

    /** TensorProto: dims (1), data_type (2), name (8), raw_data (9, little-endian float32). */
    private static byte[] tensor(String name, float[] values, int... dims) {
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        return message(o -> {
            for (int d : dims) {
                o.writeInt64(1, d);
            }
            o.writeInt32(2, FLOAT);
            o.writeString(8, name);
            o.writeBytes(9, ByteString.copyFrom(raw.array()));
        });
    }

    /** ValueInfoProto for a float tensor of shape [N, width]: name (1), type (2). */
    private static byte[] valueInfo(String name, int width) {
        byte[] shape = message(o -> {
            bytes(o, 1, message(d -> d.writeString(2, "N")));      // Dimension.dim_param
            bytes(o, 1, message(d -> d.writeInt64(1, width)));     // Dimension.dim_value
        });
        byte[] tensorType = message(o -> {
            o.writeInt32(1, FLOAT);                                  // TypeProto.Tensor.elem_type
            bytes(o, 2, shape);                                     // TypeProto.Tensor.shape
        });
        return message(o -> {
            o.writeString(1, name);
            bytes(o, 2, message(t -> bytes(t, 1, tensorType)));     // TypeProto.tensor_type
        });
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(buffer);
            fields.write(out);
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    private static void bytes(CodedOutputStream out, int field, byte[] message) throws IOException {
        out.writeByteArray(field, message);
    }

    @Override
    public String toString() {
        return "TinyMlp[" + inputs + " → " + hidden + " → " + outputs + ", " + (Arrays.hashCode(w1) & 0xffff) + "]";
    }
}
