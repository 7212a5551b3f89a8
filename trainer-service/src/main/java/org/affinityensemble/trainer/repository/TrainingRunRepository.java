package org.affinityensemble.trainer.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.trainer.entity.TrainingRun;

/** Training runs by id. */
@ApplicationScoped
public class TrainingRunRepository implements PanacheRepositoryBase<TrainingRun, String> {

    public Uni<List<TrainingRun>> byIds(Collection<String> runIds) {
        return runIds.isEmpty() ? Uni.createFrom().item(List.of()) : list("runId in ?1", runIds);
    }

    public Uni<List<TrainingRun>> inState(TrainingRun.State state) {
        return list("state", Sort.by("createdAt"), state);
    }

    /** The newest unfinished run of a group with the given membership, or null. */
    public Uni<TrainingRun> openGroupRun(String groupId, String membershipKey) {
        return find("kind = ?1 and groupId = ?2 and membershipKey = ?3 and state in ?4", Sort.descending("createdAt"),
                Kind.GROUP, groupId, membershipKey, List.of(TrainingRun.State.PENDING, TrainingRun.State.RUNNING))
                .firstResult();
    }

    public Uni<List<TrainingRun>> ofGroupingVersion(long groupingVersion) {
        return list("groupingVersion", Sort.by("createdAt"), groupingVersion);
    }
}
