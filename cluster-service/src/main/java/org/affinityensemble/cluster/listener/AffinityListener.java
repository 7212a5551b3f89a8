package org.affinityensemble.cluster.listener;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.cluster.service.GroupingService;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.quarkus.KeyedMessages;
import org.affinityensemble.quarkus.Retries;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Groups each new affinity matrix and publishes the grouping; bad messages go to {@code ensemble.affinity.dlq}. */
@ApplicationScoped
public class AffinityListener {

    private static final Logger LOG = Logger.getLogger(AffinityListener.class);

    @Inject
    GroupingService groupings;

    @Inject
    @Channel("groupings")
    MutinyEmitter<String> groupingEvents;

    @Incoming("affinity")
    public Uni<Void> consume(String payload) {
        AffinityUpdated affinity;
        try {
            affinity = EventCodec.decode(payload, AffinityUpdated.class);
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(e);
        }
        return Retries.backingOff(() -> groupings.group(affinity))
                .flatMap(update -> update == null ? Uni.createFrom().voidItem()
                        : groupingEvents.sendMessage(KeyedMessages.of(affinity.projectionId(), update))
                                .invoke(() -> LOG.infof("grouping v%d published: %d groups, changed %s",
                                        update.groupingVersion(), update.groups().size(), update.changedGroups())));
    }
}
