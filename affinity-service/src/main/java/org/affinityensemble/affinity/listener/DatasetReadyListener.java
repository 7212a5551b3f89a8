package org.affinityensemble.affinity.listener;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.affinity.service.KnownDatasets;
import org.affinityensemble.events.DatasetReady;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.quarkus.Retries;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Learns the ready datasets; unreadable announcements go to {@code ensemble.datasets.ready.dlq}. */
@ApplicationScoped
public class DatasetReadyListener {

    @Inject
    KnownDatasets datasets;

    @Incoming("datasets-ready")
    public Uni<Void> consume(String payload) {
        DatasetReady ready;
        try {
            ready = EventCodec.decode(payload, DatasetReady.class);
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(e);
        }
        return Retries.backingOff(() -> datasets.record(ready));
    }
}
