package org.affinityensemble.trainer.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.trainer.entity.StoredAdapter;

/** Stored adapters by id, and the newest one of a group membership. */
@ApplicationScoped
public class StoredAdapterRepository implements PanacheRepositoryBase<StoredAdapter, String> {

    /** The newest group adapter trained on exactly this membership (tasks and data revisions), if any. */
    public Uni<StoredAdapter> latestForMembership(String groupId, String membershipKey) {
        return find("kind = ?1 and groupId = ?2 and membershipKey = ?3", Sort.descending("createdAt"), Kind.GROUP,
                groupId, membershipKey).firstResult();
    }
}
