package org.affinityensemble.affinity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Reads out what the surrogate fitted on a subset predicts for each of its tasks: the linearised validation
 * loss and accuracy ({@link TaskEstimate}) under the weights w, streaming each task's validation examples.
 */
public final class Readout {

    private final int blockRows;

    public Readout() {
        this(SurrogateSolver.DEFAULT_BLOCK_ROWS);
    }

    public Readout(int blockRows) {
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be positive");
        }
        this.blockRows = blockRows;
    }

    /** One estimate per task of {@code tasks}, in the list's order, evaluated at weights {@code w}. */
    public Map<String, TaskEstimate> evaluate(List<String> tasks, GradientSource source, double[] w) {
        if (w.length != source.dimension()) {
            throw new IllegalArgumentException("w has " + w.length + " values, expected " + source.dimension());
        }
        DMatrixRMaj weights = DMatrixRMaj.wrap(w.length, 1, w);
        ExampleBlocks blocks = new ExampleBlocks(source, blockRows);
        DMatrixRMaj margins = new DMatrixRMaj(blockRows, 1);
        Map<String, TaskEstimate> estimates = new LinkedHashMap<>();
        for (String task : tasks) {
            double[] lossSum = {0};
            long[] correct = {0};
            long n = blocks.forEachBlock(List.of(task), true, (x, f0, rows) -> {
                margins.reshape(rows, 1, false);
                CommonOps_DDRM.mult(x, weights, margins);
                for (int i = 0; i < rows; i++) {
                    double m = f0[i] + margins.data[i];
                    lossSum[0] += Logistic.loss(m);
                    if (m > 0) {
                        correct[0]++;
                    }
                }
            });
            estimates.put(task, n == 0 ? new TaskEstimate(Double.NaN, Double.NaN, 0)
                    : new TaskEstimate(lossSum[0] / n, (double) correct[0] / n, Math.toIntExact(n)));
        }
        return estimates;
    }
}
