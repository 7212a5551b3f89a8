package org.affinityensemble.training;

import org.affinityensemble.model.infer.Softmax;

/**
 * Learns one task's non-negative weights over the adapters of an ensemble (step 5 of the method; ADR 0071):
 * <pre>
 *   minimise  F(w) = (1/n) Σ_i [logsumexp(s_i) − s_{i,y_i}] + λ‖w − w⁰‖²   over w ≥ 0,   s_i = Σ_k w_k z_{k,i}
 * </pre>
 * on the task's validation examples, where z_k are adapter k's logits and w⁰ is the prior (1 for the task's
 * own group adapter, η for a boosting adapter fitted on its group, 0 otherwise). F is strictly convex (the
 * cross-entropy of a linear model is convex, the penalty strictly so), so the minimiser is unique. It is found by
 * cyclic coordinate descent: per coordinate a Newton step on the exact first and second derivatives, projected
 * onto w_k ≥ 0, with Armijo backtracking; it stops when the projected gradient max_k |w_k − max(0, w_k − ∂_kF)|
 * falls below the tolerance (the KKT conditions of the constrained problem). Thread-safe (stateless).
 */
public final class EnsembleWeightFitter {

    private static final double ARMIJO = 1e-4;

    private final double lambda;
    private final double tolerance;
    private final int maxSweeps;

    /**
     * @param lambda    λ &gt; 0, the pull toward the prior (also what keeps weights finite on separable data)
     * @param tolerance the projected-gradient norm at which the fit stops
     * @param maxSweeps the most passes over the coordinates
     */
    public EnsembleWeightFitter(double lambda, double tolerance, int maxSweeps) {
        if (!(lambda > 0) || !(tolerance > 0) || maxSweeps < 1) {
            throw new IllegalArgumentException("lambda and tolerance must be positive, maxSweeps at least 1");
        }
        this.lambda = lambda;
        this.tolerance = tolerance;
        this.maxSweeps = maxSweeps;
    }

    /** λ as given, tolerance 1e-7, at most 2,000 sweeps. */
    public static EnsembleWeightFitter withLambda(double lambda) {
        return new EnsembleWeightFitter(lambda, 1e-7, 2_000);
    }

    /** The fitted weights, the objective there, the sweeps used and whether the tolerance was reached. */
    public record Fit(double[] weights, double objective, int sweeps, boolean converged) {
    }

    public Fit fit(ExampleLogits logits, double[] prior) {
        int k = logits.adapters();
        if (prior.length != k) {
            throw new IllegalArgumentException(prior.length + " prior weights for " + k + " adapters");
        }
        if (logits.examples() == 0) {
            return new Fit(nonNegative(prior), 0, 0, true);
        }
        State state = new State(logits, prior, nonNegative(prior));
        for (int sweep = 1; sweep <= maxSweeps; sweep++) {
            for (int c = 0; c < k; c++) {
                state.updateCoordinate(c);
            }
            if (state.projectedGradientNorm() < tolerance) {
                return new Fit(state.w.clone(), state.objective(), sweep, true);
            }
        }
        return new Fit(state.w.clone(), state.objective(), maxSweeps, false);
    }

    private static double[] nonNegative(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.max(0, values[i]);
        }
        return out;
    }

    /** The iterate with its combined logits s kept up to date. */
    private final class State {
        private final ExampleLogits logits;
        private final double[] prior;
        private final double[] w;
        private final double[][] s;

        State(ExampleLogits logits, double[] prior, double[] w) {
            this.logits = logits;
            this.prior = prior;
            this.w = w;
            this.s = logits.combined(w);
        }

        double objective() {
            return Softmax.meanCrossEntropy(s, logits.labels()) + penalty();
        }

        private double penalty() {
            double sum = 0;
            for (int c = 0; c < w.length; c++) {
                sum += (w[c] - prior[c]) * (w[c] - prior[c]);
            }
            return lambda * sum;
        }

        /** {∂F/∂w_c, ∂²F/∂w_c²} at the current iterate. */
        double[] derivatives(int c) {
            float[][] z = logits.byAdapter()[c];
            int[] labels = logits.labels();
            double first = 0;
            double second = 0;
            for (int i = 0; i < labels.length; i++) {
                double[] p = Softmax.probabilities(s[i]);
                double mean = 0;
                double square = 0;
                for (int l = 0; l < p.length; l++) {
                    mean += p[l] * z[i][l];
                    square += p[l] * z[i][l] * z[i][l];
                }
                first += mean - z[i][labels[i]];
                second += square - mean * mean;
            }
            int n = labels.length;
            return new double[] {first / n + 2 * lambda * (w[c] - prior[c]), second / n + 2 * lambda};
        }

        void updateCoordinate(int c) {
            double[] d = derivatives(c);
            double step = Math.max(0, w[c] - d[0] / d[1]) - w[c];
            if (step == 0) {
                return;
            }
            double before = objective();
            for (double t = 1; t > 1e-12; t /= 2) {
                move(c, t * step);
                if (objective() <= before + ARMIJO * t * step * d[0]) {
                    return;
                }
                move(c, -t * step);
            }
        }

        private void move(int c, double delta) {
            w[c] += delta;
            float[][] z = logits.byAdapter()[c];
            for (int i = 0; i < s.length; i++) {
                for (int l = 0; l < s[i].length; l++) {
                    s[i][l] += delta * z[i][l];
                }
            }
        }

        double projectedGradientNorm() {
            double norm = 0;
            for (int c = 0; c < w.length; c++) {
                double g = derivatives(c)[0];
                norm = Math.max(norm, Math.abs(w[c] - Math.max(0, w[c] - g)));
            }
            return norm;
        }
    }
}
