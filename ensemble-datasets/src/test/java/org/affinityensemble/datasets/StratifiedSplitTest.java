package org.affinityensemble.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.affinityensemble.events.Split;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    private static final Map<String, Integer> LABEL_SIZES = Map.of("big", 700, "medium", 250, "small", 47,
            "three", 3, "two", 2, "one", 1);

    @Test
    void theSameSamplesInAnyOrderGetTheSameSplit() {
        List<Map.Entry<String, String>> samples = samples();
        Map<String, Split> first = new StratifiedSplit(42).assign(inOrder(samples));
        Collections.shuffle(samples, new Random(1));
        Map<String, Split> shuffled = new StratifiedSplit(42).assign(inOrder(samples));
        assertThat(shuffled).isEqualTo(first).hasSize(samples.size());
    }

    @Test
    void eachLabelIsSplitWithinOneOfItsExactShares() {
        Map<String, String> labels = inOrder(samples());
        Map<String, Split> splits = new StratifiedSplit(42).assign(labels);
        for (Map.Entry<String, Integer> label : LABEL_SIZES.entrySet()) {
            Map<Split, Long> counts = countsOf(label.getKey(), labels, splits);
            int n = label.getValue();
            if (n >= 10) {
                for (Split split : Split.values()) {
                    assertThat((double) counts.getOrDefault(split, 0L))
                            .as("%s %s", label.getKey(), split)
                            .isCloseTo(SplitFractions.DEFAULT.of(split) * n, offset(0.999));
                }
            }
        }
    }

    @Test
    void tinyLabelsFillTrainFirstThenTestThenValidation() {
        Map<String, String> labels = inOrder(samples());
        Map<String, Split> splits = new StratifiedSplit(42).assign(labels);
        assertThat(countsOf("one", labels, splits)).containsExactly(Map.entry(Split.TRAIN, 1L));
        assertThat(countsOf("two", labels, splits)).containsOnly(Map.entry(Split.TRAIN, 1L), Map.entry(Split.TEST, 1L));
        assertThat(countsOf("three", labels, splits)).containsOnly(Map.entry(Split.TRAIN, 1L),
                Map.entry(Split.VALIDATION, 1L), Map.entry(Split.TEST, 1L));
    }

    /** An independent re-implementation for one label: SHA-256 order, then cut at the rounded counts. */
    @Test
    void withinALabelTheFirstIdsBySeededHashGoToTrainThenValidationThenTest() throws Exception {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            labels.put("doc-" + i, "only");
        }
        Map<String, Split> splits = new StratifiedSplit(9).assign(labels);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<String> byHash = new ArrayList<>(labels.keySet());
        byHash.sort(Comparator.comparing(id -> new BigInteger(1,
                Arrays.copyOf(sha.digest(("9:" + id).getBytes(StandardCharsets.UTF_8)), 8))));
        for (int i = 0; i < byHash.size(); i++) {
            Split expected = i < 35 ? Split.TRAIN : i < 40 ? Split.VALIDATION : Split.TEST;
            assertThat(splits.get(byHash.get(i))).as(byHash.get(i)).isEqualTo(expected);
        }
    }

    @Test
    void aLabelsSplitDoesNotDependOnOtherLabels() {
        Map<String, String> labels = inOrder(samples());
        Map<String, Split> all = new StratifiedSplit(42).assign(labels);
        Map<String, String> bigOnly = labels.entrySet().stream().filter(e -> e.getValue().equals("big"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<String, Split> alone = new StratifiedSplit(42).assign(bigOnly);
        alone.forEach((id, split) -> assertThat(all.get(id)).isEqualTo(split));
    }

    @Test
    void anotherSeedMovesSamplesButKeepsTheCounts() {
        Map<String, String> labels = inOrder(samples());
        Map<String, Split> a = new StratifiedSplit(1).assign(labels);
        Map<String, Split> b = new StratifiedSplit(2).assign(labels);
        assertThat(a).isNotEqualTo(b);
        assertThat(countsOf("big", labels, a)).isEqualTo(countsOf("big", labels, b));
    }

    @Test
    void customFractionsAreHonoured() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < 80; i++) {
            labels.put("s" + i, "x");
        }
        Map<String, Split> splits = new StratifiedSplit(3, new SplitFractions(0.875, 0.125, 0)).assign(labels);
        assertThat(countsOf("x", labels, splits)).containsOnly(Map.entry(Split.TRAIN, 70L),
                Map.entry(Split.VALIDATION, 10L));
    }

    @Test
    void fillMissingSplitsOnlyTheExamplesWithoutOne() {
        List<LabelledExample> examples = List.of(
                new LabelledExample("a", "t", "x", Split.TEST),
                new LabelledExample("b", "t", "x", null),
                new LabelledExample("c", "t", "x", null),
                new LabelledExample("d", "t", "x", null));
        List<LabelledExample> filled = new StratifiedSplit(0).fillMissing(examples);
        assertThat(filled).extracting(LabelledExample::id).containsExactly("a", "b", "c", "d");
        assertThat(filled.get(0).split()).isEqualTo(Split.TEST);
        assertThat(filled).extracting(LabelledExample::split).doesNotContainNull();
        assertThat(filled.subList(1, 4)).extracting(LabelledExample::split)
                .containsExactlyInAnyOrder(Split.TRAIN, Split.VALIDATION, Split.TEST);
    }

    @Test
    void fillMissingRejectsRepeatedIds() {
        List<LabelledExample> examples = List.of(new LabelledExample("a", "t", "x", null),
                new LabelledExample("a", "u", "x", null));
        assertThatThrownBy(() -> new StratifiedSplit(0).fillMissing(examples))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
    }

    @Test
    void fractionsMustAddUpToOne() {
        assertThatThrownBy(() -> new SplitFractions(0.5, 0.1, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SplitFractions(1.2, -0.1, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Map.Entry<String, String>> samples() {
        List<Map.Entry<String, String>> samples = new ArrayList<>();
        LABEL_SIZES.forEach((label, n) -> {
            for (int i = 0; i < n; i++) {
                samples.add(Map.entry(label + "-" + i, label));
            }
        });
        samples.sort(Map.Entry.comparingByKey());
        return samples;
    }

    private static Map<String, String> inOrder(List<Map.Entry<String, String>> samples) {
        Map<String, String> labels = new LinkedHashMap<>();
        samples.forEach(e -> labels.put(e.getKey(), e.getValue()));
        return labels;
    }

    private static Map<Split, Long> countsOf(String label, Map<String, String> labels, Map<String, Split> splits) {
        Map<Split, Long> counts = new EnumMap<>(Split.class);
        labels.forEach((id, l) -> {
            if (l.equals(label)) {
                counts.merge(splits.get(id), 1L, Long::sum);
            }
        });
        return counts;
    }
}
