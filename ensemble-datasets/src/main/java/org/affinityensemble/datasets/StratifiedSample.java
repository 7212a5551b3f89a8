package org.affinityensemble.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.affinityensemble.events.Split;

/**
 * A seeded stratified cap per split: keeps at most {@link SplitCaps#of(Split)} examples of each split, with
 * the labels in the same proportions as in that split (largest-remainder counts; every label present keeps at
 * least one example where the cap allows). Within a label the examples kept are the first by
 * {@link SampleOrder} under the seed, so the choice does not depend on input order. The examples kept are
 * returned in input order.
 */
public final class StratifiedSample {

    private StratifiedSample() {
    }

    /** Caps labelled examples, each of which must have a split. */
    public static List<LabelledExample> sample(List<LabelledExample> examples, SplitCaps caps, long seed) {
        return sample(examples, LabelledExample::id, LabelledExample::label, LabelledExample::split, caps, seed);
    }

    /**
     * Caps any kind of item.
     *
     * @throws IllegalArgumentException if an item has no split (split them first with
     *                                  {@link StratifiedSplit#fillMissing(List)}) or two items share an id
     */
    public static <T> List<T> sample(List<T> items, Function<T, String> id, Function<T, String> label,
            Function<T, Split> split, SplitCaps caps, long seed) {
        Map<Split, Map<String, List<String>>> idsBySplitAndLabel = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            String itemId = id.apply(item);
            Split itemSplit = split.apply(item);
            if (itemSplit == null) {
                throw new IllegalArgumentException("item '" + itemId + "' has no split: split it first");
            }
            if (!seen.add(itemId)) {
                throw new IllegalArgumentException("item id '" + itemId + "' appears twice");
            }
            idsBySplitAndLabel.computeIfAbsent(itemSplit, s -> new TreeMap<>())
                    .computeIfAbsent(label.apply(item), l -> new ArrayList<>()).add(itemId);
        }
        Set<String> kept = new HashSet<>();
        idsBySplitAndLabel.forEach((s, idsByLabel) -> kept.addAll(keep(idsByLabel, caps.of(s), seed)));
        return items.stream().filter(item -> kept.contains(id.apply(item))).toList();
    }

    private static List<String> keep(Map<String, List<String>> idsByLabel, int cap, long seed) {
        List<List<String>> groups = new ArrayList<>(idsByLabel.values());
        double[] sizes = groups.stream().mapToDouble(List::size).toArray();
        int total = (int) Math.round(Arrays.stream(sizes).sum());
        int[] quotas = LargestRemainder.apportion(Math.min(cap, total), sizes, true);
        List<String> kept = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            kept.addAll(SampleOrder.sorted(seed, groups.get(g)).subList(0, quotas[g]));
        }
        return kept;
    }
}
