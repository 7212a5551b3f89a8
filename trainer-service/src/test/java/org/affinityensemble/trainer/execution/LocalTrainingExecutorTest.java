package org.affinityensemble.trainer.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.quarkus.Retries;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.ObjectStoreException;
import org.junit.jupiter.api.Test;

/**
 * The attempt limit holds across restarts: resuming a run interrupted on its last attempt fails it. An attempt that
 * fails because the object store is away runs again as the same attempt, after a back-off, for as long as it is away;
 * one that fails otherwise is retried under the next attempt after a back-off.
 */
class LocalTrainingExecutorTest {

    @Test
    void aRunInterruptedOnItsLastAttemptFailsInsteadOfStartingAgain() {
        List<TrainingResult> published = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        try (LocalTrainingExecutor executor = new LocalTrainingExecutor(null, null, published::add,
                (runId, attempt) -> started.add(attempt), 3, Duration.ofMillis(10))) {
            executor.resume("run-oom", "g-1", 3);
        }
        assertThat(started).as("no fourth attempt").isEmpty();
        assertThat(published).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(TrainingResult.Status.FAILED);
            assertThat(result.attempt()).isEqualTo(3);
            assertThat(result.message()).contains("attempt 3 of 3 was interrupted");
        });
    }

    @Test
    void anObjectStoreAwayIsWaitedForWithoutSpendingAttempts() throws Exception {
        List<TrainingResult> published = new CopyOnWriteArrayList<>();
        List<Integer> started = new CopyOnWriteArrayList<>();
        // away for the first three reads, then back with a spec that is not valid: a failure of the run itself
        FlakyStore store = new FlakyStore(3);
        try (LocalTrainingExecutor executor = new LocalTrainingExecutor(store, null, published::add,
                (runId, attempt) -> started.add(attempt), 2, Duration.ofMillis(20))) {
            executor.start("run-s3-blip", "g-1", 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !published.isEmpty());
        }

        assertThat(started).as("waiting for the store spends no attempt").containsExactly(1, 2);
        assertThat(store.reads.get()).as("3 reads while away, then one per attempt").isEqualTo(5);
        assertThat(published).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(TrainingResult.Status.FAILED);
            assertThat(result.attempt()).isEqualTo(2);
            assertThat(result.message()).contains("attempt 2 of 2 failed");
        });
    }

    @Test
    void theNextAttemptWaitsItsBackOff() throws Exception {
        List<TrainingResult> published = new CopyOnWriteArrayList<>();
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        try (LocalTrainingExecutor executor = new LocalTrainingExecutor(new FlakyStore(0), null, published::add,
                (runId, attempt) -> startedAt.add(System.nanoTime()), 3, Duration.ofMillis(300))) {
            executor.start("run-broken", "g-1", 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !published.isEmpty());
        }

        assertThat(startedAt).hasSize(3);
        assertThat(Duration.ofNanos(startedAt.get(1) - startedAt.get(0))).as("300 ms before attempt 2")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(startedAt.get(2) - startedAt.get(1))).as("doubled before attempt 3")
                .isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(Retries.doubling(Duration.ofSeconds(5), 10, Duration.ofMinutes(1)))
                .isEqualTo(Duration.ofMinutes(1));
    }

    /**
     * A run the ledger refuses to start (a newer grouping cancelled it after a build read it as pending) is not
     * trained: its result would name an attempt the ledger never recorded, and be dead-lettered.
     */
    @Test
    void anAttemptTheLedgerRefusesIsNotTrained() throws Exception {
        List<TrainingResult> published = new CopyOnWriteArrayList<>();
        List<String> asked = new CopyOnWriteArrayList<>();
        FlakyStore store = new FlakyStore(0);
        try (LocalTrainingExecutor executor = new LocalTrainingExecutor(store, null, published::add,
                (runId, attempt) -> asked.add(runId) && !runId.equals("run-cancelled"), 1, Duration.ofMillis(10))) {
            executor.start("run-cancelled", "g-1", 1);
            executor.start("run-broken", "g-2", 1); // queued behind it on the one worker thread
            await().atMost(Duration.ofSeconds(10)).until(() -> !published.isEmpty());
        }

        assertThat(asked).containsExactly("run-cancelled", "run-broken");
        assertThat(store.reads.get()).as("only the started run read its spec").isEqualTo(1);
        assertThat(published).singleElement().satisfies(result -> assertThat(result.runId()).isEqualTo("run-broken"));
    }

    /** Refuses connections for its first {@code away} reads, then returns a spec that is not JSON. */
    private static final class FlakyStore implements ObjectStore {
        final AtomicInteger reads = new AtomicInteger();
        private final int away;

        FlakyStore(int away) {
            this.away = away;
        }

        @Override
        public String bucket() {
            return "flaky";
        }

        @Override
        public void put(String key, byte[] content, String contentType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void put(String key, InputStream content, long size, String contentType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<byte[]> find(String key) {
            if (reads.incrementAndGet() <= away) {
                throw new ObjectStoreException("S3 get " + key + " failed", new ConnectException("Connection refused"));
            }
            return Optional.of("not a spec".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public InputStream open(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean exists(String key) {
            return false;
        }

        @Override
        public List<String> list(String prefix) {
            return List.of();
        }

        @Override
        public void delete(String key) {
        }
    }
}
