package org.affinityensemble.trainer.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.trainer.entity.TrainingRun;
import org.affinityensemble.trainer.repository.TrainingRunRepository;
import org.affinityensemble.training.run.MetaAdapterRun;
import org.affinityensemble.training.run.TaskSource;
import org.affinityensemble.training.run.TrainingRunSpec;

/**
 * Training runs in PostgreSQL: their attempts and outcomes. Every change is one transaction and idempotent for a
 * redelivered event; the rules of a change are the run's own ({@link TrainingRun#apply}, {@link TrainingRun#claim}).
 */
@ApplicationScoped
public class RunLedger {

    @Inject
    TrainingRunRepository runs;

    @Inject
    AdapterLedger adapters;

    @Inject
    MetaAdapterLedger metaAdapters;

    @WithSession
    public Uni<List<TrainingRun>> runningRuns() {
        return runs.inState(TrainingRun.State.RUNNING);
    }

    /**
     * Notes that an attempt of a run starts; false, changing nothing, for a run that is unknown, has finished (a
     * newer grouping's build may cancel a run between a build reading it as pending and its start) or is at a newer
     * attempt: that attempt must not start.
     */
    @WithTransaction
    public Uni<Boolean> markStarted(String runId, int attempt) {
        return runs.findById(runId).map(run -> run != null && run.markStarted(attempt, Instant.now()));
    }

    /**
     * Applies a run's result ({@link TrainingRun#apply}) if it is from a run this trainer launched
     * ({@link ResultProvenance}; otherwise fails with the reason) and, for a success, registers what it trained: a
     * group or boosting adapter, or the meta-initialisation θ*. Returns whether it changed the run.
     */
    @WithTransaction
    public Uni<Boolean> recordResult(TrainingResult result) {
        return runs.findById(result.runId()).flatMap(run -> {
            if (run == null) {
                return Uni.createFrom().failure(ResultProvenance.unknownRun(result));
            }
            ResultProvenance.check(run, result);
            if (!run.apply(result, Instant.now())) {
                return Uni.createFrom().item(false);
            }
            if (run.state != TrainingRun.State.SUCCEEDED) {
                return Uni.createFrom().item(true);
            }
            return (run.kind == Kind.META ? metaAdapters.register(run, result) : adapters.register(run, result))
                    .replaceWith(true);
        });
    }

    /**
     * Claims the run of a meta-initialisation θ* ({@link MetaAdapterRun}) for an attempt, or returns null when none
     * should start: while a θ* run is unfinished (this one or another), after this one SUCCEEDED, and after it
     * FAILED unless {@code retryFailed}. A claimed run is RUNNING at its next attempt before the executor starts it,
     * so two passes never start it twice, and a crash before the start is resumed like any running run.
     */
    @WithTransaction
    public Uni<TrainingRun> claimMetaRun(TrainingRunSpec spec, boolean retryFailed) {
        return runs.list("kind = ?1 and state in ?2", Kind.META,
                List.of(TrainingRun.State.PENDING, TrainingRun.State.RUNNING)).flatMap(open -> {
                    if (!open.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    return runs.findById(spec.runId()).flatMap(existing -> {
                        if (existing != null) {
                            return Uni.createFrom().item(existing.state == TrainingRun.State.FAILED && retryFailed
                                    ? existing.claim(existing.attempt + 1, Instant.now()) : null);
                        }
                        TrainingRun run = TrainingRun.pending(spec.runId(), 0, spec.groupId(), Kind.META,
                                spec.tasks().stream().map(TaskSource::taskId).toList(),
                                String.join(",", MetaAdapterRun.datasets(spec.tasks())), spec.adapterId(),
                                Instant.now());
                        return runs.persist(run.claim(1, Instant.now()));
                    });
                });
    }

    /** The newest run of a meta-initialisation, or null. */
    @WithSession
    public Uni<TrainingRun> latestMetaRun() {
        return runs.find("kind = ?1", Sort.descending("createdAt"), Kind.META).firstResult();
    }

    @WithSession
    public Uni<List<TrainingRun>> all() {
        return runs.listAll(Sort.by("createdAt"));
    }

    @WithSession
    public Uni<TrainingRun> run(String runId) {
        return runs.findById(runId);
    }
}
