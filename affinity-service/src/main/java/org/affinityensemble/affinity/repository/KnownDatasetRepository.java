package org.affinityensemble.affinity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.affinityensemble.affinity.entity.KnownDataset;

@ApplicationScoped
public class KnownDatasetRepository implements PanacheRepositoryBase<KnownDataset, String> {
}
