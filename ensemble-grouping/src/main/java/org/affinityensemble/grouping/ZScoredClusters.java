package org.affinityensemble.grouping;

import java.util.List;
import java.util.Random;

/**
 * A synthetic affinity matrix shaped like the affinity service's output (docs/adr/0042): raw benefit 1 between
 * tasks of one related cluster and 0 otherwise, plus Gaussian noise, then every row z-scored over its off-diagonal
 * entries with the population standard deviation (the diagonal stays 0) and the result symmetrised. Rows of tasks without relatives become pure noise of unit variance,
 * which is what makes choosing m hard for real data (docs/clustering.md).
 */
public final class ZScoredClusters {

    /** The benchmark's ten tasks grouped as DATASETS.md expects: three related clusters and three loners. */
    public static final List<List<Integer>> BENCHMARK_SHAPE = List.of(List.of(0, 3), List.of(2, 6, 8), List.of(4, 9),
            List.of(1), List.of(5), List.of(7));

    private ZScoredClusters() {
    }

    /**
     * @param clusters a partition of 0..n−1; singletons are unrelated tasks
     * @param noise    standard deviation of the raw noise (the related benefit is 1)
     * @param seed     random seed
     */
    public static double[][] generate(List<List<Integer>> clusters, double noise, long seed) {
        int n = clusters.stream().mapToInt(List::size).sum();
        int[] cluster = new int[n];
        for (int c = 0; c < clusters.size(); c++) {
            for (int task : clusters.get(c)) {
                cluster[task] = c;
            }
        }
        Random random = new Random(seed);
        double[][] z = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] raw = new double[n];
            double mean = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    raw[j] = (cluster[i] == cluster[j] ? 1.0 : 0.0) + noise * random.nextGaussian();
                    mean += raw[j] / (n - 1);
                }
            }
            double variance = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    variance += (raw[j] - mean) * (raw[j] - mean) / (n - 1);
                }
            }
            for (int j = 0; j < n; j++) {
                z[i][j] = j == i ? 0 : (raw[j] - mean) / Math.sqrt(variance);
            }
        }
        double[][] symmetric = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                symmetric[i][j] = 0.5 * (z[i][j] + z[j][i]);
            }
        }
        return symmetric;
    }
}
