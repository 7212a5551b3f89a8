package org.affinityensemble.affinity;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the task-affinity matrix T from subset estimates (definition in docs/affinity.md):
 * <ol>
 * <li>raw R_ij = mean of score_i(S) over the subsets S holding both i and j, where score is the metric's
 * larger-is-better estimate for task i (so a large R_ij means "training with j helps i");</li>
 * <li>per row i, z-score over the covered j ≠ i with the population standard deviation; a row with fewer than
 * two covered partners or no spread gets zeros; uncovered pairs get 0 (the row mean);</li>
 * <li>T = (Z + Zᵀ)/2 with a zero diagonal.</li>
 * </ol>
 * Estimates are summed in subset order, so the result does not depend on the order of the list. Estimates
 * for tasks not in the task list, and non-finite scores, are ignored.
 */
public final class AffinityMatrix {

    private static final double RELATIVE_SPREAD_FLOOR = 1e-12;

    private AffinityMatrix() {
    }

    /** T over {@code tasks} (rows and columns in list order). */
    public static double[][] compute(List<String> tasks, List<SubsetEstimate> estimates, AffinityMetric metric) {
        return symmetrised(zScoredRows(meanScores(tasks, estimates, metric)));
    }

    /** R_ij (i ≠ j) as defined above, NaN where no subset holds both with a finite score; NaN diagonal. */
    public static double[][] meanScores(List<String> tasks, List<SubsetEstimate> estimates, AffinityMetric metric) {
        int n = tasks.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (index.put(tasks.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate task " + tasks.get(i));
            }
        }
        double[][] sums = new double[n][n];
        int[][] counts = new int[n][n];
        List<SubsetEstimate> ordered = estimates.stream()
                .sorted(Comparator.comparing(SubsetEstimate::subset)).toList();
        for (SubsetEstimate estimate : ordered) {
            List<String> members = estimate.subset().tasks().stream().filter(index::containsKey).toList();
            for (String task : members) {
                double score = metric.score(estimate.estimates().get(task));
                if (!Double.isFinite(score)) {
                    continue;
                }
                int i = index.get(task);
                for (String partner : members) {
                    int j = index.get(partner);
                    if (i != j) {
                        sums[i][j] += score;
                        counts[i][j]++;
                    }
                }
            }
        }
        double[][] means = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                means[i][j] = i == j || counts[i][j] == 0 ? Double.NaN : sums[i][j] / counts[i][j];
            }
        }
        return means;
    }

    private static double[][] zScoredRows(double[][] raw) {
        int n = raw.length;
        double[][] z = new double[n][n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int covered = 0;
            for (int j = 0; j < n; j++) {
                if (!Double.isNaN(raw[i][j])) {
                    sum += raw[i][j];
                    covered++;
                }
            }
            if (covered < 2) {
                continue;
            }
            double mean = sum / covered;
            double squares = 0;
            for (int j = 0; j < n; j++) {
                if (!Double.isNaN(raw[i][j])) {
                    squares += (raw[i][j] - mean) * (raw[i][j] - mean);
                }
            }
            double deviation = Math.sqrt(squares / covered);
            if (deviation <= RELATIVE_SPREAD_FLOOR * Math.max(1, Math.abs(mean))) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                z[i][j] = Double.isNaN(raw[i][j]) ? 0 : (raw[i][j] - mean) / deviation;
            }
        }
        return z;
    }

    private static double[][] symmetrised(double[][] z) {
        int n = z.length;
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[i][j] = i == j ? 0 : (z[i][j] + z[j][i]) / 2;
            }
        }
        return t;
    }
}
