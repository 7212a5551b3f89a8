package org.affinityensemble.grouping;

/**
 * The SDP in the minimisation form the solver works on: minimise ⟨C,X⟩ subject to A(X) = b, X ⪰ 0, X ≥ 0, with
 * C = (−T + μI)/scale and scale = max(|T_ij|, |μ|), so that ADMM's step size means the same for every input.
 * Matrices are row-major n·n arrays.
 */
final class ScaledProblem {

    final int n;
    final double scale;
    final double[] c;
    final double cNorm;
    final AffineConstraints constraints;

    /**
     * @param t      the symmetric affinity matrix
     * @param mu     the trace penalty (0 with a trace constraint)
     * @param traceM the required trace, or NaN for none
     */
    ScaledProblem(double[][] t, double mu, double traceM) {
        n = t.length;
        double maxAbs = Math.abs(mu);
        for (double[] row : t) {
            for (double value : row) {
                maxAbs = Math.max(maxAbs, Math.abs(value));
            }
        }
        scale = maxAbs > 0 ? maxAbs : 1.0;
        c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] = (-t[i][j] + (i == j ? mu : 0.0)) / scale;
            }
        }
        cNorm = norm(c);
        constraints = new AffineConstraints(n, traceM);
    }

    /** The caller's objective ⟨T,X⟩ − μ·tr X at x, i.e. −scale·⟨C,X⟩. */
    double objective(double[] x) {
        double s = 0;
        for (int k = 0; k < c.length; k++) {
            s += c[k] * x[k];
        }
        return -scale * s;
    }

    static double norm(double[] a) {
        double s = 0;
        for (double value : a) {
            s += value * value;
        }
        return Math.sqrt(s);
    }
}
