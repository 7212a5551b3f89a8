package org.affinityensemble.cluster.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.affinityensemble.cluster.entity.GroupingVersion;
import org.affinityensemble.cluster.repository.GroupingVersionRepository;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.quarkus.KeyedMessages;
import org.affinityensemble.quarkus.Outbox;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes the stored groupings that are not yet published, in version order (the outbox, ADR 0100): after each
 * new grouping and every {@code ensemble.outbox.interval}, so that a grouping stored by a process that died before
 * sending it, or while the broker was away, is published once it is back.
 */
@ApplicationScoped
public class GroupingPublisher {

    private static final Logger LOG = Logger.getLogger(GroupingPublisher.class);

    @Inject
    GroupingVersionRepository versions;

    @Inject
    @Channel("groupings")
    MutinyEmitter<String> groupingEvents;

    private Outbox<GroupingVersion> outbox;

    @PostConstruct
    void create() {
        outbox = new Outbox<>("groupings", groupingEvents, this::pending,
                version -> KeyedMessages.of(version.projectionId, GroupingService.eventOf(version)),
                this::markPublished);
    }

    /** Publishes what is pending; a failure is logged and left to the next drain. */
    public Uni<Integer> publishPending() {
        return outbox.drain().onFailure().recoverWithItem(0);
    }

    @Scheduled(every = "${ensemble.outbox.interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> onTimer() {
        return publishPending().replaceWithVoid();
    }

    @WithSession
    Uni<List<GroupingVersion>> pending() {
        return versions.pending();
    }

    @WithTransaction
    Uni<Void> markPublished(GroupingVersion version) {
        GroupingUpdated event = GroupingService.eventOf(version);
        return versions.markPublished(version.projectionId, version.version).invoke(() -> LOG.infof(
                "grouping v%d published: %d groups, changed %s", event.groupingVersion(), event.groups().size(),
                event.changedGroups())).replaceWithVoid();
    }
}
