package org.affinityensemble.cluster.domain;

import java.util.Arrays;

/**
 * Robust estimates of the noise in an affinity matrix, from the median absolute deviation (MAD × 1.4826 is the
 * standard deviation for Gaussian noise): most task pairs are unrelated, so the median and MAD describe the
 * unrelated pairs and barely move with the few strong affinities of related tasks. Estimated per task (row),
 * because z-scoring per task makes the row of a task without relatives pure noise of unit variance while the rows
 * of tasks with relatives are tight apart from those relatives.
 */
public final class NoiseScale {

    private static final double MAD_TO_SIGMA = 1.4826;
    /** Rows with fewer off-diagonal entries than this use the pooled estimate. */
    private static final int MIN_ROW_ENTRIES = 4;

    private NoiseScale() {
    }

    /** σ̂ of all upper off-diagonal entries of a symmetric matrix; 0 for n &lt; 2 or constant entries. */
    public static double pooled(double[][] t) {
        int n = t.length;
        if (n < 2) {
            return 0.0;
        }
        double[] entries = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                entries[k++] = t[i][j];
            }
        }
        return robustSigma(entries);
    }

    /** σ̂_i of each row's off-diagonal entries (the pooled σ̂ for every row when n − 1 &lt; 4). */
    public static double[] perTask(double[][] t) {
        int n = t.length;
        double[] sigma = new double[n];
        if (n - 1 < MIN_ROW_ENTRIES) {
            Arrays.fill(sigma, pooled(t));
            return sigma;
        }
        for (int i = 0; i < n; i++) {
            double[] row = new double[n - 1];
            int k = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    row[k++] = t[i][j];
                }
            }
            sigma[i] = robustSigma(row);
        }
        return sigma;
    }

    /** V_ij = (σ̂_i² + σ̂_j²)/2 off the diagonal, 0 on it: the noise variance attributed to T_ij. */
    public static double[][] pairVariances(double[][] t) {
        double[] sigma = perTask(t);
        int n = t.length;
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                v[i][j] = i == j ? 0.0 : 0.5 * (sigma[i] * sigma[i] + sigma[j] * sigma[j]);
            }
        }
        return v;
    }

    private static double robustSigma(double[] values) {
        double median = median(values);
        double[] deviations = new double[values.length];
        for (int e = 0; e < values.length; e++) {
            deviations[e] = Math.abs(values[e] - median);
        }
        return MAD_TO_SIGMA * median(deviations);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
