package org.affinityensemble.grouping;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an SDP solution X into groups of tasks. Several candidates are rounded from X: the paper's threshold
 * rounding at τ ∈ {0.3, 0.5, 0.7} ({@link ThresholdRounding}) and k-means on the rows of X (rows of a partition
 * matrix are equal inside a group); each is improved by {@link LocalSearch} on the score being maximised, and the
 * best is kept. With a fixed m every candidate is first brought to exactly m groups; with a free count k-means
 * tries k = round(tr X) − 1 .. round(tr X) + 1, and one group and all singletons join the candidates; equal
 * scores go to fewer groups (an all-zero matrix, which carries no preference, gives one group). See docs/adr/0032.
 */
public final class Rounding {

    private static final double[] THRESHOLDS = {0.3, 0.5, 0.7};
    /** Scores this close (relative) are a tie; a tie goes to fewer groups, i.e. fewer adapters to train. */
    private static final double TIE = 1e-9;

    private final KMeans kMeans;

    public Rounding(long seed) {
        this.kMeans = new KMeans(seed);
    }

    /** The best rounding of x with exactly m groups, by ClusteringObjective.value on t. */
    public List<List<Integer>> withGroupCount(double[][] x, double[][] t, int m) {
        LocalSearch search = LocalSearch.fixedCount(t);
        List<List<Integer>> best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (List<List<Integer>> candidate : candidates(x, List.of(m))) {
            List<List<Integer>> improved = search.improve(GroupCountAdjuster.toCount(t, candidate, m));
            double value = ClusteringObjective.value(t, improved);
            if (value > bestValue + 1e-12) {
                bestValue = value;
                best = improved;
            }
        }
        return best;
    }

    /** The best rounding of x with a free number of groups, by ClusteringObjective.penalised(t, ·, mu). */
    public List<List<Integer>> withPenalty(double[][] x, double[][] t, double mu) {
        return withPenalty(x, t, GroupPenalty.perGroup(mu));
    }

    /** The best rounding of x with a free number of groups, by ClusteringObjective.penalised(t, ·, penalty). */
    public List<List<Integer>> withPenalty(double[][] x, double[][] t, GroupPenalty penalty) {
        int n = x.length;
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += x[i][i];
        }
        int centre = (int) Math.round(trace);
        List<Integer> counts = new ArrayList<>();
        for (int k = Math.max(1, centre - 1); k <= Math.min(n, centre + 1); k++) {
            counts.add(k);
        }
        LocalSearch search = LocalSearch.freeCount(t, penalty);
        List<List<Integer>> best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        List<List<List<Integer>>> candidates = candidates(x, counts);
        candidates.add(Partitions.fromLabels(new int[n]));
        candidates.add(Partitions.fromLabels(java.util.stream.IntStream.range(0, n).toArray()));
        for (List<List<Integer>> candidate : candidates) {
            List<List<Integer>> improved = search.improve(candidate);
            double value = ClusteringObjective.penalised(t, improved, penalty);
            double tie = TIE * (1 + Math.abs(value));
            if (value > bestValue + tie || (value >= bestValue - tie && improved.size() < best.size())) {
                bestValue = value;
                best = improved;
            }
        }
        return best;
    }

    private List<List<List<Integer>>> candidates(double[][] x, List<Integer> kMeansCounts) {
        List<List<List<Integer>>> candidates = new ArrayList<>();
        for (double tau : THRESHOLDS) {
            candidates.add(ThresholdRounding.round(x, tau));
        }
        for (int k : kMeansCounts) {
            candidates.add(Partitions.fromLabels(kMeans.cluster(x, k)));
        }
        return candidates;
    }
}
