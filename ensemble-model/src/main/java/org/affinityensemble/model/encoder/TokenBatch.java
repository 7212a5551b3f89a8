package org.affinityensemble.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Token ids and attention masks of {@code rows} texts, right-padded to the longest of them ({@code length}
 * tokens), row-major. Padding positions have id 0 and mask 0.
 */
public record TokenBatch(int rows, int length, long[] ids, long[] mask) {

    public TokenBatch {
        if (ids.length != (long) rows * length || mask.length != ids.length) {
            throw new IllegalArgumentException("token arrays do not match " + rows + " x " + length);
        }
    }

    /** The ids as an int64 [rows, length] array of the given manager. */
    public NDArray idArray(NDManager manager) {
        return manager.create(ids, new Shape(rows, length));
    }

    /** The attention mask as an int64 [rows, length] array of the given manager. */
    public NDArray maskArray(NDManager manager) {
        return manager.create(mask, new Shape(rows, length));
    }

    /** The number of real (unpadded) tokens of a row. */
    public int tokenCount(int row) {
        int count = 0;
        for (int t = 0; t < length; t++) {
            count += (int) mask[row * length + t];
        }
        return count;
    }
}
