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
}
