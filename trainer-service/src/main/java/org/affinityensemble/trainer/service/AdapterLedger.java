package org.affinityensemble.trainer.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.storage.StorageLayout;
import org.affinityensemble.trainer.entity.StoredAdapter;
import org.affinityensemble.trainer.entity.TrainingRun;
import org.affinityensemble.trainer.repository.StoredAdapterRepository;

/** The trained group and boosting adapters in PostgreSQL: each registered once, whatever duplicates arrive. */
@ApplicationScoped
public class AdapterLedger {

    @Inject
    StoredAdapterRepository adapters;

    /** Registers the adapter a successful group or boosting run trained (once; a duplicate result changes nothing). */
    @WithTransaction
    public Uni<Void> register(TrainingRun run, TrainingResult result) {
        return adapters.findById(run.adapterId).flatMap(existing -> existing != null ? Uni.createFrom().voidItem()
                : adapters.persist(of(run, result, Instant.now())).replaceWithVoid());
    }

    /** The adapter record of a successful run (not persisted). */
    static StoredAdapter of(TrainingRun run, TrainingResult result, Instant now) {
        StoredAdapter adapter = new StoredAdapter();
        adapter.adapterId = run.adapterId;
        adapter.kind = run.kind;
        adapter.groupId = run.groupId;
        adapter.tasks = run.tasks;
        adapter.membershipKey = run.membershipKey;
        adapter.prefix = prefixOf(run, result);
        adapter.runId = run.runId;
        adapter.groupingVersion = run.groupingVersion;
        adapter.metrics = result.metrics();
        adapter.createdAt = now;
        return adapter;
    }

    /** Where a run's adapter is: the prefix its result names, else the run's own. */
    static String prefixOf(TrainingRun run, TrainingResult result) {
        return result.adapterPrefix() != null ? result.adapterPrefix() : StorageLayout.adapterPrefix(run.adapterId);
    }

    /** The newest group adapter trained on exactly this membership (tasks, data revisions, start), or null. */
    @WithSession
    public Uni<StoredAdapter> latestForMembership(String groupId, String membershipKey) {
        return adapters.latestForMembership(groupId, membershipKey);
    }

    @WithSession
    public Uni<List<StoredAdapter>> all() {
        return adapters.listAll(Sort.by("createdAt"));
    }

    @WithSession
    public Uni<StoredAdapter> adapter(String adapterId) {
        return adapters.findById(adapterId);
    }

    /** The adapters of these ids, in the order given (missing ones left out). */
    @WithSession
    public Uni<List<StoredAdapter>> adapters(List<String> adapterIds) {
        return adapterIds.isEmpty() ? Uni.createFrom().item(List.of())
                : adapters.list("adapterId in ?1", adapterIds).map(list -> list.stream()
                        .sorted(Comparator.comparingInt(a -> adapterIds.indexOf(a.adapterId))).toList());
    }
}
