package org.affinityensemble.trainer.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.junit.jupiter.api.Test;

/** The rules of a run's life: attempts never go backwards, the first success wins, duplicates change nothing. */
class TrainingRunTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static TrainingRun run() {
        return TrainingRun.pending("v3-g0", 3, "g0", Kind.GROUP, List.of("a", "b"), "a@1,b@1", "g0-v3", NOW);
    }

    private static TrainingResult succeeded(int attempt) {
        return new TrainingResult("v3-g0", "g0", attempt, TrainingResult.Status.SUCCEEDED, "adapters/g0-v3/",
                Map.of("validation_accuracy", 0.9), "");
    }

    private static TrainingResult failed(int attempt) {
        return new TrainingResult("v3-g0", "g0", attempt, TrainingResult.Status.FAILED, null, Map.of(), "oom");
    }

    @Test
    void aNewRunIsPendingAtAttemptZero() {
        TrainingRun run = run();
        assertThat(run.state).isEqualTo(TrainingRun.State.PENDING);
        assertThat(run.attempt).isZero();
        assertThat(run.tasks).containsExactly("a", "b");
    }

    @Test
    void startsNeverMoveARunBackwards() {
        TrainingRun run = run();
        assertThat(run.markStarted(2, NOW)).isTrue();
        assertThat(run.markStarted(1, NOW)).as("an older attempt").isFalse();
        assertThat(run.attempt).isEqualTo(2);
        assertThat(run.state).isEqualTo(TrainingRun.State.RUNNING);
        run.apply(succeeded(2), NOW);
        assertThat(run.markStarted(3, NOW)).as("a finished run").isFalse();
        assertThat(run.state).isEqualTo(TrainingRun.State.SUCCEEDED);
    }

    @Test
    void theFirstSuccessCompletesTheRunAndDuplicatesChangeNothing() {
        TrainingRun run = run();
        run.markStarted(1, NOW);
        assertThat(run.apply(succeeded(1), NOW)).isTrue();
        assertThat(run.state).isEqualTo(TrainingRun.State.SUCCEEDED);
        assertThat(run.metrics).containsEntry("validation_accuracy", 0.9);
        assertThat(run.apply(succeeded(1), NOW)).isFalse();
        assertThat(run.apply(failed(5), NOW)).as("a late failure of a finished run").isFalse();
        assertThat(run.state).isEqualTo(TrainingRun.State.SUCCEEDED);
    }

    @Test
    void aFailureOfAnOlderAttemptIsStaleButTheCurrentOneFailsTheRun() {
        TrainingRun run = run();
        run.markStarted(2, NOW);
        assertThat(run.apply(failed(1), NOW)).isFalse();
        assertThat(run.state).isEqualTo(TrainingRun.State.RUNNING);
        assertThat(run.apply(failed(2), NOW)).isTrue();
        assertThat(run.state).isEqualTo(TrainingRun.State.FAILED);
        assertThat(run.message).isEqualTo("oom");
    }

    @Test
    void aCancelledRunThatTrainedAllTheSameIsRecordedAsSucceeded() {
        TrainingRun run = run();
        run.markStarted(1, NOW);
        assertThat(run.cancel("grouping 4 superseded it", NOW)).isTrue();
        assertThat(run.wasCancelled()).isTrue();
        assertThat(run.cancel("again", NOW)).as("only unfinished runs are cancelled").isFalse();
        assertThat(run.apply(failed(1), NOW)).isFalse();
        assertThat(run.apply(succeeded(1), NOW)).isTrue();
        assertThat(run.state).isEqualTo(TrainingRun.State.SUCCEEDED);
        assertThat(run.wasCancelled()).isFalse();
    }

    /** The fault drill's case: a newer grouping cancels a pending run before its first attempt is recorded. */
    @Test
    void aRunCancelledBeforeItsFirstAttemptRefusesThatAttempt() {
        TrainingRun run = run();
        assertThat(run.cancel("grouping 2 superseded build 1", NOW)).isTrue();
        assertThat(run.markStarted(1, NOW)).as("the executor must not start it").isFalse();
        assertThat(run.attempt).isZero();
        assertThat(run.wasCancelled()).isTrue();
    }

    @Test
    void aClaimStartsTheNextAttemptAndClearsTheLastOutcome() {
        TrainingRun run = run();
        run.markStarted(1, NOW);
        run.apply(failed(1), NOW);
        run.claim(2, NOW);
        assertThat(run.state).isEqualTo(TrainingRun.State.RUNNING);
        assertThat(run.attempt).isEqualTo(2);
        assertThat(run.message).isNull();
        assertThat(run.metrics).isNull();
        assertThat(run.finishedAt).isNull();
    }
}
