package org.affinityensemble.trainer.datasets;

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
import org.affinityensemble.events.PromptSpec;
import org.affinityensemble.events.Split;
import org.affinityensemble.storage.StorageLayout;
import org.affinityensemble.trainer.entity.JsonColumns;
import org.affinityensemble.trainer.entity.StringListConverter;
import org.affinityensemble.training.run.TaskSource;

/** A registered dataset (one task): its labels, how far it has come, and what was materialised. */
@Entity
@Table(name = "dataset")
public class Dataset {

    /** Where a dataset is in its life. */
    public enum State {
        /** Declared; samples are arriving. */
        DECLARED,
        /** The producer sent the sealed marker; materialisation is under way. */
        SEALED,
        /** Split and materialised in the object store; the ready event was published. */
        READY
    }

    @Id
    public String id;

    @Convert(converter = StringListConverter.class)
    @Column(nullable = false, columnDefinition = "text")
    public List<String> labels;

    @Column(columnDefinition = "text")
    public String description;

    /** The declared prompt (template and label words) a decoder LM scores the labels by; null: the defaults. */
    @Convert(converter = JsonColumns.Prompt.class)
    @Column(columnDefinition = "text")
    public PromptSpec prompt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    /** The sample count the producer announced in its sealed marker. */
    public Long announcedCount;

    /**
     * Why the accepted and rejected samples fall short of {@link #announcedCount} (recorded when it was sealed), or
     * null when they account for every announced sample. A short dataset becomes ready with this reason on record.
     */
    @Column(length = 1000)
    public String shortfall;

    public int revision;

    public String contentSha256;

    public long trainCount;
    public long validationCount;
    public long testCount;

    /**
     * The revision and start point its gradient requests were last sent for ({@code r2@init}, {@code r2@meta-…}), or
     * null: requests are sent again when either changes, and held while a meta-initialisation is awaited.
     */
    public String gradientsRequested;

    /** The W3C traceparent of the message that sealed it: its gradient requests continue that trace. */
    @Column(length = 64)
    public String traceParent;

    public Instant declaredAt;
    public Instant sealedAt;
    public Instant readyAt;

    @Version
    public long version;

    public int labelIndex(String label) {
        return labels.indexOf(label);
    }

    /** Where this dataset's materialised splits are (its current revision). */
    public TaskSource source() {
        return new TaskSource(id, revision, labels, StorageLayout.datasetSplit(id, revision, Split.TRAIN),
                StorageLayout.datasetSplit(id, revision, Split.VALIDATION),
                testCount > 0 ? StorageLayout.datasetSplit(id, revision, Split.TEST) : null, prompt);
    }
}
