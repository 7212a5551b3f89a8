package org.affinityensemble.cluster.listener;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.cluster.service.GroupingPublisher;
import org.affinityensemble.cluster.service.GroupingService;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.quarkus.Retries;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Groups each new affinity matrix, stores the grouping and publishes it through the outbox; bad messages go to {@code ensemble.affinity.dlq}. */
@ApplicationScoped
public class AffinityListener {

    @Inject
    GroupingService groupings;

    @Inject
    GroupingPublisher publisher;

    @Incoming("affinity")
    public Uni<Void> consume(String payload) {
        AffinityUpdated affinity;
        try {
            affinity = EventCodec.decode(payload, AffinityUpdated.class);
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(e);
        }
        return Retries.backingOff(() -> groupings.group(affinity))
                .flatMap(ignored -> publisher.publishPending())
                .replaceWithVoid();
    }
}
