package org.affinityensemble.grouping;

import java.util.List;
import java.util.function.Consumer;

/**
 * Exhaustive search over all set partitions of n tasks (restricted growth strings; Bell(n) of them: 21,147 for
 * n = 9, 115,975 for n = 10). The exact reference the SDP grouping is measured against for small n.
 */
public final class PartitionEnumerator {

    /** Largest n accepted: Bell(11) = 678,570 partitions still take well under a second. */
    public static final int MAX_TASKS = 11;

    /**
     * The best partition found and how many partitions were visited.
     *
     * @param groups  canonical groups of task indices
     * @param value   its objective (penalised when a penalty was asked for)
     * @param visited number of partitions whose objective was evaluated
     */
    public record Optimum(List<List<Integer>> groups, double value, long visited) {
    }

    private PartitionEnumerator() {
    }

    /** Calls {@code visitor} with the labels (a restricted growth string, reused between calls) of every partition. */
    public static void forEach(int n, Consumer<int[]> visitor) {
        if (n < 1 || n > MAX_TASKS) {
            throw new IllegalArgumentException("enumeration supports 1.." + MAX_TASKS + " tasks, got " + n);
        }
        int[] labels = new int[n];
        extend(labels, 1, 0, visitor);
    }

    private static void extend(int[] labels, int position, int maxLabel, Consumer<int[]> visitor) {
        if (position == labels.length) {
            visitor.accept(labels);
            return;
        }
        for (int label = 0; label <= maxLabel + 1; label++) {
            labels[position] = label;
            extend(labels, position + 1, Math.max(maxLabel, label), visitor);
        }
    }

    /** The partition into exactly m groups that maximises ClusteringObjective.value. */
    public static Optimum best(double[][] t, int m) {
        int n = AffinityMatrices.requireSquareFinite(t);
        if (m < 1 || m > n) {
            throw new IllegalArgumentException("the number of groups must be in 1.." + n + ", got " + m);
        }
        return search(t, m, GroupPenalty.perGroup(0.0));
    }

    /** The partition, with any number of groups, that maximises ClusteringObjective.penalised(t, ·, mu). */
    public static Optimum bestPenalised(double[][] t, double mu) {
        return bestPenalised(t, GroupPenalty.perGroup(mu));
    }

    /** The partition, with any number of groups, that maximises ClusteringObjective.penalised(t, ·, penalty). */
    public static Optimum bestPenalised(double[][] t, GroupPenalty penalty) {
        AffinityMatrices.requireSquareFinite(t);
        return search(t, -1, penalty);
    }

    private static Optimum search(double[][] t, int requiredCount, GroupPenalty penalty) {
        int n = t.length;
        double[] bestValue = {Double.NEGATIVE_INFINITY};
        int[] bestLabels = new int[n];
        long[] visited = {0};
        double[] sums = new double[n];
        double[] pairVarianceSums = new double[n];
        double[][] v = penalty.pairVariances();
        int[] sizes = new int[n];
        forEach(n, labels -> {
            int count = 0;
            for (int label : labels) {
                count = Math.max(count, label + 1);
            }
            if (requiredCount > 0 && count != requiredCount) {
                return;
            }
            visited[0]++;
            java.util.Arrays.fill(sums, 0, count, 0.0);
            java.util.Arrays.fill(pairVarianceSums, 0, count, 0.0);
            java.util.Arrays.fill(sizes, 0, count, 0);
            for (int i = 0; i < n; i++) {
                sizes[labels[i]]++;
                for (int j = 0; j < n; j++) {
                    if (labels[i] == labels[j]) {
                        sums[labels[i]] += t[i][j];
                        pairVarianceSums[labels[i]] += v == null ? 0.0 : v[i][j];
                    }
                }
            }
            double value = 0;
            for (int g = 0; g < count; g++) {
                value += sums[g] / sizes[g] - penalty.of(sizes[g], pairVarianceSums[g]);
            }
            if (value > bestValue[0]) {
                bestValue[0] = value;
                System.arraycopy(labels, 0, bestLabels, 0, n);
            }
        });
        return new Optimum(Partitions.canonical(Partitions.fromLabels(bestLabels)), bestValue[0], visited[0]);
    }
}
