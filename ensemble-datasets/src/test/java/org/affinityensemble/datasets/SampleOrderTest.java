package org.affinityensemble.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleOrderTest {

    /** Reference values from Python: int.from_bytes(sha256(f"{seed}:{id}".encode()).digest()[:8], "big", signed=True). */
    @Test
    void rankIsTheFirstEightBytesOfSha256OfSeedColonId() {
        assertThat(SampleOrder.rank(7, "a")).isEqualTo(-9017941295801665424L);
        assertThat(SampleOrder.rank(0, "sample-1")).isEqualTo(-3663558949336980078L);
        assertThat(SampleOrder.rank(-3, "é")).isEqualTo(-7949235511076225543L);
    }

    @Test
    void sortsByUnsignedRankWhateverTheInputOrder() {
        List<String> ids = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        List<String> sorted = SampleOrder.sorted(11, ids);
        assertThat(SampleOrder.sorted(11, reversed(ids))).isEqualTo(sorted);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(Long.compareUnsigned(SampleOrder.rank(11, sorted.get(i - 1)), SampleOrder.rank(11, sorted.get(i))))
                    .isNegative();
        }
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        Collections.reverse(copy);
        return copy;
    }
}
