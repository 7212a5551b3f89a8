package org.affinityensemble.grouping;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreement between two partitions of the same items, corrected for chance (Hubert and Arabie, 1985):
 * 1 for identical partitions, about 0 for independent ones, negative when worse than chance.
 */
public final class AdjustedRandIndex {

    private AdjustedRandIndex() {
    }

    /** ARI between two labellings of the same n items (labels are arbitrary ints). */
    public static double of(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("labellings differ in length: " + a.length + " vs " + b.length);
        }
        Map<Long, Integer> cells = new HashMap<>();
        Map<Integer, Integer> rows = new HashMap<>();
        Map<Integer, Integer> columns = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            cells.merge(((long) a[i] << 32) ^ (b[i] & 0xffffffffL), 1, Integer::sum);
            rows.merge(a[i], 1, Integer::sum);
            columns.merge(b[i], 1, Integer::sum);
        }
        double index = cells.values().stream().mapToDouble(AdjustedRandIndex::pairs).sum();
        double rowPairs = rows.values().stream().mapToDouble(AdjustedRandIndex::pairs).sum();
        double columnPairs = columns.values().stream().mapToDouble(AdjustedRandIndex::pairs).sum();
        double expected = rowPairs * columnPairs / pairs(a.length);
        double maximum = 0.5 * (rowPairs + columnPairs);
        if (maximum == expected) {
            return 1.0;
        }
        return (index - expected) / (maximum - expected);
    }

    /** ARI between two partitions given as groups of indices 0..n−1. */
    public static double of(List<List<Integer>> a, List<List<Integer>> b, int n) {
        return of(Partitions.labels(a, n), Partitions.labels(b, n));
    }

    private static double pairs(int count) {
        return count * (count - 1) / 2.0;
    }
}
