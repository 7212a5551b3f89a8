package org.affinityensemble.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-task ensemble weights against independent references: a brute-force grid over two adapters (the
 * objective written out again here, not taken from the fitter), and the KKT conditions of the constrained problem
 * checked by central finite differences for five adapters.
 */
class EnsembleWeightFitterTest {

    private static final double LAMBDA = 0.05;

    @Test
    void twoAdaptersMatchABruteForceGrid() {
        Random random = new Random(7);
        int[] labels = randomLabels(random, 80, 3);
        ExampleLogits logits = new ExampleLogits(new float[][][] {informative(random, labels, 3, 2.0, 3.0),
                informative(random, labels, 3, 1.0, 3.0)}, labels);
        double[] prior = {1, 0.2};

        EnsembleWeightFitter.Fit fit = EnsembleWeightFitter.withLambda(LAMBDA).fit(logits, prior);
        double[] grid = gridMinimum(logits, prior);

        assertThat(fit.converged()).isTrue();
        assertThat(fit.weights()[0]).isCloseTo(grid[0], within(2e-3));
        assertThat(fit.weights()[1]).isCloseTo(grid[1], within(2e-3));
        assertThat(fit.objective()).isLessThanOrEqualTo(reference(logits, prior, grid) + 1e-9);
        assertThat(fit.weights()[0]).as("the data moved the weights away from the prior").isNotCloseTo(1, within(0.05));
    }

    @Test
    void aHarmfulAdapterGetsExactlyZeroWeightAsTheGridSays() {
        Random random = new Random(11);
        int[] labels = randomLabels(random, 60, 2);
        int[] wrong = labels.clone();
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = 1 - wrong[i];
        }
        ExampleLogits logits = new ExampleLogits(new float[][][] {informative(random, labels, 2, 1.5, 2.0),
                informative(random, wrong, 2, 1.5, 2.0)}, labels);
        double[] prior = {1, 0.2};

        EnsembleWeightFitter.Fit fit = EnsembleWeightFitter.withLambda(LAMBDA).fit(logits, prior);
        double[] grid = gridMinimum(logits, prior);

        assertThat(grid[1]).isZero();
        assertThat(fit.weights()[1]).isZero();
        assertThat(fit.weights()[0]).isCloseTo(grid[0], within(2e-3));
    }

    @Test
    void fiveAdaptersSatisfyTheKktConditionsByFiniteDifferences() {
        Random random = new Random(3);
        int[] labels = randomLabels(random, 120, 4);
        float[][][] byAdapter = new float[5][][];
        double[] strengths = {2.0, 0.5, 0.0, 1.0, -1.0};
        for (int k = 0; k < 5; k++) {
            byAdapter[k] = informative(random, labels, 4, strengths[k], 2.5);
        }
        ExampleLogits logits = new ExampleLogits(byAdapter, labels);
        double[] prior = {1, 0, 0, 0.2, 0.2};

        double[] w = EnsembleWeightFitter.withLambda(LAMBDA).fit(logits, prior).weights();

        double h = 1e-5;
        boolean someAtZero = false;
        for (int k = 0; k < 5; k++) {
            assertThat(w[k]).isGreaterThanOrEqualTo(0);
            double[] up = w.clone();
            double[] down = w.clone();
            up[k] += h;
            down[k] = Math.max(0, down[k] - h);
            double derivative = (reference(logits, prior, up) - reference(logits, prior, down)) / (up[k] - down[k]);
            if (w[k] > 1e-6) {
                assertThat(derivative).as("stationary in w_%d", k).isCloseTo(0, within(1e-4));
            } else {
                someAtZero = true;
                assertThat(derivative).as("no descent into w_%d > 0", k).isGreaterThan(-1e-4);
            }
        }
        assertThat(someAtZero).as("the adversarial adapter is switched off").isTrue();
    }

    @Test
    void aStrongPenaltyKeepsThePriorAndAWeakOneFollowsTheData() {
        Random random = new Random(5);
        int[] labels = randomLabels(random, 50, 2);
        ExampleLogits logits = new ExampleLogits(new float[][][] {informative(random, labels, 2, 0.3, 1.0),
                informative(random, labels, 2, 3.0, 1.0)}, labels);
        double[] prior = {1, 0};

        double[] strong = new EnsembleWeightFitter(1e4, 1e-9, 5_000).fit(logits, prior).weights();
        double[] weak = new EnsembleWeightFitter(1e-4, 1e-9, 5_000).fit(logits, prior).weights();

        assertThat(strong[0]).isCloseTo(1, within(1e-3));
        assertThat(strong[1]).isCloseTo(0, within(1e-3));
        assertThat(weak[1]).as("the informative adapter takes over").isGreaterThan(1);
    }

    /** The objective written out independently: mean cross-entropy of Σ w_k z_k plus λ‖w − w⁰‖². */
    private static double reference(ExampleLogits logits, double[] prior, double[] w) {
        double loss = 0;
        int n = logits.labels().length;
        for (int i = 0; i < n; i++) {
            int labelsCount = logits.byAdapter()[0][i].length;
            double[] s = new double[labelsCount];
            for (int k = 0; k < w.length; k++) {
                for (int l = 0; l < labelsCount; l++) {
                    s[l] += w[k] * logits.byAdapter()[k][i][l];
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double v : s) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : s) {
                sum += Math.exp(v - max);
            }
            loss += max + Math.log(sum) - s[logits.labels()[i]];
        }
        double penalty = 0;
        for (int k = 0; k < w.length; k++) {
            penalty += (w[k] - prior[k]) * (w[k] - prior[k]);
        }
        return loss / n + LAMBDA * penalty;
    }

    /** The minimum over [0, 4]² on a 0.01 grid, refined on a 0.0005 grid around it. */
    private static double[] gridMinimum(ExampleLogits logits, double[] prior) {
        double[] best = search(logits, prior, 0, 4, 0, 4, 0.01);
        return search(logits, prior, Math.max(0, best[0] - 0.02), best[0] + 0.02, Math.max(0, best[1] - 0.02),
                best[1] + 0.02, 0.0005);
    }

    private static double[] search(ExampleLogits logits, double[] prior, double a0, double a1, double b0, double b1,
            double step) {
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int i = 0; a0 + i * step <= a1 + 1e-12; i++) {
            for (int j = 0; b0 + j * step <= b1 + 1e-12; j++) {
                double[] w = {a0 + i * step, b0 + j * step};
                double value = reference(logits, prior, w);
                if (value < bestValue) {
                    bestValue = value;
                    best = w;
                }
            }
        }
        return best;
    }

    private static int[] randomLabels(Random random, int n, int labels) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(labels);
        }
        return y;
    }

    /** Noise of the given scale plus {@code signal} on the given labels' logits. */
    private static float[][] informative(Random random, int[] labels, int labelCount, double signal, double noise) {
        float[][] z = new float[labels.length][labelCount];
        for (int i = 0; i < labels.length; i++) {
            for (int l = 0; l < labelCount; l++) {
                z[i][l] = (float) (noise * random.nextGaussian());
            }
            z[i][labels[i]] += (float) signal;
        }
        return z;
    }
}
