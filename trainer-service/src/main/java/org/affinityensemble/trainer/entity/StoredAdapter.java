package org.affinityensemble.trainer.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;

/** A trained adapter in the object store (PEFT layout under {@code prefix}) and what it was trained on. */
@Entity
@Table(name = "adapter", indexes = @Index(name = "adapter_group", columnList = "groupId"))
public class StoredAdapter {

    @Id
    public String adapterId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(nullable = false)
    public String groupId;

    @Convert(converter = StringListConverter.class)
    @Column(nullable = false, columnDefinition = "text")
    public List<String> tasks;

    @Column(nullable = false, columnDefinition = "text")
    public String membershipKey;

    @Column(nullable = false)
    public String prefix;

    public String runId;

    public long groupingVersion;

    @Convert(converter = JsonColumns.Metrics.class)
    @Column(columnDefinition = "text")
    public Map<String, Double> metrics;

    public Instant createdAt;
}
