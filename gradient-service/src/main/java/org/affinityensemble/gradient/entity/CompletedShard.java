package org.affinityensemble.gradient.entity;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A shard whose gradients were published, under one projection. Shared by every worker instance, so that
 * whichever finishes a dataset's last shard announces the dataset complete.
 */
@Entity
@IdClass(CompletedShard.Key.class)
@Table(name = "completed_shard")
public class CompletedShard {

    @Id
    public String datasetId;

    @Id
    public int revision;

    @Id
    public String projectionId;

    @Id
    public int shard;

    public int shardCount;

    public int examples;

    public String worker;

    public Instant completedAt;

    /** The primary key. */
    public static class Key implements Serializable {
        public String datasetId;
        public int revision;
        public String projectionId;
        public int shard;

        public Key() {
        }

        public Key(String datasetId, int revision, String projectionId, int shard) {
            this.datasetId = datasetId;
            this.revision = revision;
            this.projectionId = projectionId;
            this.shard = shard;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && datasetId.equals(k.datasetId) && revision == k.revision
                    && projectionId.equals(k.projectionId) && shard == k.shard;
        }

        @Override
        public int hashCode() {
            return Objects.hash(datasetId, revision, projectionId, shard);
        }
    }
}
