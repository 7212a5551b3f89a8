package org.affinityensemble.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether an affinity matrix finds related datasets ({@code bench affinity}): where a dataset's partner (its twin,
 * or its family member) stands in the dataset's row, and whether a grouping puts the two together. Rows and columns
 * of a matrix are in {@code tasks} order; larger entries mean more affinity.
 */
public final class AffinityFigures {

    private AffinityFigures() {
    }

    /**
     * The rank of {@code partner} in {@code task}'s row among all other datasets: 1 + the number of datasets
     * (neither the task nor the partner) with a strictly larger entry. 1 is the strongest partner.
     */
    public static int partnerRank(List<String> tasks, double[][] matrix, String task, String partner) {
        int i = index(tasks, task);
        int p = index(tasks, partner);
        if (i == p) {
            throw new IllegalArgumentException(task + " is its own partner");
        }
        int rank = 1;
        for (int j = 0; j < tasks.size(); j++) {
            if (j != i && j != p && matrix[i][j] > matrix[i][p]) {
                rank++;
            }
        }
        return rank;
    }

    /** Each task's partner's rank in its row ({@link #partnerRank}), in the order of {@code partners}. */
    public static Map<String, Integer> partnerRanks(List<String> tasks, double[][] matrix,
            Map<String, String> partners) {
        Map<String, Integer> ranks = new LinkedHashMap<>();
        partners.forEach((task, partner) -> ranks.put(task, partnerRank(tasks, matrix, task, partner)));
        return ranks;
    }

    /** The share of tasks whose partner is the strongest entry of their row (rank 1). */
    public static double top1(Map<String, Integer> ranks) {
        return ranks.values().stream().filter(rank -> rank == 1).count() / (double) ranks.size();
    }

    /** The mean rank. */
    public static double meanRank(Map<String, Integer> ranks) {
        return ranks.values().stream().mapToInt(Integer::intValue).average().orElseThrow();
    }

    /**
     * The share of tasks whose partner is above the median of their row: of the {@code tasks − 1} other datasets,
     * rank &lt; (others + 1) / 2, i.e. strictly better than the middle one (rank ≤ 4 of 9).
     */
    public static double aboveMedian(Map<String, Integer> ranks, int tasks) {
        double median = tasks / 2.0;
        return ranks.values().stream().filter(rank -> rank < median).count() / (double) ranks.size();
    }

    /** The share of the pairs {@code (a, b)} that one of {@code groups} holds both of. */
    public static double grouped(List<List<String>> groups, Map<String, String> pairs) {
        long together = pairs.entrySet().stream().filter(pair -> groups.stream()
                .anyMatch(group -> group.contains(pair.getKey()) && group.contains(pair.getValue()))).count();
        return together / (double) pairs.size();
    }

    /**
     * Of the pairs of partners of one anchor, the share that the matrix orders as real training does: partner x
     * before y in the anchor's row exactly when training the anchor with x gave the lower validation loss. Ties in
     * either count as disagreement.
     *
     * @param affinity the anchor's matrix entry with each partner
     * @param loss     the anchor's real validation loss when fine-tuned with each partner (same keys)
     */
    public static double orderAgreement(Map<String, Double> affinity, Map<String, Double> loss) {
        // no loss difference lies within a noise of −∞: every pair counts
        return resolvedOrderAgreement(affinity, loss, Double.NEGATIVE_INFINITY).share();
    }

    /** The range (largest minus smallest) of a run's value and its repeats. */
    public static double range(double first, List<Double> repeats) {
        double min = first;
        double max = first;
        for (double value : repeats) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return max - min;
    }

    /** Of the partner pairs, how many the ground truth resolves and how many of those the matrix orders alike. */
    public record Agreement(int pairs, int agreeing) {

        /** No pairs. */
        public static final Agreement NONE = new Agreement(0, 0);

        /** The share of the pairs ordered alike; NaN without pairs. */
        public double share() {
            return pairs == 0 ? Double.NaN : agreeing / (double) pairs;
        }

        /** Both counts together. */
        public Agreement plus(Agreement other) {
            return new Agreement(pairs + other.pairs, agreeing + other.agreeing);
        }
    }

    /**
     * {@link #orderAgreement} restricted to the partner pairs whose losses differ by more than {@code noise}, the
     * difference between two real runs that differ only in their shuffling seed: pairs closer than that are not
     * ordered by the fine-tuning itself.
     */
    public static Agreement resolvedOrderAgreement(Map<String, Double> affinity, Map<String, Double> loss,
            double noise) {
        List<String> partners = List.copyOf(affinity.keySet());
        int pairs = 0;
        int agree = 0;
        for (int x = 0; x < partners.size(); x++) {
            for (int y = x + 1; y < partners.size(); y++) {
                double byLoss = loss.get(partners.get(y)) - loss.get(partners.get(x));
                if (Math.abs(byLoss) <= noise) {
                    continue;
                }
                pairs++;
                if ((affinity.get(partners.get(x)) - affinity.get(partners.get(y))) * byLoss > 0) {
                    agree++;
                }
            }
        }
        return new Agreement(pairs, agree);
    }

    private static int index(List<String> tasks, String task) {
        int i = tasks.indexOf(task);
        if (i < 0) {
            throw new IllegalArgumentException("unknown task " + task);
        }
        return i;
    }
}
