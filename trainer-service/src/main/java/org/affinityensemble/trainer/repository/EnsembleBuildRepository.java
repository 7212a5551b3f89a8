package org.affinityensemble.trainer.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.affinityensemble.trainer.entity.EnsembleBuild;

/** Builds, one per grouping version. */
@ApplicationScoped
public class EnsembleBuildRepository implements PanacheRepositoryBase<EnsembleBuild, Long> {

    public Uni<List<EnsembleBuild>> inStates(List<EnsembleBuild.State> states) {
        return list("state in ?1", Sort.by("groupingVersion"), states);
    }

    public Uni<List<EnsembleBuild>> readyInVersionOrder() {
        return list("state = ?1", Sort.by("ensembleVersion"), EnsembleBuild.State.READY);
    }

    public Uni<Long> highestEnsembleVersion() {
        return find("select coalesce(max(b.ensembleVersion), 0) from EnsembleBuild b").project(Long.class)
                .singleResult();
    }

    public Uni<EnsembleBuild> byEnsembleVersion(long ensembleVersion) {
        return find("ensembleVersion", ensembleVersion).firstResult();
    }
}
