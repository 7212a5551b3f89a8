package org.affinityensemble.grouping;

/**
 * The result of one SDP solve. The objective is the one the caller asked for: ⟨T,X⟩ for the
 * trace-constrained problem, ⟨T,X⟩ − μ·tr X for the penalised one.
 *
 * @param x              the primal matrix: symmetric, rows sum to one (and tr X = m) exactly; PSD and
 *                       entrywise nonnegative up to {@code primalResidual}
 * @param objective      the primal objective at {@code x}
 * @param dualBound      a certified upper bound on the optimum, from the dual certificate (y, S ⪰ 0, Z ≥ 0)
 *                       with its residual R bounded over the feasible set (docs/clustering.md)
 * @param primalResidual max(‖X − Π_psd(X)‖, ‖min(X,0)‖) / (1 + ‖X‖), Frobenius norms
 * @param dualResidual   ‖C − A*y − S − Z‖ / (1 + ‖C‖) on the scaled problem
 * @param dualityGap     |dualBound − objective| / (1 + |objective| + |dualBound|)
 * @param iterations     ADMM iterations run
 * @param converged      whether all three measures reached the tolerance
 */
public record SdpSolution(double[][] x, double objective, double dualBound, double primalResidual,
        double dualResidual, double dualityGap, int iterations, boolean converged) {

    /** tr X: the (possibly fractional) number of groups the relaxation chose. */
    public double trace() {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i][i];
        }
        return s;
    }
}
