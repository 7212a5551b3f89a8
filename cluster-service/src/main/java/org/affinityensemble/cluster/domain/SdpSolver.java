package org.affinityensemble.cluster.domain;

/**
 * Solves the clustering SDP relaxation
 * <pre>
 *   maximise ⟨T,X⟩ − μ·tr X   subject to  X ⪰ 0,  X ≥ 0 entrywise,  X·1 = 1  [and tr X = m]
 * </pre>
 * by a two-block ADMM on the splitting X (affine set) = Y (PSD cone) = W (nonnegative orthant): the X-step is
 * an affine projection, the Y-step an eigen-decomposition (EJML), the W-step a clamp. The penalty ρ is adapted by
 * residual balancing. Termination is decided by a genuine dual certificate (y, S = Π_psd(−ρU), Z = max(−ρV,0)):
 * the relative primal residual, dual residual and duality gap must all fall to the tolerance. See
 * docs/clustering.md and docs/adr/0030.
 */
public final class SdpSolver {

    private static final int BALANCE_EVERY = 10;
    private static final double BALANCE_RATIO = 5.0;
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
        int n = t.length;
        if (n == 1) {
            double objective = t[0][0] - mu;
            return new SdpSolution(new double[][] {{1.0}}, objective, objective, 0, 0, 0, 0, true);
        }
        return new Run(t, mu, traceM).iterate();
    }

    /** The state of one ADMM run on the problem scaled so that max |C_ij| = 1. */
    private final class Run {
        private final int n;
        private final double scale;
        private final double[] c;
        private final double cNorm;
        private final AffineConstraints constraints;
        private final PsdCone cone;
        private final double[] x;
        private final double[] y;
        private final double[] w;
        private final double[] u;
        private final double[] v;
        private double rho = settings.initialRho();

        Run(double[][] t, double mu, double traceM) {
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
            cone = new PsdCone(n);
            x = startingPoint(Double.isNaN(traceM) ? n / 2.0 : traceM);
            y = x.clone();
            w = x.clone();
            u = new double[n * n];
            v = new double[n * n];
        }

        /** X₀ = aI + b11ᵀ with unit row sums and trace m: feasible for every constraint. */
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
                    z[k] = 0.5 * ((y[k] - u[k]) + (w[k] - v[k])) - c[k] / (2 * rho);
                }
                System.arraycopy(z, 0, x, 0, z.length);
                constraints.project(x);
                for (int k = 0; k < z.length; k++) {
                    z[k] = x[k] + u[k];
                }
                cone.project(z, y);
                for (int k = 0; k < z.length; k++) {
                    w[k] = Math.max(x[k] + v[k], 0.0);
                    double dy = x[k] - y[k];
                    double dw = x[k] - w[k];
                    u[k] += dy;
                    v[k] += dw;
                }
                double primal = primalResidual();
                double dual = rho * changeNorm(yOld, wOld) / (1 + cNorm);
                if (primal <= settings.tolerance() && dual <= settings.tolerance()
                        && iteration - lastCertified >= CERTIFY_EVERY) {
                    lastCertified = iteration;
                    Certificate certificate = certify();
                    if (certificate.meets(settings.tolerance())) {
                        return certificate.solution(iteration, true);
                    }
                }
                if (iteration % BALANCE_EVERY == 0) {
                    balance(primal, dual);
                }
            }
            return certify().solution(iteration, false);
        }

        private void balance(double primal, double dual) {
            double factor = 1.0;
            if (primal > BALANCE_RATIO * dual) {
                factor = 2.0;
            } else if (dual > BALANCE_RATIO * primal) {
                factor = 0.5;
            }
            if (factor != 1.0) {
                rho *= factor;
                for (int k = 0; k < u.length; k++) {
                    u[k] /= factor;
                    v[k] /= factor;
                }
            }
        }

        private double primalResidual() {
            double toPsd = 0;
            double toNonnegative = 0;
            for (int k = 0; k < x.length; k++) {
                double dy = x[k] - y[k];
                double dw = x[k] - w[k];
                toPsd += dy * dy;
                toNonnegative += dw * dw;
            }
            return Math.sqrt(Math.max(toPsd, toNonnegative)) / (1 + norm(x));
        }

        private double changeNorm(double[] yOld, double[] wOld) {
            double s = 0;
            for (int k = 0; k < y.length; k++) {
                double d = (y[k] - yOld[k]) + (w[k] - wOld[k]);
                s += d * d;
            }
            return Math.sqrt(s);
        }

        /**
         * Builds the dual certificate from the scaled multipliers: S = Π_psd(−ρU) ⪰ 0, Z = max(−ρV, 0) ≥ 0,
         * y = least-squares solution of A*y = C − S − Z, R = C − S − Z − A*y. For every feasible X,
         * ⟨C,X⟩ = bᵀy + ⟨S,X⟩ + ⟨Z,X⟩ + ⟨R,X⟩ ≥ bᵀy + Σᵢ minⱼ Rᵢⱼ, because each row of X is a probability vector.
         */
        private Certificate certify() {
            double[] s = new double[n * n];
            double[] negRhoU = new double[n * n];
            for (int k = 0; k < u.length; k++) {
                negRhoU[k] = -rho * u[k];
            }
            cone.project(negRhoU, s);
            double[] r = new double[n * n];
            for (int k = 0; k < r.length; k++) {
                r[k] = c[k] - s[k] - Math.max(-rho * v[k], 0.0);
            }
            double[] multipliers = constraints.rangeCoefficients(r);
            constraints.addAdjoint(multipliers, -1.0, r);
            double[] b = constraints.rhs();
            double lowerBound = 0;
            for (int k = 0; k < b.length; k++) {
                lowerBound += b[k] * multipliers[k];
            }
            for (int i = 0; i < n; i++) {
                double rowMin = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    rowMin = Math.min(rowMin, r[i * n + j]);
                }
                lowerBound += rowMin;
            }
            double primalMin = 0;
            for (int k = 0; k < c.length; k++) {
                primalMin += c[k] * x[k];
            }
            double objective = -scale * primalMin;
            double bound = -scale * lowerBound;
            double gap = Math.abs(bound - objective) / (1 + Math.abs(objective) + Math.abs(bound));
            return new Certificate(objective, bound, primalResidual(), norm(r) / (1 + cNorm), gap);
        }

        private double[][] matrix(double[] flat) {
            double[][] out = new double[n][n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * n, out[i], 0, n);
            }
            return out;
        }

        /** The figures of one dual certificate, with the primal point they were computed at. */
        private final class Certificate {
            private final double objective;
            private final double bound;
            private final double primalResidual;
            private final double dualResidual;
            private final double gap;

            Certificate(double objective, double bound, double primalResidual, double dualResidual, double gap) {
                this.objective = objective;
                this.bound = bound;
                this.primalResidual = primalResidual;
                this.dualResidual = dualResidual;
                this.gap = gap;
            }

            boolean meets(double tolerance) {
                return primalResidual <= tolerance && dualResidual <= tolerance && gap <= tolerance;
            }

            SdpSolution solution(int iterations, boolean converged) {
                return new SdpSolution(matrix(x), objective, bound, primalResidual, dualResidual, gap, iterations,
                        converged);
            }
        }
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double value : a) {
            s += value * value;
        }
        return Math.sqrt(s);
    }
}
