package org.affinityensemble.grouping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A synthetic affinity matrix with a planted partition: T_ij = +1 inside a block, −0.5 across blocks, plus
 * symmetric Gaussian noise of standard deviation {@code noise}; zero diagonal. Block sizes are random (at least
 * two tasks each) and block members are scattered over the indices, so that no method can profit from order.
 *
 * @param matrix the affinity matrix
 * @param labels the planted block of each task
 * @param blocks the number of blocks
 */
public record PlantedBlocks(double[][] matrix, int[] labels, int blocks) {

    /** Affinity inside a block. */
    public static final double WITHIN = 1.0;
    /** Affinity across blocks. */
    public static final double ACROSS = -0.5;

    /**
     * @param n      number of tasks, at least 2·blocks
     * @param blocks number of planted blocks
     * @param noise  standard deviation of the symmetric Gaussian noise
     * @param seed   random seed: equal arguments give equal matrices
     */
    public static PlantedBlocks generate(int n, int blocks, double noise, long seed) {
        if (blocks < 1 || n < 2 * blocks) {
            throw new IllegalArgumentException("need at least two tasks per block: n=" + n + " blocks=" + blocks);
        }
        Random random = new Random(seed);
        List<Integer> assignment = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            assignment.add(i < 2 * blocks ? i / 2 : random.nextInt(blocks));
        }
        Collections.shuffle(assignment, random);
        int[] labels = assignment.stream().mapToInt(Integer::intValue).toArray();
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double value = (labels[i] == labels[j] ? WITHIN : ACROSS) + noise * random.nextGaussian();
                t[i][j] = value;
                t[j][i] = value;
            }
        }
        return new PlantedBlocks(t, labels, blocks);
    }

    /** The planted partition as groups of task indices, ordered by their first member. */
    public List<List<Integer>> groups() {
        List<List<Integer>> groups = new ArrayList<>();
        int[] groupOfBlock = new int[blocks];
        java.util.Arrays.fill(groupOfBlock, -1);
        for (int i = 0; i < labels.length; i++) {
            if (groupOfBlock[labels[i]] < 0) {
                groupOfBlock[labels[i]] = groups.size();
                groups.add(new ArrayList<>());
            }
            groups.get(groupOfBlock[labels[i]]).add(i);
        }
        return groups;
    }
}
