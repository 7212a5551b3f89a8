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
import java.util.Objects;
import java.util.Map;
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

    public Instant createdAt;
    public Instant readyAt;
    public Instant publishedAt;

    @Version
    public long version;

    /** The runs this build uses: its groups' runs (a group that keeps an earlier adapter has none), its boost runs. */
    public Set<String> runIds() {
        Set<String> ids = new HashSet<>(boostRuns);
        groups.stream().map(BuildGroup::runId).filter(Objects::nonNull).forEach(ids::add);
        return ids;
    }
}
