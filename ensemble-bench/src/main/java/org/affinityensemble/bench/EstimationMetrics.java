package org.affinityensemble.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How close estimated per-task losses are to the real ones: the mean relative error |est − real| / real, and
 * Spearman's rank correlation (Pearson's correlation of the ranks, ties given their average rank), over all
 * pairs or within each task (across the subsets that hold it: does the estimate order a task's partners as
 * real fine-tuning does?).
 */
public final class EstimationMetrics {

    private EstimationMetrics() {
    }

    /** The mean over pairs of |estimated − real| / real. */
    public static double meanRelativeError(List<LossPair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no pairs");
        }
        return pairs.stream().mapToDouble(p -> Math.abs(p.estimated() - p.real()) / p.real()).average()
                .orElseThrow();
    }

    /**
     * The pairs that compare a repeat of real fine-tuning with a reference run of the same subsets: for each
     * subset index and each task of the reference (in its order), the repeat's loss in the place of the estimate
     * and the reference's as the real loss, so that {@link #meanRelativeError} gives the mean of
     * |repeat − reference| / reference, exactly as for an estimate. Both lists hold one map of per-task losses per
     * subset, in the same order; the repeat must have the same tasks for each subset.
     */
    public static List<LossPair> repeatPairs(List<Map<String, Double>> reference, List<Map<String, Double>> repeat) {
        if (reference.size() != repeat.size()) {
            throw new IllegalArgumentException("a repeat needs the reference's " + reference.size()
                    + " subsets, got " + repeat.size());
        }
        List<LossPair> pairs = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            if (!reference.get(i).keySet().equals(repeat.get(i).keySet())) {
                throw new IllegalArgumentException("subset " + i + ": the repeat has tasks "
                        + repeat.get(i).keySet() + ", the reference " + reference.get(i).keySet());
            }
            for (Map.Entry<String, Double> real : reference.get(i).entrySet()) {
                pairs.add(new LossPair(real.getKey(), repeat.get(i).get(real.getKey()), real.getValue()));
            }
        }
        return pairs;
    }

    /** Spearman's correlation of estimated and real losses over all pairs. */
    public static double rankCorrelation(List<LossPair> pairs) {
        return spearman(pairs.stream().mapToDouble(LossPair::estimated).toArray(),
                pairs.stream().mapToDouble(LossPair::real).toArray());
    }

    /**
     * The mean over tasks of Spearman's correlation between estimated and real losses of that task's pairs;
     * tasks with fewer than three pairs, or whose correlation is undefined (constant values), are left out. NaN
     * when no task qualifies.
     */
    public static double meanWithinTaskRankCorrelation(List<LossPair> pairs) {
        Map<String, List<LossPair>> byTask = pairs.stream()
                .collect(Collectors.groupingBy(LossPair::taskId, LinkedHashMap::new, Collectors.toList()));
        return byTask.values().stream().filter(list -> list.size() >= 3).mapToDouble(EstimationMetrics::rankCorrelation)
                .filter(Double::isFinite).average().orElse(Double.NaN);
    }

    /** Spearman's ρ: Pearson's correlation of the average ranks; NaN when either side is constant. */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("spearman needs two samples of the same size >= 2");
        }
        return pearson(averageRanks(x), averageRanks(y));
    }

    /** Ranks 1..n in ascending order; tied values share the mean of the ranks they span. */
    static double[] averageRanks(double[] values) {
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[values.length];
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static double pearson(double[] x, double[] y) {
        double meanX = Arrays.stream(x).average().orElseThrow();
        double meanY = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - meanX) * (y[i] - meanY);
            sxx += (x[i] - meanX) * (x[i] - meanX);
            syy += (y[i] - meanY) * (y[i] - meanY);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }
}
