package org.affinityensemble.affinity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * One example's projected gradient and f0 under a projection, as the gradient-service published it. The
 * vector is kept as little-endian float32 (1,600 bytes for d = 400).
 */
@Entity
@IdClass(StoredGradient.Key.class)
@Table(name = "example_gradient", indexes = @Index(name = "example_gradient_task",
        columnList = "projection_id, dataset_id, revision, validation"))
public class StoredGradient {

    @Id
    @Column(name = "projection_id")
    public String projectionId;

    @Id
    @Column(name = "dataset_id")
    public String datasetId;

    @Id
    @Column(name = "revision")
    public int revision;

    @Id
    @Column(name = "sample_id")
    public String sampleId;

    @Column(name = "validation", nullable = false)
    public boolean validation;

    @Column(name = "f0", nullable = false)
    public double f0;

    @Column(name = "vector", nullable = false)
    public byte[] vector;

    /** The primary key. */
    public static class Key implements Serializable {
        public String projectionId;
        public String datasetId;
        public int revision;
        public String sampleId;

        public Key() {
        }

        public Key(String projectionId, String datasetId, int revision, String sampleId) {
            this.projectionId = projectionId;
            this.datasetId = datasetId;
            this.revision = revision;
            this.sampleId = sampleId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && projectionId.equals(k.projectionId) && datasetId.equals(k.datasetId)
                    && revision == k.revision && sampleId.equals(k.sampleId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(projectionId, datasetId, revision, sampleId);
        }
    }
}
