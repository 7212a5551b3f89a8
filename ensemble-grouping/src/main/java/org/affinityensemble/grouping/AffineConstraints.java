package org.affinityensemble.grouping;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The linear constraints of the clustering SDP on a symmetric n×n matrix X, stored row-major: every row
 * sums to one (X·1 = 1, written symmetrically as ⟨(e_i1ᵀ + 1e_iᵀ)/2, X⟩ = 1) and, optionally, tr X = m.
 * Provides the map A, its adjoint A*, and the Euclidean projection onto {X : A(X) = b}, using the inverse
 * of the small (n or n+1 square) Gram matrix AA*, which has a closed form and is inverted once.
 */
final class AffineConstraints {

    private final int n;
    private final boolean withTrace;
    private final double[] b;
    private final DMatrixRMaj gramInverse;

    /**
     * @param n      matrix dimension, at least 2
     * @param traceM the required trace, or {@code Double.NaN} for no trace constraint
     */
    AffineConstraints(int n, double traceM) {
        if (n < 2) {
            throw new IllegalArgumentException("the constraint map needs n >= 2, got " + n);
        }
        this.n = n;
        this.withTrace = !Double.isNaN(traceM);
        int p = count();
        this.b = new double[p];
        java.util.Arrays.fill(b, 0, n, 1.0);
        if (withTrace) {
            b[n] = traceM;
        }
        DMatrixRMaj gram = new DMatrixRMaj(p, p);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                gram.set(i, j, (i == j ? n : 0) * 0.5 + 0.5);
            }
        }
        if (withTrace) {
            for (int i = 0; i < n; i++) {
                gram.set(i, n, 1.0);
                gram.set(n, i, 1.0);
            }
            gram.set(n, n, n);
        }
        this.gramInverse = new DMatrixRMaj(p, p);
        if (!CommonOps_DDRM.invert(gram, gramInverse)) {
            throw new IllegalStateException("the constraint Gram matrix is singular for n=" + n);
        }
    }

    /** Number of constraints: n row sums, plus one for the trace. */
    int count() {
        return withTrace ? n + 1 : n;
    }

    /** The right-hand side b. */
    double[] rhs() {
        return b.clone();
    }

    /** A(X): symmetrised row sums, then the trace if constrained. */
    double[] apply(double[] x) {
        double[] out = new double[count()];
        double trace = 0;
        for (int i = 0; i < n; i++) {
            double rowSum = 0;
            double colSum = 0;
            for (int j = 0; j < n; j++) {
                rowSum += x[i * n + j];
                colSum += x[j * n + i];
            }
            out[i] = 0.5 * (rowSum + colSum);
            trace += x[i * n + i];
        }
        if (withTrace) {
            out[n] = trace;
        }
        return out;
    }

    /** out += scale · A*(y), where A*(y) = (y1ᵀ + 1yᵀ)/2 + y_trace·I. */
    void addAdjoint(double[] y, double scale, double[] out) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] += scale * 0.5 * (y[i] + y[j]);
            }
            if (withTrace) {
                out[i * n + i] += scale * y[n];
            }
        }
    }

    /** The least-squares multipliers (AA*)⁻¹ A(r), so that A*(y) is the part of r in the range of A*. */
    double[] rangeCoefficients(double[] r) {
        return multiplyGramInverse(apply(r));
    }

    /** Projects x in place onto {X : A(X) = b}. */
    void project(double[] x) {
        double[] residual = apply(x);
        for (int k = 0; k < residual.length; k++) {
            residual[k] -= b[k];
        }
        addAdjoint(multiplyGramInverse(residual), -1.0, x);
    }

    private double[] multiplyGramInverse(double[] v) {
        int p = v.length;
        double[] out = new double[p];
        for (int i = 0; i < p; i++) {
            double s = 0;
            for (int j = 0; j < p; j++) {
                s += gramInverse.get(i, j) * v[j];
            }
            out[i] = s;
        }
        return out;
    }
}
