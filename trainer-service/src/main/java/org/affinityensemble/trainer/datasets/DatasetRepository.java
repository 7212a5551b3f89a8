package org.affinityensemble.trainer.datasets;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class DatasetRepository implements PanacheRepositoryBase<Dataset, String> {
}
