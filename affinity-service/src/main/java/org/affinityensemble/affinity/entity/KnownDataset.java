package org.affinityensemble.affinity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A dataset announced on {@code ensemble.datasets.ready}: gradients and completions of any other dataset, of a
 * newer revision, or with a label index outside its labels are rejected to their dead-letter topics.
 */
@Entity
@Table(name = "known_dataset")
public class KnownDataset {

    @Id
    @Column(name = "dataset_id")
    public String datasetId;

    /** The newest revision announced. */
    public int revision;

    public int labelCount;

    public Instant readyAt;
}
