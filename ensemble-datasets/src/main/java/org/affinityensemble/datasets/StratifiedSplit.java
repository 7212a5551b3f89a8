package org.affinityensemble.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.affinityensemble.events.Split;

/**
 * A deterministic seeded stratified train / validation / test split for samples that come without one.
 *
 * <p>For each label on its own, the samples are ordered by {@link SampleOrder} (a hash of seed and sample id)
 * and cut into train, validation and test by counts from the largest-remainder method, so each count is
 * within one of its exact share. A label with at least as many samples as there are splits of positive
 * fraction gets at least one sample in each of them (taken from the largest); a label with fewer fills the
 * largest shares first (one sample: train; two: train and test under the default fractions). The result
 * depends only on the (id, label) pairs, the seed and the fractions, never on input order.
 */
public final class StratifiedSplit {

    private static final Split[] SPLITS = Split.values();

    private final long seed;
    private final SplitFractions fractions;

    public StratifiedSplit(long seed, SplitFractions fractions) {
        this.seed = seed;
        this.fractions = Objects.requireNonNull(fractions, "fractions");
    }

    /** The default 0.7 / 0.1 / 0.2 split under a seed. */
    public StratifiedSplit(long seed) {
        this(seed, SplitFractions.DEFAULT);
    }

    /**
     * Assigns a split to every sample.
     *
     * @param labelsById each sample's label, keyed by its unique sample id
     * @return each sample's split, keyed by sample id in id order
     */
    public Map<String, Split> assign(Map<String, String> labelsById) {
        Map<String, List<String>> idsByLabel = new TreeMap<>();
        labelsById.forEach((id, label) -> idsByLabel.computeIfAbsent(
                Objects.requireNonNull(label, () -> "sample " + id + " has no label"), l -> new ArrayList<>()).add(id));
        Map<String, Split> splits = new TreeMap<>();
        for (List<String> ids : idsByLabel.values()) {
            int[] counts = LargestRemainder.apportion(ids.size(), fractions.asArray(), true);
            List<String> ordered = SampleOrder.sorted(seed, ids);
            int next = 0;
            for (int s = 0; s < SPLITS.length; s++) {
                for (int i = 0; i < counts[s]; i++) {
                    splits.put(ordered.get(next++), SPLITS[s]);
                }
            }
        }
        return splits;
    }

    /**
     * Gives every example that has no split one, splitting those examples among themselves; examples that
     * already have a split keep it. Order is kept.
     *
     * @throws IllegalArgumentException if two examples without a split share an id
     */
    public List<LabelledExample> fillMissing(List<LabelledExample> examples) {
        Map<String, String> unassigned = new LinkedHashMap<>();
        for (LabelledExample example : examples) {
            if (example.split() == null && unassigned.put(example.id(), example.label()) != null) {
                throw new IllegalArgumentException("sample id '" + example.id() + "' appears twice");
            }
        }
        if (unassigned.isEmpty()) {
            return List.copyOf(examples);
        }
        Map<String, Split> assigned = assign(unassigned);
        return examples.stream()
                .map(e -> e.split() == null ? e.withSplit(assigned.get(e.id())) : e)
                .toList();
    }
}
