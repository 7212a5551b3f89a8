package org.affinityensemble.quarkus;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.affinityensemble.storage.MinioObjectStore;
import org.affinityensemble.storage.ObjectStore;

/**
 * The object store, connected on first use (so the service starts while the store is still coming up); read-only
 * where {@code ensemble.s3.read-only} says so.
 */
@jakarta.enterprise.context.Dependent
@IfBuildProperty(name = "ensemble.s3.enabled", stringValue = "true")
public class ObjectStoreProducer {

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(S3Config config) {
        return config.readOnly() ? MinioObjectStore.connectReadOnly(config.settings())
                : MinioObjectStore.connect(config.settings());
    }
}
