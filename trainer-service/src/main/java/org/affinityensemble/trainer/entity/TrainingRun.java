package org.affinityensemble.trainer.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;

/**
 * One training run: a group's adapter or a boosting adapter, with its current attempt and outcome. A run is
 * started once its spec is stored; its result arrives on {@code ensemble.training-results}.
 */
@Entity
@Table(name = "training_run")
public class TrainingRun {

    /** Where a run is. */
    public enum State {
        /** Recorded; spec not yet stored or the run not yet started. */
        PENDING,
        /** Started (attempt {@code attempt}); no result yet. */
        RUNNING,
        SUCCEEDED,
        FAILED;

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    @Id
    public String runId;

    public long groupingVersion;

    @Column(nullable = false)
    public String groupId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Convert(converter = StringListConverter.class)
    @Column(nullable = false, columnDefinition = "text")
    public List<String> tasks;

    /** The group's tasks with their data revisions: an adapter of the same group and key can be kept. */
    @Column(nullable = false, columnDefinition = "text")
    public String membershipKey;

    @Column(nullable = false)
    public String adapterId;

    public int attempt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Convert(converter = JsonColumns.Metrics.class)
    @Column(columnDefinition = "text")
    public Map<String, Double> metrics;

    @Column(columnDefinition = "text")
    public String message;

    public Instant createdAt;
    public Instant startedAt;
    public Instant finishedAt;

    @Version
    public long version;

    /**
     * The message of a run cancelled because no open build needs it any more. A cancelled run is FAILED with this
     * prefix rather than a state of its own: the column's check constraint, made by schema updates of earlier
     * releases, knows only the four states (ADR 0075).
     */
    public static final String CANCELLED = "cancelled: ";

    /** True for a run cancelled (see {@link #CANCELLED}); a result that still arrives for it is recorded. */
    public boolean wasCancelled() {
        return state == State.FAILED && message != null && message.startsWith(CANCELLED);
    }

    /** A new PENDING run (not persisted). */
    public static TrainingRun pending(String runId, long groupingVersion, String groupId, Kind kind, List<String> tasks,
            String membershipKey, String adapterId, Instant now) {
        TrainingRun run = new TrainingRun();
        run.runId = runId;
        run.groupingVersion = groupingVersion;
        run.groupId = groupId;
        run.kind = kind;
        run.tasks = List.copyOf(tasks);
        run.membershipKey = membershipKey;
        run.adapterId = adapterId;
        run.attempt = 0;
        run.state = State.PENDING;
        run.createdAt = now;
        return run;
    }

    /** Notes that an attempt started; never moves a run backwards (a finished run, an older attempt). */
    public boolean markStarted(int startedAttempt, Instant now) {
        if (state.finished() || startedAttempt < attempt) {
            return false;
        }
        attempt = startedAttempt;
        state = State.RUNNING;
        startedAt = now;
        return true;
    }

    /**
     * Applies a run's result: the first SUCCEEDED result of an unfinished run (or of a cancelled one that trained
     * all the same) completes it; a FAILED result of its current (or a later) attempt fails it; anything else is a
     * duplicate or stale and changes nothing. Returns whether the run changed.
     */
    public boolean apply(TrainingResult result, Instant now) {
        boolean trainedAfterAll = wasCancelled() && result.status() == TrainingResult.Status.SUCCEEDED;
        if (state.finished() && !trainedAfterAll) {
            return false;
        }
        if (result.status() == TrainingResult.Status.FAILED && result.attempt() < attempt) {
            return false;
        }
        metrics = result.metrics();
        message = result.message();
        finishedAt = now;
        if (result.status() == TrainingResult.Status.FAILED) {
            state = State.FAILED;
        } else {
            state = State.SUCCEEDED;
            attempt = Math.max(attempt, result.attempt());
        }
        return true;
    }

    /** Cancels an unfinished run no build needs any more; returns whether it was unfinished. */
    public boolean cancel(String reason, Instant now) {
        if (state.finished()) {
            return false;
        }
        state = State.FAILED;
        message = CANCELLED + reason;
        finishedAt = now;
        return true;
    }

    /** Claims the run for {@code nextAttempt}: RUNNING before the executor starts it, its last outcome cleared. */
    public TrainingRun claim(int nextAttempt, Instant now) {
        state = State.RUNNING;
        attempt = nextAttempt;
        startedAt = now;
        finishedAt = null;
        message = null;
        metrics = null;
        return this;
    }
}
