package org.affinityensemble.affinity.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.affinityensemble.affinity.entity.AffinityVersion;
import org.affinityensemble.affinity.repository.AffinityVersionRepository;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.quarkus.KeyedMessages;
import org.affinityensemble.quarkus.Outbox;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes the stored affinity versions that are not yet published, in version order (the outbox, ADR 0100):
 * after each new version and every {@code ensemble.outbox.interval}, so that a version stored by a process that
 * died before sending it, or while the broker was away, is published once it is back.
 */
@ApplicationScoped
public class AffinityPublisher {

    private static final Logger LOG = Logger.getLogger(AffinityPublisher.class);

    @Inject
    AffinityVersionRepository versions;

    @Inject
    @Channel("affinity")
    MutinyEmitter<String> affinityEvents;

    private Outbox<AffinityVersion> outbox;

    @PostConstruct
    void create() {
        outbox = new Outbox<>("affinity", affinityEvents, this::pending,
                version -> KeyedMessages.of(version.projectionId, eventOf(version)), this::markPublished);
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
    Uni<List<AffinityVersion>> pending() {
        return versions.pending();
    }

    @WithTransaction
    Uni<Void> markPublished(AffinityVersion version) {
        return versions.markPublished(version.projectionId, version.version).invoke(() -> LOG.infof(
                "affinity v%d of projection %s published: %d tasks", version.version, version.projectionId,
                eventOf(version).tasks().size())).replaceWithVoid();
    }

    static AffinityUpdated eventOf(AffinityVersion version) {
        try {
            List<String> tasks = EventCodec.mapper().readValue(version.tasksJson, new TypeReference<List<String>>() {
            });
            double[][] matrix = EventCodec.mapper().readValue(version.matrixJson, double[][].class);
            return new AffinityUpdated(version.version, version.projectionId, tasks, matrix, version.subsets,
                    version.metric);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt stored affinity version " + version.version, e);
        }
    }
}
