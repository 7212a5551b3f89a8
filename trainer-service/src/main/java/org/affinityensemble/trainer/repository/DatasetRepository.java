package org.affinityensemble.trainer.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.affinityensemble.trainer.entity.Dataset;

@ApplicationScoped
public class DatasetRepository implements PanacheRepositoryBase<Dataset, String> {
}
