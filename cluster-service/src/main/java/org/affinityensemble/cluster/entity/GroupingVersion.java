package org.affinityensemble.cluster.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import org.affinityensemble.quarkus.ProjectionVersionKey;

/** A published grouping: its groups (stable ids → tasks), which changed, and what it was computed from. */
@Entity
@IdClass(ProjectionVersionKey.class)
@Table(name = "grouping_version")
public class GroupingVersion {

    @Id
    @Column(name = "projection_id")
    public String projectionId;

    @Id
    public long version;

    public long affinityVersion;

    /** {"g-1":["a","b"],…} */
    @Column(nullable = false, columnDefinition = "text")
    public String groupsJson;

    @Column(nullable = false, columnDefinition = "text")
    public String changedJson;

    /** Every group id any version has used, so that a retired id is never reused. */
    @Column(nullable = false, columnDefinition = "text")
    public String idsEverUsedJson;

    public double objective;

    public String method;

    public double seconds;

    public Instant createdAt;

    /**
     * When this version was stored and not yet published (the outbox, ADR 0100); null once Kafka acknowledged it,
     * and for versions stored before the outbox existed.
     */
    public Instant pendingSince;
}
