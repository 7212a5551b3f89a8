package org.affinityensemble.affinity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import org.affinityensemble.quarkus.ProjectionVersionKey;

/** A published version of the affinity matrix, kept as JSON (tasks, dataset revisions, matrix). */
@Entity
@IdClass(ProjectionVersionKey.class)
@Table(name = "affinity_version")
public class AffinityVersion {

    @Id
    @Column(name = "projection_id")
    public String projectionId;

    @Id
    public long version;

    /** The tasks with their revisions, {@code a@1,b@1}: what the matrix was computed on. */
    @Column(nullable = false, columnDefinition = "text")
    public String revisions;

    @Column(nullable = false, columnDefinition = "text")
    public String tasksJson;

    @Column(nullable = false, columnDefinition = "text")
    public String matrixJson;

    public int subsets;

    public int subsetsEstimated;

    public double seconds;

    public String metric;

    /** The {@code EstimatorChoice} key of the estimator behind it; null for versions from before it was kept. */
    @Column(length = 1000)
    public String estimator;

    public Instant createdAt;

    /**
     * When this version was stored and not yet published (the outbox, ADR 0100); null once Kafka acknowledged it,
     * and for versions stored before the outbox existed.
     */
    public Instant pendingSince;
}
