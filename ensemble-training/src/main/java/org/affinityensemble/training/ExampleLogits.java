package org.affinityensemble.training;

/**
 * The logits of K adapters on the same n examples of one task: {@code byAdapter[k][i][l]} is adapter k's logit of
 * label l for example i, and {@code labels[i]} the index of example i's correct label. Every row has the task's
 * label count. This is what the ensemble weights are fitted on and what boosting computes residuals from.
 */
public record ExampleLogits(float[][][] byAdapter, int[] labels) {

    public ExampleLogits {
        if (byAdapter.length == 0) {
            throw new IllegalArgumentException("logits of at least one adapter are needed");
        }
        for (float[][] adapter : byAdapter) {
            if (adapter.length != labels.length) {
                throw new IllegalArgumentException("every adapter needs one row per example");
            }
        }
    }

    public int adapters() {
        return byAdapter.length;
    }

    public int examples() {
        return labels.length;
    }

    /** The weighted sum of the adapters' logits, Σ_k w_k · z_k, one row per example. */
    public double[][] combined(double[] weights) {
        if (weights.length != byAdapter.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + byAdapter.length + " adapters");
        }
        double[][] sum = new double[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            sum[i] = new double[byAdapter[0][i].length];
            for (int k = 0; k < byAdapter.length; k++) {
                float[] row = byAdapter[k][i];
                for (int l = 0; l < row.length; l++) {
                    sum[i][l] += weights[k] * row[l];
                }
            }
        }
        return sum;
    }
}
