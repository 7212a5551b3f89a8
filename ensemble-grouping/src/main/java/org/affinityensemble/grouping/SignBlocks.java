package org.affinityensemble.grouping;

import java.util.List;
import java.util.Random;

/**
 * A synthetic affinity matrix with a planted partition: +1 between tasks of one group, −1 across groups, plus
 * symmetric Gaussian noise; zero diagonal. Unlike {@link ZScoredClusters} the rows are not z-scored, and unlike
 * {@link PlantedBlocks} the partition is given, so that a shape (for example 2 + 2 + 1 + 1) can be studied seed by
 * seed.
 */
public final class SignBlocks {

    private SignBlocks() {
    }

    /**
     * @param groups a partition of 0..n−1
     * @param noise  standard deviation of the noise added to each pair (once, both ways)
     * @param seed   random seed: equal arguments give equal matrices
     */
    public static double[][] generate(List<List<Integer>> groups, double noise, long seed) {
        int n = groups.stream().mapToInt(List::size).sum();
        int[] labels = Partitions.labels(groups, n);
        Random random = new Random(seed);
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                t[i][j] = (labels[i] == labels[j] ? 1 : -1) + noise * random.nextGaussian();
                t[j][i] = t[i][j];
            }
        }
        return t;
    }
}
