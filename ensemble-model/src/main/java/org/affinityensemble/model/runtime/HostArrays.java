package org.affinityensemble.model.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.affinityensemble.model.tensor.HostTensor;

/** Conversions between native arrays and Java arrays. */
public final class HostArrays {

    private HostArrays() {
    }

    /** The rows of a matrix [rows, cols] (of any floating type) as float32 Java arrays. */
    public static float[][] rows(NDArray matrix) {
        int rows = (int) matrix.getShape().get(0);
        int cols = (int) matrix.getShape().get(1);
        float[] flat;
        try (NDArray asFloat = matrix.toType(DataType.FLOAT32, true)) {
            flat = asFloat.toFloatArray();
        }
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    /** An array of any floating type as a float32 host tensor of the same shape. */
    public static HostTensor tensor(NDArray array) {
        try (NDArray asFloat = array.toType(DataType.FLOAT32, true)) {
            return new HostTensor(array.getShape().getShape(), asFloat.toFloatArray());
        }
    }

    /** The values of an array of any floating type as doubles. */
    public static double[] doubles(NDArray array) {
        try (NDArray asDouble = array.toType(DataType.FLOAT64, true)) {
            return asDouble.toDoubleArray();
        }
    }

    /** Whether every value of the array is finite (no NaN, no infinity). */
    public static boolean allFinite(NDArray array) {
        try (NDArray nan = array.isNaN().any(); NDArray infinite = array.isInfinite().any()) {
            return !nan.getBoolean() && !infinite.getBoolean();
        }
    }

    /** A float32 array of the given shape holding {@code values}, converted to {@code type}. */
    public static NDArray create(NDManager manager, float[] values, Shape shape, DataType type) {
        NDArray array = manager.create(values, shape);
        if (type == DataType.FLOAT32) {
            return array;
        }
        NDArray converted = array.toType(type, false);
        array.close();
        return converted;
    }
}
