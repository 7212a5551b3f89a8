package org.affinityensemble.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.trainer.entity.TrainingRun;
import org.junit.jupiter.api.Test;

class ResultProvenanceTest {

    private static TrainingRun runningAttempt(int attempt) {
        TrainingRun run = TrainingRun.pending("v3-g0", 3, "g0", Kind.GROUP, List.of("a", "b"), "a:1,b:1", "g0-v3",
                Instant.EPOCH);
        return run.claim(attempt, Instant.EPOCH);
    }

    private static TrainingResult result(String group, int attempt, String prefix) {
        return new TrainingResult("v3-g0", group, attempt, TrainingResult.Status.SUCCEEDED, prefix, Map.of(), "");
    }

    @Test
    void aResultOfALaunchedAttemptUnderTheRunsPrefixPasses() {
        TrainingRun run = runningAttempt(2);
        assertThatCode(() -> ResultProvenance.check(run, result("g0", 2, "adapters/g0-v3/")))
                .doesNotThrowAnyException();
        assertThatCode(() -> ResultProvenance.check(run, result("g0", 1, null))).as("an earlier attempt, no prefix")
                .doesNotThrowAnyException();
        assertThatCode(() -> ResultProvenance.check(run, result("g0", 1, "adapters/g0-v3/checkpoint/")))
                .doesNotThrowAnyException();
    }

    @Test
    void anAttemptNeverStartedIsRejected() {
        assertThatThrownBy(() -> ResultProvenance.check(runningAttempt(1), result("g0", 2, "adapters/g0-v3/")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("attempt 2 was never started");
        assertThatThrownBy(() -> ResultProvenance.check(runningAttempt(1), result("g0", 0, "adapters/g0-v3/")))
                .isInstanceOf(InvalidEventException.class);
        TrainingRun pending = TrainingRun.pending("v3-g0", 3, "g0", Kind.GROUP, List.of("a"), "a:1", "g0-v3",
                Instant.EPOCH);
        assertThatThrownBy(() -> ResultProvenance.check(pending, result("g0", 1, null)))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void anotherGroupOrAnAdapterElsewhereIsRejected() {
        TrainingRun run = runningAttempt(1);
        assertThatThrownBy(() -> ResultProvenance.check(run, result("g1", 1, "adapters/g0-v3/")))
                .hasMessageContaining("not the run's group");
        for (String elsewhere : List.of("adapters/evil/", "adapters/g0-v3", "adapters/g0-v3-evil/",
                "adapters/g0-v3/../evil/", "adapters/g0-v3/./", "ensembles/x/", "adapters/g0-v3/..\\evil/")) {
            assertThatThrownBy(() -> ResultProvenance.check(run, result("g0", 1, elsewhere))).as(elsewhere)
                    .isInstanceOf(InvalidEventException.class).hasMessageContaining("outside the run's own prefix");
        }
    }

    @Test
    void anUnknownRunIsNamed() {
        assertThat(ResultProvenance.unknownRun(result("g0", 1, null)).getMessage())
                .contains("no run 'v3-g0' was launched");
    }
}
