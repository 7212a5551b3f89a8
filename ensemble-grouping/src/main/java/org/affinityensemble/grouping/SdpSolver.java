package org.affinityensemble.grouping;

/**
 * Solves the clustering SDP relaxation
 * <pre>
 *   maximise ⟨T,X⟩ − μ·tr X   subject to  X ⪰ 0,  X ≥ 0 entrywise,  X·1 = 1  [and tr X = m]
 * </pre>
 * by a two-block ADMM on the splitting X (affine set) = Y (PSD cone) = W (nonnegative orthant): the X-step is
 * an affine projection, the Y-step an eigen-decomposition (EJML), the W-step a clamp; over-relaxed, with the
 * penalty ρ adapted by residual balancing. Termination is decided by an {@link OptimalityCertificate} built from
 * the scaled duals (S̃ = −ρU, Z̃ = −ρV): the relative primal residual, dual residual and duality gap must all reach
 * the tolerance. See docs/clustering.md and docs/adr/0030.
 */
public final class SdpSolver {

    /** Over-relaxation factor (Boyd et al. 2011, §3.4.3). */
    private static final double ALPHA = 1.6;
    /**
     * Residual balancing: ρ is doubled or halved when one residual is twice the other, checked first after 50
     * iterations; every change doubles the wait before the next check, so that ρ settles (ADMM converges only once
     * ρ stops changing; flip-flopping ρ was seen to trap it in a cycle).
     */
    private static final int FIRST_BALANCE = 50;
    private static final double BALANCE_RATIO = 2.0;
    /** The per-iteration dual residual overestimates the certified one; certify once it is within this factor. */
    private static final double CHEAP_DUAL_SLACK = 2.0;
    private static final int CERTIFY_EVERY = 10;

    private final SdpSettings settings;

    public SdpSolver() {
        this(SdpSettings.defaults());
    }

    public SdpSolver(SdpSettings settings) {
        this.settings = settings;
    }

    /** Maximises ⟨T,X⟩ with tr X = m (1 ≤ m ≤ n). T is symmetrised first. */
    public SdpSolution solveWithTrace(double[][] t, int m) {
        int n = AffinityMatrices.requireSquareFinite(t);
        if (m < 1 || m > n) {
            throw new IllegalArgumentException("the number of groups must be in 1.." + n + ", got " + m);
        }
        return solve(AffinityMatrices.symmetrised(t), 0.0, m);
    }

    /** Maximises ⟨T,X⟩ − μ·tr X with no trace constraint: μ is the price of one more group. */
    public SdpSolution solveWithPenalty(double[][] t, double mu) {
        AffinityMatrices.requireSquareFinite(t);
        if (!Double.isFinite(mu)) {
            throw new IllegalArgumentException("the trace penalty must be finite, got " + mu);
        }
        return solve(AffinityMatrices.symmetrised(t), mu, Double.NaN);
    }

    private SdpSolution solve(double[][] t, double mu, double traceM) {
        if (t.length == 1) {
            double objective = t[0][0] - mu;
            return new SdpSolution(new double[][] {{1.0}}, objective, objective, 0, 0, 0, 0, true);
        }
        return new Run(new ScaledProblem(t, mu, traceM), Double.isNaN(traceM) ? t.length / 2.0 : traceM).iterate();
    }

    /** The iterates of one ADMM run; U and V are the scaled duals of X = Y and X = W. */
    private final class Run {
        private final ScaledProblem problem;
        private final int n;
        private final PsdCone cone;
        private final double[] x;
        private final double[] y;
        private final double[] w;
        private final double[] u;
        private final double[] v;
        private double rho = settings.initialRho();
        private int balanceWait = FIRST_BALANCE;
        private int nextBalance = FIRST_BALANCE;

        Run(ScaledProblem problem, double startTrace) {
            this.problem = problem;
            this.n = problem.n;
            this.cone = new PsdCone(n);
            this.x = startingPoint(startTrace);
            this.y = x.clone();
            this.w = x.clone();
            this.u = new double[n * n];
            this.v = new double[n * n];
        }

