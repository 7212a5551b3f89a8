package org.affinityensemble.trainer.datasets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import org.affinityensemble.events.Split;

/**
 * One accepted sample. {@code requestedSplit} is what the producer sent (possibly none); {@code split} is the
 * split it ended up in once the dataset was materialised.
 */
@Entity
@IdClass(SampleKey.class)
@Table(name = "sample", indexes = @Index(name = "sample_dataset", columnList = "datasetId"))
public class Sample {

    @Id
    public String datasetId;

    @Id
    public String sampleId;

    @Enumerated(EnumType.STRING)
    public Split requestedSplit;

    @Enumerated(EnumType.STRING)
    public Split split;

    @Column(nullable = false, columnDefinition = "text")
    public String text;

    public int label;

    /** True when this delivery carries the same content as the stored sample (a redelivery). */
    public boolean sameContent(Split otherSplit, String otherText, int otherLabel) {
        return requestedSplit == otherSplit && text.equals(otherText) && label == otherLabel;
    }
}
