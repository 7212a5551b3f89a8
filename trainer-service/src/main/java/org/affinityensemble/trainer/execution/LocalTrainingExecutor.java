package org.affinityensemble.trainer.execution;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.quarkus.Retries;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.ObjectStoreException;
import org.affinityensemble.training.run.TrainingResultSink;
import org.affinityensemble.training.run.TrainingRunSpec;
import org.affinityensemble.training.run.TrainingRunner;
import org.jboss.logging.Logger;

/**
 * Runs training in this process on one worker thread (the CPU trains one adapter at a time; runs queue). An attempt
 * that fails because the object store is away ({@link #objectStoreAway}) is run again,
 * as the same attempt, after a back-off that doubles from {@code backoff} to a minute, for as long as the dependency
 * is away; it resumes from the run's last checkpoint. An attempt that fails otherwise is retried under the next attempt
 * number after {@code backoff} doubled per attempt, until {@code maxAttempts}, then a FAILED result is published. A
 * run that was running when the process died cannot be followed, so {@link #resume} starts it again. A cancelled
 * run's queued attempts are skipped, and an attempt the run ledger refuses ({@link RunAttempts#started}) is not
 * started.
 */
public final class LocalTrainingExecutor implements TrainingExecutor, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalTrainingExecutor.class);

    private final ObjectStore store;
    private final Supplier<LanguageModel> model;
    private final TrainingResultSink results;
    private final RunAttempts attempts;
    private final int maxAttempts;
    /** Runs cancelled: their queued attempts are skipped, and no new attempt starts. */
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final Duration backoff;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-training");
        thread.setDaemon(true);
        return thread;
    });
    /** Holds attempts that wait for their back-off, so that the worker trains other runs meanwhile. */
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-training-backoff");
        thread.setDaemon(true);
        return thread;
    });

    public LocalTrainingExecutor(ObjectStore store, Supplier<LanguageModel> model, TrainingResultSink results,
            RunAttempts attempts, int maxAttempts, Duration backoff) {
        this.store = store;
        this.model = model;
        this.results = results;
        this.attempts = attempts;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    @Override
    public void start(String runId, String groupId, int attempt) {
        if (!attempts.started(runId, attempt)) {
            LOG.infof("training run %s attempt %d not started: the run has finished or moved on meanwhile", runId,
                    attempt);
            return;
        }
        worker.submit(() -> execute(runId, groupId, attempt, 0));
    }

    /** Starts the next attempt once its back-off has passed. */
    private void startLater(String runId, String groupId, int attempt, Duration delay) {
        delays.schedule(() -> {
            if (!cancelled.contains(runId)) {
                start(runId, groupId, attempt);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes over a run that was training when the process stopped: its next attempt, unless the interrupted one was
     * the last allowed. The attempt number is recorded before an attempt starts, so the limit holds across restarts: a
     * run whose attempts kill the process (out of memory) fails instead of restarting it forever.
     */
    @Override
    public void resume(String runId, String groupId, int attempt) {
        if (attempt >= maxAttempts) {
            LOG.warnf("training run %s: attempt %d of %d was interrupted by a stop of the trainer; the run fails",
                    runId, attempt, maxAttempts);
            results.publish(new TrainingResult(runId, groupId, attempt, TrainingResult.Status.FAILED, null, Map.of(),
                    "attempt " + attempt + " of " + maxAttempts + " was interrupted (the trainer stopped or was killed"
                            + " during it)"));
            return;
        }
        start(runId, groupId, attempt + 1);
    }

    /** A queued attempt is skipped when its turn comes; the one training now (one at a time) finishes. */
    @Override
    public void cancel(String runId) {
        cancelled.add(runId);
    }

    /** {@code waits}: how often this attempt already waited for a dependency that was away. */
    private void execute(String runId, String groupId, int attempt, int waits) {
        if (cancelled.contains(runId)) {
            LOG.infof("training run %s (attempt %d) was cancelled before it started", runId, attempt);
            return;
        }
        TrainingResult result;
        try {
            TrainingRunSpec spec = TrainingRunSpec.fromJson(store.get(TrainingRunSpec.key(runId)));
            LOG.infof("training run %s (group %s, attempt %d) in process", runId, groupId, attempt);
            result = new TrainingRunner(store, model.get()).run(spec, attempt);
        } catch (RuntimeException e) {
            if (objectStoreAway(e) && !cancelled.contains(runId)) {
                Duration delay = Retries.doubling(backoff, waits, Duration.ofMinutes(1));
                LOG.warnf("training run %s attempt %d: a dependency is away (%s); the attempt runs again in %d ms",
                        runId, attempt, e.toString(), delay.toMillis());
                delays.schedule(() -> worker.submit(() -> execute(runId, groupId, attempt, waits + 1)),
                        delay.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            LOG.errorf(e, "training run %s attempt %d failed", runId, attempt);
            if (attempt < maxAttempts && !cancelled.contains(runId)) {
                startLater(runId, groupId, attempt + 1, Retries.doubling(backoff, attempt - 1, Duration.ofMinutes(10)));
                return;
            }
            result = new TrainingResult(runId, groupId, attempt, TrainingResult.Status.FAILED, null, Map.of(),
                    "attempt " + attempt + " of " + maxAttempts + " failed: " + e);
        }
        try {
            results.publish(result);
        } catch (RuntimeException e) {
            LOG.errorf(e, "the result of run %s attempt %d could not be published; the run is resumed on the next "
                    + "start", runId, attempt);
        }
    }

    /**
     * Whether the object store could not be reached (an {@link ObjectStoreException} caused by a passing failure) —
     * not a run that fails by itself, such as a spec that does not parse (also an I/O exception, but not the store's).
     */
    static boolean objectStoreAway(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ObjectStoreException && Retries.isTransient(cause)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        delays.shutdownNow();
        worker.shutdownNow();
    }
}
