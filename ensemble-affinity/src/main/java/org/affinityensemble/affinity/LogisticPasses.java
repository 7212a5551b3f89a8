package org.affinityensemble.affinity;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The streamed passes Newton's method needs over the training examples of a task subset, for the objective
 * F(w) = (1/N) Σ log(1+exp(-(f0+g̃ᵀw))) + λ‖w‖². Each pass reads the data once through {@link ExampleBlocks};
 * sums are accumulated block by block, so memory is O(d² + blockRows·d) whatever N is.
 */
final class LogisticPasses {

    /**
     * The data term's sum Σ loss over the {@code examples} training examples, and the gradient of the full
     * objective (data term divided by N, plus 2λw).
     */
    record ValueAndGradient(double lossSum, long examples, DMatrixRMaj gradient) {
    }

    private final List<String> tasks;
    private final ExampleBlocks blocks;
    private final int dimension;
    private final int blockRows;

    LogisticPasses(List<String> tasks, GradientSource source, int blockRows) {
        this.tasks = tasks;
        this.blocks = new ExampleBlocks(source, blockRows);
        this.dimension = source.dimension();
        this.blockRows = blockRows;
    }

    /** Σ loss(m), N and ∇F(w) = -(1/N) Σ σ(-m) g̃ + 2λw. */
    ValueAndGradient valueAndGradient(DMatrixRMaj w, double lambda) {
        DMatrixRMaj gradient = new DMatrixRMaj(dimension, 1);
        DMatrixRMaj margins = new DMatrixRMaj(blockRows, 1);
        DMatrixRMaj residuals = new DMatrixRMaj(blockRows, 1);
        double[] lossSum = {0};
        long examples = blocks.forEachBlock(tasks, false, (x, f0, rows) -> {
            margins(x, f0, rows, w, margins);
            residuals.reshape(rows, 1, false);
            for (int i = 0; i < rows; i++) {
                double m = margins.data[i];
                lossSum[0] += Logistic.loss(m);
                residuals.data[i] = -Logistic.sigmoid(-m);
            }
            CommonOps_DDRM.multAddTransA(x, residuals, gradient);
        });
        if (examples > 0) {
            CommonOps_DDRM.scale(1.0 / examples, gradient);
        }
        CommonOps_DDRM.addEquals(gradient, 2 * lambda, w);
        return new ValueAndGradient(lossSum[0], examples, gradient);
    }

    /** ∇²F(w) = (1/N) Σ σ(m)σ(-m) g̃g̃ᵀ + 2λI, accumulated as (D½X)ᵀ(D½X) per block with EJML's multInner. */
    DMatrixRMaj hessian(DMatrixRMaj w, double lambda) {
        DMatrixRMaj hessian = new DMatrixRMaj(dimension, dimension);
        DMatrixRMaj blockProduct = new DMatrixRMaj(dimension, dimension);
        DMatrixRMaj margins = new DMatrixRMaj(blockRows, 1);
        double[] rootWeights = new double[blockRows];
        long examples = blocks.forEachBlock(tasks, false, (x, f0, rows) -> {
            margins(x, f0, rows, w, margins);
            for (int i = 0; i < rows; i++) {
                double m = margins.data[i];
                rootWeights[i] = Math.sqrt(Logistic.sigmoid(m) * Logistic.sigmoid(-m));
            }
            CommonOps_DDRM.multRows(rootWeights, x);
            CommonOps_DDRM.multInner(x, blockProduct);
            CommonOps_DDRM.addEquals(hessian, blockProduct);
        });
        if (examples > 0) {
            CommonOps_DDRM.scale(1.0 / examples, hessian);
        }
        for (int i = 0; i < dimension; i++) {
            hessian.add(i, i, 2 * lambda);
        }
        return hessian;
    }

    /**
     * Σ loss(f0 + g̃ᵀ(w + t·step)) for every t in {@code steps}, in one pass (margins are linear in t, so one
     * pass serves a whole backtracking line search).
     */
    double[] lossSumsAlong(DMatrixRMaj w, DMatrixRMaj step, double[] steps) {
        double[] sums = new double[steps.length];
        DMatrixRMaj margins = new DMatrixRMaj(blockRows, 1);
        DMatrixRMaj slopes = new DMatrixRMaj(blockRows, 1);
        blocks.forEachBlock(tasks, false, (x, f0, rows) -> {
            margins(x, f0, rows, w, margins);
            slopes.reshape(rows, 1, false);
            CommonOps_DDRM.mult(x, step, slopes);
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < steps.length; k++) {
                    sums[k] += Logistic.loss(margins.data[i] + steps[k] * slopes.data[i]);
                }
            }
        });
        return sums;
    }

    private static void margins(DMatrixRMaj x, double[] f0, int rows, DMatrixRMaj w, DMatrixRMaj margins) {
        margins.reshape(rows, 1, false);
        CommonOps_DDRM.mult(x, w, margins);
        for (int i = 0; i < rows; i++) {
            margins.data[i] += f0[i];
        }
    }
}
