package org.affinityensemble.affinity;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Copies streamed examples into dense row blocks (float to double) so that the solver can use EJML's matrix
 * kernels. One buffer of {@code blockRows × d} doubles is reused for every block, so memory does not depend on
 * the number of examples. Not thread-safe: one instance per pass.
 */
final class ExampleBlocks {

    /** Receives one block: rows 0..rows-1 of {@code x} with their offsets f0; may overwrite {@code x}. */
    interface Consumer {
        void accept(DMatrixRMaj x, double[] f0, int rows);
    }

    private final GradientSource source;
    private final int dimension;
    private final int blockRows;
    private final DMatrixRMaj x;
    private final double[] f0;

    ExampleBlocks(GradientSource source, int blockRows) {
        this.source = source;
        this.dimension = source.dimension();
        this.blockRows = blockRows;
        this.x = new DMatrixRMaj(blockRows, dimension);
        this.f0 = new double[blockRows];
    }

    /** Streams the examples of {@code tasks} (in list order) in the given split as blocks; returns their count. */
    long forEachBlock(List<String> tasks, boolean validation, Consumer consumer) {
        long[] total = {0};
        int[] filled = {0};
        for (String task : tasks) {
            source.forEachChunk(task, validation, chunk -> {
                for (TaskExample example : chunk) {
                    requireMatches(example, task, validation);
                    int row = filled[0];
                    float[] g = example.g();
                    int offset = row * dimension;
                    for (int c = 0; c < dimension; c++) {
                        x.data[offset + c] = g[c];
                    }
                    f0[row] = example.f0();
                    filled[0]++;
                    total[0]++;
                    if (filled[0] == blockRows) {
                        emit(consumer, filled[0]);
                        filled[0] = 0;
                    }
                }
            });
        }
        if (filled[0] > 0) {
            emit(consumer, filled[0]);
        }
        return total[0];
    }

    private void emit(Consumer consumer, int rows) {
        x.reshape(rows, dimension, false);
        consumer.accept(x, f0, rows);
        x.reshape(blockRows, dimension, false);
    }

    private void requireMatches(TaskExample example, String task, boolean validation) {
        if (!example.taskId().equals(task) || example.validation() != validation) {
            throw new IllegalStateException("gradient source returned " + example.taskId() + "/"
                    + example.sampleId() + " when asked for " + task + (validation ? " validation" : " train"));
        }
        if (example.g().length != dimension) {
            throw new IllegalStateException("gradient of " + task + "/" + example.sampleId() + " has "
                    + example.g().length + " values, expected " + dimension);
        }
    }
}
