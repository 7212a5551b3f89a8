package org.affinityensemble.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.affinityensemble.events.Split;
import org.junit.jupiter.api.Test;

class StratifiedSampleTest {

    private static final SplitCaps CAPS = new SplitCaps(40, 10, 20);

    @Test
    void keepsAtMostTheCapOfEachSplitInTheLabelsProportions() {
        List<LabelledExample> kept = StratifiedSample.sample(examples(), CAPS, 7);
        Map<Split, Long> perSplit = kept.stream().collect(Collectors.groupingBy(LabelledExample::split,
                Collectors.counting()));
        assertThat(perSplit).containsEntry(Split.TRAIN, 40L).containsEntry(Split.VALIDATION, 10L)
                .containsEntry(Split.TEST, 20L);
        Map<String, Long> trainLabels = kept.stream().filter(e -> e.split() == Split.TRAIN)
                .collect(Collectors.groupingBy(LabelledExample::label, Collectors.counting()));
        // train holds 300 "common", 90 "rare" and 10 "tiny": shares 30, 9 and 1 of 40
        assertThat(trainLabels).containsEntry("common", 30L).containsEntry("rare", 9L).containsEntry("tiny", 1L);
    }

    @Test
    void everyLabelKeepsOneExampleWhenTheCapAllows() {
        List<LabelledExample> kept = StratifiedSample.sample(examples(), new SplitCaps(3, 3, 3), 7);
        assertThat(kept.stream().filter(e -> e.split() == Split.TRAIN).map(LabelledExample::label))
                .containsExactlyInAnyOrder("common", "rare", "tiny");
    }

    @Test
    void theChoiceDoesNotDependOnInputOrderAndKeepsInputOrder() {
        List<LabelledExample> examples = examples();
        List<LabelledExample> kept = StratifiedSample.sample(examples, CAPS, 7);
        List<LabelledExample> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, new Random(3));
        List<LabelledExample> keptFromShuffled = StratifiedSample.sample(shuffled, CAPS, 7);
        assertThat(keptFromShuffled).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(kept).isSortedAccordingTo((a, b) -> Integer.compare(examples.indexOf(a), examples.indexOf(b)));
        assertThat(StratifiedSample.sample(examples, CAPS, 8)).isNotEqualTo(kept);
    }

    @Test
    void aSplitUnderItsCapIsKeptWhole() {
        List<LabelledExample> examples = examples();
        assertThat(StratifiedSample.sample(examples, new SplitCaps(10_000, 10_000, 10_000), 1)).isEqualTo(examples);
    }

    @Test
    void refusesExamplesWithoutSplit() {
        List<LabelledExample> unsplit = List.of(new LabelledExample("a", "t", "x", null));
        assertThatThrownBy(() -> StratifiedSample.sample(unsplit, CAPS, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("split it first");
    }

    private static List<LabelledExample> examples() {
        List<LabelledExample> examples = new ArrayList<>();
        add(examples, "common", 300, Split.TRAIN);
        add(examples, "rare", 90, Split.TRAIN);
        add(examples, "tiny", 10, Split.TRAIN);
        add(examples, "common", 60, Split.VALIDATION);
        add(examples, "rare", 20, Split.VALIDATION);
        add(examples, "common", 100, Split.TEST);
        add(examples, "rare", 30, Split.TEST);
        add(examples, "tiny", 2, Split.TEST);
        return examples;
    }

    private static void add(List<LabelledExample> examples, String label, int n, Split split) {
        for (int i = 0; i < n; i++) {
            examples.add(new LabelledExample(label + "-" + split.wireName() + "-" + i, "text " + i, label, split));
        }
    }
}
