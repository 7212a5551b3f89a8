package org.affinityensemble.grouping;

import java.util.Arrays;

/**
 * Robust estimates of the noise in an affinity matrix with the Rousseeuw–Croux scale estimator Qn: the k-th
 * smallest of the pairwise distances |x_a − x_b|, k = C(h, 2), h = ⌊m/2⌋ + 1 for m values, times 2.2219 and a
 * small-sample factor d_m, so that it estimates the standard deviation of Gaussian noise (docs/adr/0031).
 * Estimated per task (row), because z-scoring per task makes the row of a task without relatives pure noise of unit
 * variance while the rows of tasks with relatives are tight apart from those relatives.
 *
 * <p>Why Qn and not the median absolute deviation (MAD): a task's row is bimodal, its relatives at one level and
 * the unrelated tasks at another. The MAD measures spread around the median, and when the task's group holds
 * about half the tasks the median falls between the two levels, so the MAD measures the distance between them and
 * a clean block looks like noise (a group of 4 among 7 tasks was split into singletons). Qn needs no location:
 * with two levels of a and b entries (a + b = m ≥ 5), C(a,2) + C(b,2) ≥ k of the pairwise distances lie within a
 * level, so Qn measures the spread within the levels however the row is split between them. (It reads high when
 * the split is even, because fewer of the distances lie within a level: about 3× the noise for 3 + 3, 2.4× for
 * 4 + 5, 1.3× for 1 + 8; the MAD read the distance between the levels instead.) It is also more efficient than the
 * MAD on unimodal rows (82 % against 37 % for Gaussian noise), the rows of tasks without relatives.
 */
public final class NoiseScale {

    /** 1/(√2·Φ⁻¹(5/8)): Qn's consistency factor for Gaussian noise (Rousseeuw &amp; Croux 1993). */
    private static final double QN_TO_SIGMA = 2.2219;
    /**
     * Small-sample factors d_m for m = 2..9 values (Croux &amp; Rousseeuw 1992); above 9, m/(m + 1.4) for odd and
     * m/(m + 3.8) for even m. Checked by simulation: Qn's mean on Gaussian rows is within 0.3 % of σ for m ≤ 9 and
     * within 0.8 % above.
     */
    private static final double[] SMALL_SAMPLE = {Double.NaN, Double.NaN, 0.399, 0.994, 0.512, 0.844, 0.611, 0.857,
        0.669, 0.872};
    /**
     * Matrices of at most this many tasks use the pooled estimate for every row (docs/adr/0123). Qn needs at least 5
     * entries to measure the spread within the levels of a row (with 4 split 2 + 2 it measures the distance between
     * them), so at most 5 tasks are always pooled; on rows of 5–7 entries it is so imprecise that weak pairs never
     * beat z = 2 of it: a sample of the demo's six tasks, each family partner first in its row, came out as six
     * singletons. On z-scored matrices of 6–8 tasks with pairs or triples the pooled estimate finds the planted
     * groups far more often, at the price of more chance pairs among matrices of loners only ({@code bin/ensemble
     * bench count-rule}); from nine tasks on the per-row estimate is as good or better.
     */
    public static final int POOLED_UP_TO_TASKS = 8;
    /** Below this the per-row Qn breaks down whatever the setting. */
    public static final int MIN_POOLED_UP_TO_TASKS = 5;

    private NoiseScale() {
    }

    /** σ̂ (Qn) of all upper off-diagonal entries of a symmetric matrix; 0 for n &lt; 3 or constant entries. */
    public static double pooled(double[][] t) {
        int n = t.length;
        if (n < 2) {
            return 0.0;
        }
        double[] entries = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                entries[k++] = t[i][j];
            }
        }
        return qn(entries);
    }

    /** σ̂_i (Qn) of each row's off-diagonal entries (the pooled σ̂ for every row when n ≤ 8). */
    public static double[] perTask(double[][] t) {
        return perTask(t, POOLED_UP_TO_TASKS);
    }

    /** σ̂_i (Qn) of each row's off-diagonal entries, or the pooled σ̂ for every row when n ≤ {@code pooledUpTo}. */
    public static double[] perTask(double[][] t, int pooledUpTo) {
        requirePooledUpTo(pooledUpTo);
        int n = t.length;
        double[] sigma = new double[n];
        if (n <= pooledUpTo) {
            Arrays.fill(sigma, pooled(t));
            return sigma;
        }
        for (int i = 0; i < n; i++) {
            double[] row = new double[n - 1];
            int k = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    row[k++] = t[i][j];
                }
            }
            sigma[i] = qn(row);
        }
        return sigma;
    }

    /** {@code pooledUpTo}, unless it would leave matrices of at most 5 tasks to the per-row Qn, which fails there. */
    static int requirePooledUpTo(int pooledUpTo) {
        if (pooledUpTo < MIN_POOLED_UP_TO_TASKS) {
            throw new IllegalArgumentException("matrices of at most " + MIN_POOLED_UP_TO_TASKS
                    + " tasks must use the pooled noise scale, got " + pooledUpTo);
        }
        return pooledUpTo;
    }

    /** V_ij = (σ̂_i² + σ̂_j²)/2 off the diagonal, 0 on it: the noise variance attributed to T_ij. */
    public static double[][] pairVariances(double[][] t) {
        return pairVariances(t, POOLED_UP_TO_TASKS);
    }

    /** As {@link #pairVariances(double[][])}, pooling σ̂ for matrices of at most {@code pooledUpTo} tasks. */
    public static double[][] pairVariances(double[][] t, int pooledUpTo) {
        double[] sigma = perTask(t, pooledUpTo);
        int n = t.length;
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                v[i][j] = i == j ? 0.0 : 0.5 * (sigma[i] * sigma[i] + sigma[j] * sigma[j]);
            }
        }
        return v;
    }

    /**
     * Qn of the values: d_m · 2.2219 · the k-th smallest |x_a − x_b| over a &lt; b, k = C(⌊m/2⌋ + 1, 2); 0 for fewer
     * than two values. O(m² log m), a few milliseconds for all rows at n = 100.
     */
    static double qn(double[] values) {
        int m = values.length;
        if (m < 2) {
            return 0.0;
        }
        double[] distances = new double[m * (m - 1) / 2];
        int d = 0;
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                distances[d++] = Math.abs(values[a] - values[b]);
            }
        }
        Arrays.sort(distances);
        int h = m / 2 + 1;
        int k = h * (h - 1) / 2;
        return smallSampleFactor(m) * QN_TO_SIGMA * distances[k - 1];
    }

    private static double smallSampleFactor(int m) {
        if (m < SMALL_SAMPLE.length) {
            return SMALL_SAMPLE[m];
        }
        return m % 2 == 1 ? m / (m + 1.4) : m / (m + 3.8);
    }
}
