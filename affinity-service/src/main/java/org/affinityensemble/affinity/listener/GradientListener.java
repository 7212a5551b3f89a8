package org.affinityensemble.affinity.listener;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.affinity.service.GradientStore;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientBatch;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.quarkus.Retries;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Stores each published gradient batch (idempotently); bad batches go to {@code ensemble.gradients.dlq}. */
@ApplicationScoped
public class GradientListener {

    @Inject
    GradientStore store;

    @Inject
    MeterRegistry metrics;

    @Incoming("gradients")
    public Uni<Void> consume(String payload) {
        GradientBatch batch;
        try {
            batch = EventCodec.decode(payload, GradientBatch.class);
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(e);
        }
        return Retries.backingOff(() -> store.store(batch))
                .invoke(stored -> metrics.counter("ensemble_affinity_gradients_stored_total", "dataset",
                        batch.datasetId()).increment(stored))
                .replaceWithVoid();
    }
}
