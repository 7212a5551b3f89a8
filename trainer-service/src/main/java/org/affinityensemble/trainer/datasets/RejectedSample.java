package org.affinityensemble.trainer.datasets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A sample of a declared dataset that was sent to the dead-letter topic, kept so that the sealed count can
 * be reconciled (accepted + rejected = announced). Keyed like a sample, so redelivery counts it once.
 */
@Entity
@IdClass(SampleKey.class)
@Table(name = "rejected_sample")
public class RejectedSample {

    @Id
    public String datasetId;

    @Id
    public String sampleId;

    @Column(nullable = false, columnDefinition = "text")
    public String reason;

    public Instant rejectedAt;
}
