package org.affinityensemble.trainer.datasets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.datasets.SplitFractions;
import org.affinityensemble.datasets.StratifiedSplit;
import org.affinityensemble.events.Split;
import org.affinityensemble.trainer.config.DatasetsConfig;

/**
 * Decides the split of every sample of a sealed dataset: the producer's split where it sent one, otherwise
 * the deterministic seeded stratified split over the samples that came without one.
 */
@ApplicationScoped
public class SplitAssignment {

    @Inject
    DatasetsConfig config;

    /** The samples of each split, ordered by sample id. */
    public Map<Split, List<Sample>> assign(List<Sample> samples) {
        Map<String, String> unsplit = new HashMap<>();
        samples.stream().filter(sample -> sample.requestedSplit == null)
                .forEach(sample -> unsplit.put(sample.sampleId, String.valueOf(sample.label)));
        SplitFractions fractions = new SplitFractions(config.trainFraction(), config.validationFraction(),
                1 - config.trainFraction() - config.validationFraction());
        Map<String, Split> assigned = new StratifiedSplit(config.splitSeed(), fractions).assign(unsplit);
        Map<Split, List<Sample>> bySplit = new EnumMap<>(Split.class);
        for (Sample sample : samples) {
            Split split = sample.requestedSplit != null ? sample.requestedSplit : assigned.get(sample.sampleId);
            bySplit.computeIfAbsent(split, ignored -> new ArrayList<>()).add(sample);
        }
        bySplit.values().forEach(list -> list.sort(Comparator.comparing(sample -> sample.sampleId)));
        return bySplit;
    }
}
