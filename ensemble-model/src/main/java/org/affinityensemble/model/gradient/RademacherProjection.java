package org.affinityensemble.model.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.runtime.HostArrays;

/**
 * The seeded random projection P (D × d) with entries ±1/√d that maps a D-dimensional gradient g to Pᵀg in d
 * dimensions. Entry (i, j) is a pure function of (seed, i, j): its sign is bit (j mod 64) of the 64-bit word
 * {@code mix(mix(seed + γ·(i+1)) + γ·(⌊j/64⌋+1))}, where mix is the SplitMix64 finaliser and γ = 0x9E3779B97F4A7C15.
 * So any process regenerates any block of rows identically, whatever its block size, and nobody ever holds the
 * whole D × d matrix: {@link #project} multiplies {@value #BLOCK_ROWS} rows at a time with the engine's matmul,
 * skipping blocks where every gradient is exactly zero (they contribute exactly nothing; at the LoRA initialisation
 * that is every A block, since B = 0, and with A frozen it is every A block anywhere). The blocks it multiplies are
 * made once per process and device and kept in native memory within a budget ({@link ProjectionBlocks}).
 *
 * <p>The entries are identical everywhere; the float32 products are bit-identical between processes running the
 * same libtorch build with the same thread count (the test checks two JVMs), and otherwise equal up to float32
 * rounding of the matmul's summation order. Immutable and thread-safe.
 */
public final class RademacherProjection {

    /** Rows generated and multiplied at a time by {@link #project}; part of the summation order. */
    public static final int BLOCK_ROWS = 1024;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;
    private final long inputDim;
    private final int outputDim;
    private final int positiveBits;

    public RademacherProjection(long seed, long inputDim, int outputDim) {
        if (inputDim < 1 || outputDim < 1) {
            throw new IllegalArgumentException("projection dimensions must be positive");
        }
        this.seed = seed;
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.positiveBits = Float.floatToRawIntBits((float) (1.0 / Math.sqrt(outputDim)));
    }

    /** The projection a {@link ProjectionSpec} describes (its seed, D and d). */
    public static RademacherProjection of(ProjectionSpec spec) {
        return new RademacherProjection(spec.seed(), spec.parameterCount(), spec.dim());
    }

    /**
     * The projection of another block of coordinates, named {@code block} (e.g. a task's label embeddings, issue
     * #19), with {@code blockDim} rows and this projection's d: its entries are ±1/√d from a seed that mixes this
     * projection's seed with the name (String.hashCode, which Java specifies), so every process regenerates it and
     * blocks of different names are independent. Coordinates in disjoint blocks are orthogonal, so projecting each
     * block with its own matrix and adding is projecting the concatenated vector with one larger random matrix.
     */
    public RademacherProjection forBlock(String block, long blockDim) {
        return new RademacherProjection(mix(mix(seed) + GOLDEN_GAMMA * (block.hashCode() + (1L << 40))), blockDim,
                outputDim);
    }

    public long seed() {
        return seed;
    }

    public long inputDim() {
        return inputDim;
    }

    public int outputDim() {
        return outputDim;
    }

    /** Entry (row, col) of P: ±1/√d. */
    public float entry(long row, int col) {
        long word = mix(rowKey(row) + GOLDEN_GAMMA * ((col >>> 6) + 1L));
        return signed(word, col & 63);
    }

    /** Writes rows {@code firstRow .. firstRow+rowCount-1} of P into {@code out} (row-major, d values a row). */
    public void fillRows(long firstRow, int rowCount, float[] out) {
        if (firstRow < 0 || firstRow + rowCount > inputDim || out.length < rowCount * outputDim) {
            throw new IllegalArgumentException("rows " + firstRow + "+" + rowCount + " are outside P or the buffer");
        }
        for (int r = 0; r < rowCount; r++) {
            long key = rowKey(firstRow + r);
            int base = r * outputDim;
            for (int wordIndex = 0; wordIndex * 64 < outputDim; wordIndex++) {
                long word = mix(key + GOLDEN_GAMMA * (wordIndex + 1L));
                int start = wordIndex * 64;
                int end = Math.min(outputDim, start + 64);
                for (int col = start; col < end; col++) {
                    out[base + col] = signed(word, col - start);
                }
            }
        }
    }

    /**
     * Pᵀg for every row g of {@code gradients} [N, D] (any floating type, in any manager): the projected vectors
     * [N][d] as float32.
     */
    public float[][] project(NDArray gradients) {
        Shape shape = gradients.getShape();
        if (shape.dimension() != 2 || shape.get(1) != inputDim) {
            throw new IllegalArgumentException("gradients of shape " + shape + " do not have " + inputDim + " columns");
        }
        int rows = (int) shape.get(0);
        try (NDManager scope = gradients.getManager().newSubManager()) {
            NDArray asFloat = gradients.toType(DataType.FLOAT32, true);
            asFloat.attach(scope);
            // one reduction for every column instead of one per block: which columns hold a non-zero value
            float[] largest = asFloat.abs().max(new int[] {0}).toFloatArray();
            NDArray sum = scope.zeros(new Shape(rows, outputDim), DataType.FLOAT32);
            for (long first = 0; first < inputDim; first += BLOCK_ROWS) {
                int count = (int) Math.min(BLOCK_ROWS, inputDim - first);
                if (allZero(largest, (int) first, count)) {
                    continue;
                }
                NDArray slice = asFloat.get(":, {}:{}", first, first + count);
                sum.addi(slice.matMul(ProjectionBlocks.rows(this, first, count, asFloat.getDevice(), scope)));
            }
            return HostArrays.rows(sum);
        }
    }

    private static boolean allZero(float[] values, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (values[i] != 0f) {
                return false;
            }
        }
        return true;
    }

    /** Pᵀg for one vector, computed in Java with double accumulation (a reference for tests and small inputs). */
    public double[] projectExactly(float[] gradient) {
        if (gradient.length != inputDim) {
            throw new IllegalArgumentException("gradient has " + gradient.length + " values, P has " + inputDim + " rows");
        }
        double[] out = new double[outputDim];
        float[] row = new float[outputDim];
        for (int i = 0; i < gradient.length; i++) {
            if (gradient[i] == 0f) {
                continue;
            }
            fillRows(i, 1, row);
            for (int j = 0; j < outputDim; j++) {
                out[j] += (double) row[j] * gradient[i];
            }
        }
        return out;
    }

    private long rowKey(long row) {
        return mix(seed + GOLDEN_GAMMA * (row + 1));
    }

    private float signed(long word, int bit) {
        int negative = (int) (~(word >>> bit) & 1L);
        return Float.intBitsToFloat(positiveBits | (negative << 31));
    }

    /** The SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective avalanche mix of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
