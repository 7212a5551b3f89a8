package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.training.TaskScore;
import org.junit.jupiter.api.Test;

class AccuracyColumnTest {

    static TaskScore test(double accuracy, int n) {
        return new TaskScore(0.5, 1.0, accuracy, 0.3, 10, n);
    }

    static AccuracyColumn column(String key, double... accuracyThenN) {
        Map<String, TaskScore> scores = new LinkedHashMap<>();
        for (int i = 0; i < accuracyThenN.length; i += 2) {
            scores.put("t" + i / 2, test(accuracyThenN[i], (int) accuracyThenN[i + 1]));
        }
        return new AccuracyColumn(key, key, scores, 2, 12.5);
    }

    @Test
    void standardErrorIsTheBinomialOne() {
        AccuracyColumn column = column("c", 0.9, 100, 0.5, 400, 1.0, 50, 0.5, 0);
        assertThat(column.standardError("t0")).isCloseTo(0.03, within(1e-12));
        assertThat(column.standardError("t1")).isCloseTo(0.025, within(1e-12));
        assertThat(column.standardError("t2")).isZero();
        assertThat(column.standardError("t3")).isNaN();
    }

    @Test
    void theMeanWeighsEveryTaskOnceAndItsErrorAddsInQuadrature() {
        // t0: 0.9 on 100 (se 0.03); t1: 0.5 on 400 (se 0.025); t2: 0.2 on 25 (se 0.08)
        AccuracyColumn column = column("c", 0.9, 100, 0.5, 400, 0.2, 25);
        assertThat(column.accuracy("t1")).isEqualTo(0.5);
        assertThat(column.standardError("t2")).isCloseTo(0.08, within(1e-12));
        assertThat(column.mean()).isCloseTo(1.6 / 3, within(1e-12));
        double expected = Math.sqrt(0.03 * 0.03 + 0.025 * 0.025 + 0.08 * 0.08) / 3;
        assertThat(column.meanStandardError()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void theHelpersAverageAndAddInQuadrature() {
        assertThat(AccuracyColumn.meanStandardError(List.of(0.3, 0.4))).isCloseTo(0.25, within(1e-12));
        assertThat(AccuracyColumn.mean(List.of(0.2, 0.4, 0.9))).isCloseTo(0.5, within(1e-12));
    }
}
