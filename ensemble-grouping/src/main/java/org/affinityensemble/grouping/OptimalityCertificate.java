package org.affinityensemble.grouping;

/**
 * Proof of near-optimality for a primal point X (which satisfies A(X) = b exactly) and multiplier estimates of the
 * scaled problem. The dual certificate is S = Π_psd(S̃) ⪰ 0, Z = max(Z̃, 0) ≥ 0, y = the least-squares solution of
 * A*y = C − S − Z, and the residual R = C − S − Z − A*y. For every feasible X',
 * ⟨C,X'⟩ = bᵀy + ⟨S,X'⟩ + ⟨Z,X'⟩ + ⟨R,X'⟩ ≥ bᵀy + Σᵢ minⱼ Rᵢⱼ, since each row of X' is a probability vector; so
 * {@code bound} is a certified upper bound on the caller's (maximised) optimum even when R ≠ 0.
 *
 * @param objective      the caller's objective at X
 * @param bound          certified upper bound on the caller's optimum
 * @param primalResidual max(‖X − Π_psd(X)‖, ‖min(X, 0)‖) / (1 + ‖X‖)
 * @param dualResidual   ‖R‖ / (1 + ‖C‖)
 * @param gap            |bound − objective| / (1 + |objective| + |bound|)
 */
record OptimalityCertificate(double objective, double bound, double primalResidual, double dualResidual,
        double gap) {

    /**
     * @param problem       the scaled problem
     * @param cone          a PSD projector of the problem's size
     * @param x             the primal point
     * @param psdMultiplier S̃, the estimate of the PSD-cone multiplier
     * @param nonnegativeMultiplier Z̃, the estimate of the nonnegativity multiplier
     */
    static OptimalityCertificate of(ScaledProblem problem, PsdCone cone, double[] x, double[] psdMultiplier,
            double[] nonnegativeMultiplier) {
        int n = problem.n;
        double[] s = new double[n * n];
        cone.project(psdMultiplier, s);
        double[] r = new double[n * n];
        for (int k = 0; k < r.length; k++) {
            r[k] = problem.c[k] - s[k] - Math.max(nonnegativeMultiplier[k], 0.0);
        }
        double[] y = problem.constraints.rangeCoefficients(r);
        problem.constraints.addAdjoint(y, -1.0, r);
        double[] b = problem.constraints.rhs();
        double lowerBound = 0;
        for (int k = 0; k < b.length; k++) {
            lowerBound += b[k] * y[k];
        }
        for (int i = 0; i < n; i++) {
            double rowMin = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                rowMin = Math.min(rowMin, r[i * n + j]);
            }
            lowerBound += rowMin;
        }
        double objective = problem.objective(x);
        double bound = -problem.scale * lowerBound;
        double gap = Math.abs(bound - objective) / (1 + Math.abs(objective) + Math.abs(bound));
        double dualResidual = ScaledProblem.norm(r) / (1 + problem.cNorm);
        return new OptimalityCertificate(objective, bound, primalInfeasibility(cone, x), dualResidual, gap);
    }

    private static double primalInfeasibility(PsdCone cone, double[] x) {
        double[] psd = new double[x.length];
        cone.project(x, psd);
        double toPsd = 0;
        double toNonnegative = 0;
        for (int k = 0; k < x.length; k++) {
            double d = x[k] - psd[k];
            double negative = Math.min(x[k], 0.0);
            toPsd += d * d;
            toNonnegative += negative * negative;
        }
        return Math.sqrt(Math.max(toPsd, toNonnegative)) / (1 + ScaledProblem.norm(x));
    }

    boolean meets(double tolerance) {
        return primalResidual <= tolerance && dualResidual <= tolerance && gap <= tolerance;
    }
}