        /** X₀ = aI + b11ᵀ with unit row sums and trace m: inside every constraint. */
        private double[] startingPoint(double m) {
            double b = (n - m) / (n * (n - 1.0));
            double a = m / n - b;
            double[] start = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    start[i * n + j] = b + (i == j ? a : 0.0);
                }
            }
            return start;
        }

        SdpSolution iterate() {
            double[] z = new double[n * n];
            double[] yOld = new double[n * n];
            double[] wOld = new double[n * n];
            int lastCertified = -CERTIFY_EVERY;
            int iteration = 0;
            while (iteration < settings.maxIterations()) {
                iteration++;
                System.arraycopy(y, 0, yOld, 0, y.length);
                System.arraycopy(w, 0, wOld, 0, w.length);
                for (int k = 0; k < z.length; k++) {
                    x[k] = 0.5 * ((y[k] - u[k]) + (w[k] - v[k])) - problem.c[k] / (2 * rho);
                }
                problem.constraints.project(x);
                for (int k = 0; k < z.length; k++) {
                    z[k] = ALPHA * x[k] + (1 - ALPHA) * yOld[k] + u[k];
                }
                cone.project(z, y);
                for (int k = 0; k < z.length; k++) {
                    double relaxed = ALPHA * x[k] + (1 - ALPHA) * wOld[k];
                    w[k] = Math.max(relaxed + v[k], 0.0);
                    u[k] = z[k] - y[k];
                    v[k] += relaxed - w[k];
                }
                double primal = splittingResidual();
                double dual = rho * changeNorm(yOld, wOld) / (1 + problem.cNorm);
                if (primal <= settings.tolerance() && dual <= CHEAP_DUAL_SLACK * settings.tolerance()
                        && iteration - lastCertified >= CERTIFY_EVERY) {
                    lastCertified = iteration;
                    OptimalityCertificate certificate = certify();
                    if (certificate.meets(settings.tolerance())) {
                        return solution(certificate, iteration, true);
                    }
                }
                if (iteration == nextBalance) {
                    balance(primal, dual);
                    nextBalance = iteration + balanceWait;
                }
            }
            return solution(certify(), iteration, false);
        }

        private void balance(double primal, double dual) {
            double factor = 1.0;
            if (primal > BALANCE_RATIO * dual) {
                factor = 2.0;
            } else if (dual > BALANCE_RATIO * primal) {
                factor = 0.5;
            }
            if (factor != 1.0) {
                balanceWait *= 2;
                rho *= factor;
                for (int k = 0; k < u.length; k++) {
                    u[k] /= factor;
                    v[k] /= factor;
                }
            }
        }

        /** max(‖X − Y‖, ‖X − W‖) / (1 + ‖X‖): how far the three copies disagree. */
        private double splittingResidual() {
            double toPsd = 0;
            double toNonnegative = 0;
            for (int k = 0; k < x.length; k++) {
                double dy = x[k] - y[k];
                double dw = x[k] - w[k];
                toPsd += dy * dy;
                toNonnegative += dw * dw;
            }
            return Math.sqrt(Math.max(toPsd, toNonnegative)) / (1 + ScaledProblem.norm(x));
        }

        private double changeNorm(double[] yOld, double[] wOld) {
            double s = 0;
            for (int k = 0; k < y.length; k++) {
                double d = (y[k] - yOld[k]) + (w[k] - wOld[k]);
                s += d * d;
            }
            return Math.sqrt(s);
        }

        private OptimalityCertificate certify() {
            double[] psdMultiplier = new double[n * n];
            double[] nonnegativeMultiplier = new double[n * n];
            for (int k = 0; k < u.length; k++) {
                psdMultiplier[k] = -rho * u[k];
                nonnegativeMultiplier[k] = -rho * v[k];
            }
            return OptimalityCertificate.of(problem, cone, x, psdMultiplier, nonnegativeMultiplier);
        }

        private SdpSolution solution(OptimalityCertificate certificate, int iterations, boolean converged) {
            double[][] matrix = new double[n][n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, i * n, matrix[i], 0, n);
            }
            return new SdpSolution(matrix, certificate.objective(), certificate.bound(),
                    certificate.primalResidual(), certificate.dualResidual(), certificate.gap(), iterations,
                    converged);
        }
    }
}
