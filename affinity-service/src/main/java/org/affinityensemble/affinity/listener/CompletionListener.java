package org.affinityensemble.affinity.listener;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.affinityensemble.affinity.config.AffinitySettings;
import org.affinityensemble.affinity.service.AffinityPublisher;
import org.affinityensemble.affinity.service.AffinityService;
import org.affinityensemble.affinity.service.GradientStore;
import org.affinityensemble.affinity.service.KnownDatasets;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientsCompleted;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.quarkus.Retries;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * On a dataset's gradient completion: waits until all its batches are stored (they were published before the
 * completion, on another topic), brings the affinity matrix up to date, stores the new version and publishes it
 * through the outbox. Runs one completion at a time, so versions never race; a repeated completion publishes nothing
 * new.
 */
@ApplicationScoped
public class CompletionListener {

    @Inject
    GradientStore store;

    @Inject
    AffinityService affinity;

    @Inject
    AffinitySettings settings;

    @Inject
    AffinityPublisher publisher;

    @Inject
    KnownDatasets datasets;

    @Incoming("gradients-completed")
    public Uni<Void> consume(String payload) {
        GradientsCompleted completed;
        try {
            completed = EventCodec.decode(payload, GradientsCompleted.class);
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(e);
        }
        return datasets.require(completed.datasetId(), completed.revision(), List.of())
                .flatMap(ignored -> Retries.backingOff(() -> store.complete(completed)))
                .flatMap(ignored -> awaitStored(completed))
                .flatMap(ignored -> Retries.backingOff(() -> affinity.update(completed.projection())))
                .flatMap(ignored -> publisher.publishPending())
                .replaceWithVoid();
    }

    private Uni<Void> awaitStored(GradientsCompleted completed) {
        String projectionId = completed.projection().id();
        Duration wait = settings.gradientWait();
        return Uni.createFrom().deferred(() -> store.readyTasks(projectionId))
                .flatMap(ready -> ready.stream().anyMatch(t -> t.datasetId().equals(completed.datasetId())
                        && t.revision() >= completed.revision())
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new IllegalStateException("waiting for gradients")))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).expireIn(wait.toMillis())
                .onFailure().transform(e -> new InvalidEventException("gradients of " + completed.datasetId() + " r"
                        + completed.revision() + " were not all stored within " + wait + " ("
                        + completed.examples() + " expected)"));
    }
}
