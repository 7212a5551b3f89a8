package org.affinityensemble.trainer.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.events.TrainingResult;
import org.junit.jupiter.api.Test;

/** The attempt limit holds across restarts: resuming a run interrupted on its last attempt fails it. */
class LocalTrainingExecutorTest {

    @Test
    void aRunInterruptedOnItsLastAttemptFailsInsteadOfStartingAgain() {
        List<TrainingResult> published = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        try (LocalTrainingExecutor executor = new LocalTrainingExecutor(null, null, published::add,
                (runId, attempt) -> started.add(attempt), 3)) {
            executor.resume("run-oom", "g-1", 3);
        }
        assertThat(started).as("no fourth attempt").isEmpty();
        assertThat(published).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(TrainingResult.Status.FAILED);
            assertThat(result.attempt()).isEqualTo(3);
            assertThat(result.message()).contains("attempt 3 of 3 was interrupted");
        });
    }
}
