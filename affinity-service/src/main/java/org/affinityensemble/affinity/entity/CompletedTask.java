package org.affinityensemble.affinity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A task (dataset) whose gradients the gradient-service announced complete: how many examples to expect. It
 * takes part in the affinity matrix once that many are stored.
 */
@Entity
@IdClass(CompletedTask.Key.class)
@Table(name = "completed_task")
public class CompletedTask {

    @Id
    @Column(name = "projection_id")
    public String projectionId;

    @Id
    @Column(name = "dataset_id")
    public String datasetId;

    public int revision;

    public long expectedExamples;

    /** The projection dimension d. */
    public int dim;

    public Instant completedAt;

    /** The trainer's schedule from the completion ({@code TrainingSchedule} as JSON); null: the defaults. */
    @Column(name = "schedule_json")
    public String scheduleJson;

    /** The primary key. */
    public static class Key implements Serializable {
        public String projectionId;
        public String datasetId;

        public Key() {
        }

        public Key(String projectionId, String datasetId) {
            this.projectionId = projectionId;
            this.datasetId = datasetId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && projectionId.equals(k.projectionId) && datasetId.equals(k.datasetId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(projectionId, datasetId);
        }
    }
}
