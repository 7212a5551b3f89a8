package org.affinityensemble.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionEnumeratorTest {

    @Test
    void visitsBellManyDistinctPartitions() {
        long[] bell = {1, 2, 5, 15, 52, 203, 877, 4140, 21147};
        for (int n = 1; n <= bell.length; n++) {
            Set<List<List<Integer>>> seen = new HashSet<>();
            PartitionEnumerator.forEach(n, labels -> seen.add(Partitions.canonical(Partitions.fromLabels(labels))));
            assertThat((long) seen.size()).as("Bell(%d)", n).isEqualTo(bell[n - 1]);
        }
    }

    @Test
    void fixedCountVisitsStirlingManyPartitions() {
        double[][] t = Matrices.randomAffinity(9, 1);
        assertThat(PartitionEnumerator.best(t, 3).visited()).isEqualTo(3025);
        assertThat(PartitionEnumerator.best(t, 4).visited()).isEqualTo(7770);
        assertThat(PartitionEnumerator.bestPenalised(t, 0).visited()).isEqualTo(21147);
    }

    @Test
    void findsTheHandComputedOptimum() {
        // Tasks 0,1 and 2,3 like each other; everything else repels.
        double[][] t = {
            {0, 2, -1, -1},
            {2, 0, -1, -1},
            {-1, -1, 0, 1},
            {-1, -1, 1, 0}};
        PartitionEnumerator.Optimum two = PartitionEnumerator.best(t, 2);
        assertThat(two.groups()).isEqualTo(List.of(List.of(0, 1), List.of(2, 3)));
        assertThat(two.value()).isCloseTo(2 + 1, within(1e-12));
        assertThat(PartitionEnumerator.bestPenalised(t, 0).groups()).isEqualTo(two.groups());
        // μ = 5 per group: one group scores −2/4 − 5 = −5.5, the two pairs 3 − 10 = −7.
        PartitionEnumerator.Optimum expensive = PartitionEnumerator.bestPenalised(t, 5.0);
        assertThat(expensive.groups()).isEqualTo(List.of(List.of(0, 1, 2, 3)));
        assertThat(expensive.value()).isCloseTo(-5.5, within(1e-12));
        // μ = −2.5 rewards groups: singletons score 10, {0,1},{2},{3} 2 + 7.5, the two pairs 3 + 5.
        assertThat(PartitionEnumerator.bestPenalised(t, -2.5).groups())
                .isEqualTo(List.of(List.of(0), List.of(1), List.of(2), List.of(3)));
    }

    @Test
    void rejectsTooManyTasks() {
        assertThatThrownBy(() -> PartitionEnumerator.forEach(PartitionEnumerator.MAX_TASKS + 1, labels -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
