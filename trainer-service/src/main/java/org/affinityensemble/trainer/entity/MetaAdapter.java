package org.affinityensemble.trainer.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.StartAdapter;

/**
 * A meta-initialisation θ*: one adapter trained on every dataset ready at the time (A and B) by a training run of
 * kind META, stored in the PEFT layout under {@code prefix}. Gradients are taken at it and every group and boosting adapter starts from it
 * (docs/training.md, ADR 0047). A deployment has at most one.
 */
@Entity
@Table(name = "meta_adapter")
public class MetaAdapter {

    @Id
    public String adapterId;

    /** The datasets θ* was trained on, {@code id@revision}, sorted. */
    @Convert(converter = StringListConverter.class)
    @Column(nullable = false, columnDefinition = "text")
    public List<String> datasets;

    /** Whether A stays at θ*'s value in every adapter trained from it. */
    public boolean frozenA;

    public int epochs;

    public long trainExamples;

    /** {@code train_loss_epoch_E} for each epoch, {@code seconds}. */
    @Convert(converter = JsonColumns.Metrics.class)
    @Column(columnDefinition = "text")
    public Map<String, Double> metrics;

    @Column(nullable = false)
    public String prefix;

    /** The training run that trained it. */
    public String runId;

    public Instant createdAt;

    /** What gradient requests and training run specs carry. */
    public StartAdapter start() {
        return new StartAdapter(adapterId, frozenA);
    }
}
