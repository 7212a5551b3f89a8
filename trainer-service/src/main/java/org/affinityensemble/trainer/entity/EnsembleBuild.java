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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.affinityensemble.training.run.TaskSource;

/**
 * The ensemble being built for one grouping version, and its publication (outbox): the manifest is written and the
 * ensemble version assigned when the build becomes READY, in one transaction; the event is sent afterwards and
 * the build marked PUBLISHED, so a restart in between sends it again at most once more per crash, never for
 * another version.
 */
@Entity
@Table(name = "ensemble_build")
public class EnsembleBuild {

    /** Where a build is. */
    public enum State {
        /** Group adapters are training. */
        TRAINING,
        /** Boosting adapters are training. */
        BOOSTING,
        /** Manifest written, version assigned, event not yet sent. */
        READY,
        /** The ensemble event was sent. */
        PUBLISHED,
        /** A run failed for good, or the data was not there. */
        FAILED,
        /** A newer grouping arrived before this one was ready. */
        SUPERSEDED;

        public boolean open() {
            return this == TRAINING || this == BOOSTING;
        }
    }

    @Id
    public long groupingVersion;

    public long affinityVersion;

    public String projectionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Convert(converter = JsonColumns.Groups.class)
    @Column(nullable = false, columnDefinition = "text")
    public List<BuildGroup> groups;

    @Convert(converter = JsonColumns.Tasks.class)
    @Column(nullable = false, columnDefinition = "text")
    public List<TaskSource> tasks;

    /** The boosting runs created so far, in order. */
    @Convert(converter = StringListConverter.class)
    @Column(nullable = false, columnDefinition = "text")
    public List<String> boostRuns;

    @Column(unique = true)
    public Long ensembleVersion;

    public String manifestKey;

    @Convert(converter = JsonColumns.Scores.class)
    @Column(columnDefinition = "text")
    public Map<String, TaskResult> scores;

    @Column(columnDefinition = "text")
    public String failure;

    /** Each boosting adapter trained for this build, kept or dropped, and why (its group's validation loss). */
    @Convert(converter = StringListConverter.class)
    @Column(columnDefinition = "text")
    public List<String> boostDecisions;

    /** The W3C traceparent of the grouping message: training and publication continue that trace. */
    @Column(length = 64)
    public String traceParent;

    public Instant createdAt;
    public Instant readyAt;
    public Instant publishedAt;

    @Version
    public long version;

    /** A new TRAINING build of a grouping version, with no groups yet (not persisted). */
    public static EnsembleBuild training(long groupingVersion, long affinityVersion, String projectionId, Instant now) {
        EnsembleBuild build = new EnsembleBuild();
        build.groupingVersion = groupingVersion;
        build.affinityVersion = affinityVersion;
        build.projectionId = projectionId;
        build.state = State.TRAINING;
        build.groups = List.of();
        build.tasks = List.of();
        build.boostRuns = List.of();
        build.createdAt = now;
        return build;
    }

    /** Adds a boosting run (once) and moves an open build to BOOSTING; returns whether it was added. */
    public boolean addBoostRun(String runId) {
        if (!state.open() || boostRuns.contains(runId)) {
            return false;
        }
        List<String> runs = new java.util.ArrayList<>(boostRuns);
        runs.add(runId);
        boostRuns = runs;
        state = State.BOOSTING;
        return true;
    }

    /** Fails an open build (a closed one keeps its state); returns whether it was open. */
    public boolean fail(String reason) {
        if (!state.open()) {
            return false;
        }
        state = State.FAILED;
        failure = reason;
        return true;
    }

    /** The manifest is stored: an open build becomes READY for publication; returns whether it was open. */
    public boolean markReady(String key, Map<String, TaskResult> results, List<String> decisions, Instant now) {
        if (!state.open()) {
            return false;
        }
        state = State.READY;
        manifestKey = key;
        scores = results;
        boostDecisions = List.copyOf(decisions);
        readyAt = now;
        return true;
    }

    /** The event was sent: a READY build becomes PUBLISHED. */
    public boolean markPublished(Instant now) {
        if (state != State.READY) {
            return false;
        }
        state = State.PUBLISHED;
        publishedAt = now;
        return true;
    }

    /** The runs this build uses: its groups' runs (a group that keeps an earlier adapter has none), its boost runs. */
    public Set<String> runIds() {
        Set<String> ids = new HashSet<>(boostRuns);
        groups.stream().map(BuildGroup::runId).filter(Objects::nonNull).forEach(ids::add);
        return ids;
    }
}
