package org.affinityensemble.affinity.listener;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.affinityensemble.affinity.service.GradientStore;
import org.affinityensemble.affinity.service.KnownDatasets;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientBatch;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.quarkus.Retries;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores each published gradient batch (idempotently); bad batches (those of a dataset not announced ready, or with
 * a label it does not have, among them) go to {@code ensemble.gradients.dlq}.
 */
@ApplicationScoped
public class GradientListener {

    @Inject
    GradientStore store;

    @Inject
    KnownDatasets datasets;

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
        List<Integer> labels = batch.examples().stream().map(GradientBatch.ExampleGradient::label).distinct().toList();
        return datasets.require(batch.datasetId(), batch.revision(), labels)
                .flatMap(ignored -> Retries.backingOff(() -> store.store(batch)))
                .invoke(stored -> metrics.counter("ensemble_affinity_gradients_stored_total", "dataset",
                        batch.datasetId()).increment(stored))
                .replaceWithVoid();
    }
}
