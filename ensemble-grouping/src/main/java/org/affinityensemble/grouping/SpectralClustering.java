package org.affinityensemble.grouping;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Normalised spectral clustering (Ng, Jordan and Weiss, 2001) as the baseline for the SDP grouping. Affinities
 * may be negative (T is z-scored), so they are mapped to positive weights W_ij = exp(T_ij / s), s the standard
 * deviation of the off-diagonal entries (W_ii = 0); then the top k eigenvectors of D^{-1/2}WD^{-1/2} (EJML), rows
 * normalised to unit length, are clustered by k-means++.
 */
public final class SpectralClustering {

    private final KMeans kMeans;

    public SpectralClustering(long seed) {
        this.kMeans = new KMeans(seed);
    }

    /** Canonical groups of task indices, exactly k of them. */
    public List<List<Integer>> cluster(double[][] t, int k) {
        double[][] symmetric = AffinityMatrices.symmetrised(t);
        int n = symmetric.length;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in 1.." + n + ", got " + k);
        }
        double[][] weights = weights(symmetric);
        double[] inverseRootDegree = new double[n];
        for (int i = 0; i < n; i++) {
            double degree = 0;
            for (int j = 0; j < n; j++) {
                degree += weights[i][j];
            }
            inverseRootDegree[i] = degree > 0 ? 1 / Math.sqrt(degree) : 0;
        }
        DMatrixRMaj normalised = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                normalised.set(i, j, inverseRootDegree[i] * weights[i][j] * inverseRootDegree[j]);
            }
        }
        return Partitions.canonical(Partitions.fromLabels(kMeans.cluster(embedding(normalised, k), k)));
    }

    private static double[][] weights(double[][] t) {
        int n = t.length;
        double sum = 0;
        double sumSq = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    sum += t[i][j];
                    sumSq += t[i][j] * t[i][j];
                    count++;
                }
            }
        }
        double variance = count > 0 ? sumSq / count - (sum / count) * (sum / count) : 0;
        double scale = variance > 1e-24 ? Math.sqrt(variance) : 1.0;
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w[i][j] = i == j ? 0 : Math.exp(t[i][j] / scale);
            }
        }
        return w;
    }

    /** Rows of the top-k eigenvectors, each row scaled to unit length. */
    private static double[][] embedding(DMatrixRMaj matrix, int k) {
        int n = matrix.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eigen.decompose(matrix.copy())) {
            throw new IllegalStateException("the symmetric eigen-decomposition did not converge");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(eigen.getEigenvalue(b).real,
                eigen.getEigenvalue(a).real));
        double[][] rows = new double[n][k];
        for (int c = 0; c < k; c++) {
            double[] vector = eigen.getEigenVector(order[c]).data;
            for (int i = 0; i < n; i++) {
                rows[i][c] = vector[i];
            }
        }
        for (double[] row : rows) {
            double length = Math.sqrt(KMeans.squaredDistance(row, new double[k]));
            if (length > 0) {
                for (int c = 0; c < k; c++) {
                    row[c] /= length;
                }
            }
        }
        return rows;
    }
}
