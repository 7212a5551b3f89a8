package org.affinityensemble.affinity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * The surrogate's estimate for one task of one subset. {@code revisions} names the dataset revisions the
 * subset was estimated on ({@code a@1,b@1}), so estimates of a dataset's older revision are not reused;
 * {@code estimator} names the estimator and its settings, so estimates of another are not reused either.
 */
@Entity
@IdClass(SubsetEstimateRow.Key.class)
@Table(name = "subset_estimate")
public class SubsetEstimateRow {

    @Id
    @Column(name = "projection_id")
    public String projectionId;

    @Id
    @Column(name = "subset_key", length = 4000)
    public String subsetKey;

    @Id
    @Column(name = "task_id")
    public String taskId;

    @Column(length = 4000)
    public String revisions;

    public double loss;

    public double accuracy;

    public int examples;

    /** The {@code EstimatorChoice} key of the estimator that made it; null for rows from before it was kept. */
    @Column(length = 1000)
    public String estimator;

    public int iterations;

    public double gradientNorm;

    /** The primary key. */
    public static class Key implements Serializable {
        public String projectionId;
        public String subsetKey;
        public String taskId;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && projectionId.equals(k.projectionId) && subsetKey.equals(k.subsetKey)
                    && taskId.equals(k.taskId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(projectionId, subsetKey, taskId);
        }
    }
}
