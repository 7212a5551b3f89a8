package org.affinityensemble.model.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor held in Java memory: its shape and its values in row-major order. The exchange form
 * between file formats (ONNX, safetensors, PEFT) and the native engine; immutable by convention (callers do
 * not modify {@link #data()} after construction).
 */
public record HostTensor(long[] shape, float[] data) {

    public HostTensor {
        long elements = elementCount(shape);
        if (elements != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + elements + " values, data has " + data.length);
        }
        shape = shape.clone();
    }

    /** The number of values a tensor of this shape holds (1 for a scalar of shape []). */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** A matrix [rows, cols] from rows of equal length. */
    public static HostTensor matrix(float[][] rows) {
        int cols = rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return new HostTensor(new long[] {rows.length, cols}, flat);
    }

    /** The rows of a matrix (rank 2), as copies. */
    public float[][] rows() {
        if (shape.length != 2) {
            throw new IllegalStateException("only a matrix has rows, shape is " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
        }
        return out;
    }

    /** The transpose of a matrix (rank 2): element (i, j) of the result is element (j, i) of this one. */
    public HostTensor transposed() {
        if (shape.length != 2) {
            throw new IllegalStateException("only a matrix can be transposed, shape is " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] out = new float[data.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = data[i * cols + j];
            }
        }
        return new HostTensor(new long[] {cols, rows}, out);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostTensor that && Arrays.equals(shape, that.shape) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "HostTensor" + Arrays.toString(shape);
    }
}
