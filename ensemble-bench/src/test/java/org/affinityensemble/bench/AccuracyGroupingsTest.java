package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.affinityensemble.grouping.GroupingPlan;
import org.junit.jupiter.api.Test;

class AccuracyGroupingsTest {

    private static final List<String> TASKS = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

    @Test
    void aRandomGroupingHasTheSizesAndIsAPermutationOfTheTasks() {
        List<Integer> sizes = List.of(4, 2, 4);
        List<List<String>> groups = AccuracyGroupings.randomWithSizes(TASKS, sizes, 1);
        assertThat(AccuracyGroupings.sizes(groups)).isEqualTo(sizes);
        assertThat(groups.stream().flatMap(List::stream).toList()).hasSize(10)
                .containsExactlyInAnyOrderElementsOf(TASKS);
    }

    @Test
    void aRandomGroupingIsSeeded() {
        List<Integer> sizes = List.of(3, 3, 4);
        assertThat(AccuracyGroupings.randomWithSizes(TASKS, sizes, 7))
                .isEqualTo(AccuracyGroupings.randomWithSizes(TASKS, sizes, 7));
        Set<List<List<String>>> seen = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            seen.add(AccuracyGroupings.randomWithSizes(TASKS, sizes, seed));
        }
        assertThat(seen).as("ten seeds, ten groupings (almost surely)").hasSizeGreaterThan(5);
        assertThat(AccuracyGroupings.randomWithSizes(TASKS, sizes, 7))
                .isNotEqualTo(List.of(TASKS.subList(0, 3), TASKS.subList(3, 6), TASKS.subList(6, 10)));
    }

    @Test
    void seedOneOnTheTenTasksGivesTheRandomGroupingOfDocsTrainingMd() {
        List<List<String>> groups = AccuracyGroupings.randomWithSizes(AccuracyOptions.allTasks(), List.of(4, 2, 4), 1);
        assertThat(groups).containsExactly(
                List.of("foldoc_domain", "fortune_language", "reuters_grain", "fortune_category"),
                List.of("wordnet_noun", "spam_email"),
                List.of("sent_amazon", "brown_genre", "sent_imdb", "wordnet_verb"));
    }

    @Test
    void sizesThatDoNotPartitionTheTasksAreRejected() {
        assertThatThrownBy(() -> AccuracyGroupings.randomWithSizes(TASKS, List.of(4, 4), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccuracyGroupings.randomWithSizes(TASKS, List.of(10, 0), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePlannerFindsPlantedGroupsWithAFixedOrAutomaticCount() {
        List<String> tasks = List.of("a", "b", "c", "d", "e");
        double[][] t = new double[5][5];
        int[] block = {0, 0, 1, 1, 1};
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                t[i][j] = i == j ? 0 : block[i] == block[j] ? 1.0 : -1.0;
            }
        }
        AccuracyOptions fixed = AccuracyOptions.parse(new String[] {"--tasks=a,b,c,d,e", "--groups=2"});
        GroupingPlan plan = AccuracyGroupings.planner(fixed).plan(tasks, t, fixed.groups());
        assertThat(plan.groups()).containsExactly(List.of("a", "b"), List.of("c", "d", "e"));
        AccuracyOptions trace = AccuracyOptions.parse(new String[] {"--tasks=a,b,c,d,e", "--groups=auto",
                "--count-rule=trace-penalty"});
        GroupingPlan byTrace = AccuracyGroupings.planner(trace).plan(tasks, t, trace.groups());
        assertThat(byTrace.groups()).containsExactly(List.of("a", "b"), List.of("c", "d", "e"));
        assertThat(byTrace.method()).startsWith("sdp-penalty(mu=0.0)");
        AccuracyOptions noise = AccuracyOptions.parse(new String[] {"--tasks=a,b,c,d,e", "--groups=auto"});
        GroupingPlan byNoise = AccuracyGroupings.planner(noise).plan(tasks, t, noise.groups());
        assertThat(byNoise.method()).contains("noise-calibrated(z=2.0)");
    }
}
