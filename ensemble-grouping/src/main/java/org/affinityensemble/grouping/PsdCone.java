package org.affinityensemble.grouping;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Euclidean projection onto the cone of positive semidefinite matrices: V·max(Λ,0)·Vᵀ from EJML's
 * symmetric eigen-decomposition. Rebuilds the result from whichever side (positive or negative eigenvalues)
 * has fewer terms, since near a rank-m solution one side is small. Not thread-safe: one instance per solve.
 */
final class PsdCone {

    private final int n;
    private final EigenDecomposition_F64<DMatrixRMaj> eigen;
    private final DMatrixRMaj work;

    PsdCone(int n) {
        this.n = n;
        this.eigen = DecompositionFactory_DDRM.eig(n, true, true);
        this.work = new DMatrixRMaj(n, n);
    }

    /** Writes the PSD projection of the symmetric matrix {@code in} (row-major) into {@code out}. */
    void project(double[] in, double[] out) {
        System.arraycopy(in, 0, work.data, 0, in.length);
        if (!eigen.decompose(work)) {
            throw new IllegalStateException("the symmetric eigen-decomposition did not converge");
        }
        int positives = 0;
        for (int k = 0; k < n; k++) {
            if (eigen.getEigenvalue(k).real > 0) {
                positives++;
            }
        }
        boolean fromPositives = positives <= n - positives;
        if (fromPositives) {
            java.util.Arrays.fill(out, 0.0);
        } else {
            System.arraycopy(in, 0, out, 0, in.length);
        }
        for (int k = 0; k < n; k++) {
            double lambda = eigen.getEigenvalue(k).real;
            if ((lambda > 0) == fromPositives) {
                double weight = fromPositives ? lambda : -lambda;
                addOuter(eigen.getEigenVector(k).data, weight, out);
            }
        }
        symmetrise(out);
    }

    private void addOuter(double[] v, double weight, double[] out) {
        for (int i = 0; i < n; i++) {
            double wi = weight * v[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                out[row + j] += wi * v[j];
            }
        }
    }

    private void symmetrise(double[] a) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double mean = 0.5 * (a[i * n + j] + a[j * n + i]);
                a[i * n + j] = mean;
                a[j * n + i] = mean;
            }
        }
    }
}
