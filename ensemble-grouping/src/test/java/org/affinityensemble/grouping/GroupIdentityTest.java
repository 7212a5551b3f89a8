package org.affinityensemble.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupIdentityTest {

    private static final Map<String, Set<String>> PREVIOUS = previous();

    private static Map<String, Set<String>> previous() {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        groups.put("g-1", Set.of("sent_amazon", "sent_imdb"));
        groups.put("g-2", Set.of("wordnet_noun", "wordnet_verb", "foldoc_domain"));
        groups.put("g-3", Set.of("fortune_category", "fortune_language"));
        groups.put("g-4", Set.of("spam_email"));
        return groups;
    }

    @Test
    void firstVersionNumbersEveryGroupAsNew() {
        IdentifiedGrouping grouping = GroupIdentity.assign(Map.of(), List.of(Set.of("a", "b"), Set.of("c")));
        assertThat(grouping.groups()).containsExactly(Map.entry("g-1", Set.of("a", "b")), Map.entry("g-2", Set.of("c")));
        assertThat(grouping.changed()).containsExactly("g-1", "g-2");
        assertThat(grouping.retired()).isEmpty();
    }

    @Test
    void unchangedPartitionKeepsEveryIdAndChangesNothing() {
        IdentifiedGrouping grouping = GroupIdentity.assign(PREVIOUS, List.of(Set.of("spam_email"),
                Set.of("fortune_language", "fortune_category"), Set.of("sent_imdb", "sent_amazon"),
                Set.of("foldoc_domain", "wordnet_verb", "wordnet_noun")));
        assertThat(grouping.groups()).containsOnlyKeys("g-1", "g-2", "g-3", "g-4");
        assertThat(grouping.groups().get("g-3")).containsExactly("fortune_category", "fortune_language");
        assertThat(grouping.changed()).isEmpty();
        assertThat(grouping.retired()).isEmpty();
    }

    @Test
    void oneTaskMovingChangesOnlyItsTwoGroups() {
        IdentifiedGrouping grouping = GroupIdentity.assign(PREVIOUS, List.of(
                Set.of("sent_amazon", "sent_imdb"),
                Set.of("wordnet_noun", "wordnet_verb"),
                Set.of("fortune_category", "fortune_language", "foldoc_domain"),
                Set.of("spam_email")));
        assertThat(grouping.groups().get("g-2")).containsExactly("wordnet_noun", "wordnet_verb");
        assertThat(grouping.groups().get("g-3")).contains("foldoc_domain");
        assertThat(grouping.changed()).containsExactly("g-2", "g-3");
    }

    @Test
    void newTaskJoiningAGroupChangesItAndANewGroupGetsAFreshId() {
        IdentifiedGrouping grouping = GroupIdentity.assign(PREVIOUS, List.of(
                Set.of("sent_amazon", "sent_imdb", "sent_yelp"),
                Set.of("wordnet_noun", "wordnet_verb", "foldoc_domain"),
                Set.of("fortune_category", "fortune_language"),
                Set.of("spam_email"),
                Set.of("reuters_grain", "brown_genre")));
        assertThat(grouping.groups()).containsEntry("g-5", Set.of("brown_genre", "reuters_grain"));
        assertThat(grouping.changed()).containsExactly("g-1", "g-5");
    }

    @Test
    void splitKeepsTheIdOnTheLargerPartAndMergeRetiresOne() {
        Map<String, Set<String>> before = Map.of("g-7", Set.of("a", "b", "c"), "g-8", Set.of("d"), "g-9",
                Set.of("e", "f"));
        IdentifiedGrouping grouping = GroupIdentity.assign(before, List.of(Set.of("a"), Set.of("b", "c"),
                Set.of("d", "e")));
        assertThat(grouping.groups()).containsEntry("g-7", Set.of("b", "c"));
        assertThat(grouping.groups()).containsEntry("g-10", Set.of("a"));
        assertThat(grouping.groups()).containsEntry("g-8", Set.of("d", "e"));
        assertThat(grouping.retired()).containsExactly("g-9");
        assertThat(grouping.changed()).containsExactly("g-10", "g-7", "g-8");
    }

    @Test
    void equalOverlapPrefersTheMoreSimilarGroup() {
        // {a,b} overlaps both old groups by one task; Jaccard prefers g-2 = {b} (1/2) over g-1 = {a,x,y} (1/4).
        Map<String, Set<String>> before = Map.of("g-1", Set.of("a", "x", "y"), "g-2", Set.of("b"));
        IdentifiedGrouping grouping = GroupIdentity.assign(before, List.of(Set.of("a", "b")));
        assertThat(grouping.groups()).containsOnlyKeys("g-2");
        assertThat(grouping.retired()).containsExactly("g-1");
    }

    @Test
    void freshIdsNeverReuseRetiredOnes() {
        IdentifiedGrouping grouping = GroupIdentity.assign(Map.of("g-2", Set.of("a")), List.of(Set.of("a"),
                Set.of("b")), Set.of("g-1", "g-2", "g-14", "custom"));
        assertThat(grouping.groups()).containsOnlyKeys("g-2", "g-15");
        assertThat(grouping.changed()).containsExactly("g-15");
    }

    @Test
    void customIdsSurviveAndDisjointGroupsAreRequired() {
        IdentifiedGrouping grouping = GroupIdentity.assign(Map.of("sentiment", Set.of("a", "b")),
                List.of(Set.of("a", "b", "c")));
        assertThat(grouping.groups()).containsOnlyKeys("sentiment");
        assertThatThrownBy(() -> GroupIdentity.assign(Map.of(), List.of(Set.of("a"), Set.of("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupIdentity.assign(Map.of(), List.of(Set.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
